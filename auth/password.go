package auth

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"hagukumi/apperr"
)

// Argon2id parameters follow the OWASP cheat sheet's smallest recommended
// setting (19 MiB, 2 passes), which keeps a login under 50 ms on two cores.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an encoded argon2id hash with a random salt.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// CheckPassword tells whether pw matches an encoded hash.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 10 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MinPasswordLength is the shortest password accepted (ASVS 6.2.1 asks 8;
// the city sets 10 because staff passwords guard personal data).
const MinPasswordLength = 10

//go:embed common_passwords.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// CheckPasswordPolicy refuses short and common passwords with a message.
func CheckPasswordPolicy(pw, login string) error {
	// Measured in bytes first, so that a huge input is refused before
	// anything walks through it.
	if len(pw) > MaxPasswordBytes {
		return apperr.Invalidf("パスワードは256文字以内にしてください。")
	}
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return apperr.Invalidf("パスワードは%d文字以上にしてください。", MinPasswordLength)
	}
	if utf8.RuneCountInString(pw) > 256 {
		return apperr.Invalidf("パスワードは256文字以内にしてください。")
	}
	lp := strings.ToLower(pw)
	if common[lp] || (login != "" && strings.Contains(lp, strings.ToLower(login))) {
		return apperr.Invalidf("推測されやすいパスワードは使えません。別のパスワードを設定してください。")
	}
	return nil
}

// RandomPassword makes a one-time password that is easy to type.
func RandomPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(out)
}

// RandomToken returns 32 random bytes, URL-safe encoded.
func RandomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
