package public

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// The guards every public form shares, as plain functions: a signed time
// stamp (the minimum fill time, and the puzzle's challenge) and a small
// SHA-256 proof of work that /static/pow.js solves in the browser.

// MinFill is the least time a person takes to fill a form; MaxFill is how
// long a form stays valid.
const (
	MinFill = 3 * time.Second
	MaxFill = 6 * time.Hour
)

// PowBits is how many leading zero bits the puzzle's hash must have: about
// 16,000 hashes on average, a moment for a browser, a cost for a flood.
const PowBits = 14

// Stamp makes the value of a form's hidden time stamp: the time it was
// served, a random part (so each challenge differs) and a signature.
func Stamp(key []byte, now time.Time) string {
	var r [8]byte
	rand.Read(r[:])
	body := strconv.FormatInt(now.Unix(), 10) + "." + hex.EncodeToString(r[:])
	return body + "." + sign(key, body)
}

func sign(key []byte, body string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// Stamp check results.
const (
	StampOK = iota
	StampBad
	StampTooFast
	StampExpired
)

// CheckStamp tells whether a time stamp is ours and the form was filled in
// a humanly possible time that has not run out.
func CheckStamp(key []byte, stamp string, now time.Time) int {
	i := strings.LastIndexByte(stamp, '.')
	if i < 0 || len(stamp) > 100 {
		return StampBad
	}
	body := stamp[:i]
	if !hmac.Equal([]byte(stamp[i+1:]), []byte(sign(key, body))) {
		return StampBad
	}
	sec, _, _ := strings.Cut(body, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return StampBad
	}
	age := now.Sub(time.Unix(n, 0))
	switch {
	case age < MinFill:
		return StampTooFast
	case age > MaxFill:
		return StampExpired
	}
	return StampOK
}

// Solved tells whether nonce solves the puzzle of a stamp: the SHA-256 of
// "stamp:nonce" starts with PowBits zero bits.
func Solved(stamp, nonce string) bool {
	if nonce == "" || len(nonce) > 32 {
		return false
	}
	sum := sha256.Sum256([]byte(stamp + ":" + nonce))
	zeros := 0
	for _, b := range sum {
		if b != 0 {
			zeros += bits.LeadingZeros8(b)
			break
		}
		zeros += 8
	}
	return zeros >= PowBits
}

// NewToken makes a private link's token (128 random bits) and the hash
// stored in its place.
func NewToken() (token, hash string) {
	var b [16]byte
	rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

// ClientHash is the stored form of a client address: keyed, so the stored
// value does not give the address back.
func ClientHash(key []byte, addr string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("client:" + addr))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
