// Package seal encrypts confidential values at rest with AES-256-GCM from
// the standard library. A value is sealed as "<key id>:" followed by the
// base64 of a random 12-byte nonce and the ciphertext, so that a key can be
// rotated while old values are still readable, and the caller binds each
// value to the record it belongs to through the associated data: a value
// copied into another record does not open.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of an AES-256 key in bytes.
const KeySize = 32

// ErrNoKey means no key was configured or the key that sealed a value is
// not in the ring: the content cannot be read, everything else works.
var ErrNoKey = errors.New("seal: key missing")

// ErrTampered means a sealed value failed authentication: a byte changed,
// or the value was moved to another record. It is reported, never shown.
var ErrTampered = errors.New("seal: value altered or not for this record")

// Ring holds the keys by id; Current seals new values. A nil or empty
// ring seals nothing and opens nothing (ErrNoKey).
type Ring struct {
	Current string
	keys    map[string]cipher.AEAD
}

// NewRing makes a ring from keys by id; current names the sealing key.
func NewRing(current string, keys map[string][]byte) (*Ring, error) {
	r := &Ring{Current: current, keys: map[string]cipher.AEAD{}}
	for id, k := range keys {
		if id == "" || strings.ContainsAny(id, ": \n") {
			return nil, fmt.Errorf("seal: bad key id %q", id)
		}
		if len(k) != KeySize {
			return nil, fmt.Errorf("seal: key %s has %d bytes, want %d", id, len(k), KeySize)
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		r.keys[id] = aead
	}
	if _, ok := r.keys[current]; !ok && current != "" {
		return nil, fmt.Errorf("seal: current key %s not in the ring", current)
	}
	return r, nil
}

// Ready tells whether the ring can seal new values.
func (r *Ring) Ready() bool { return r != nil && r.keys[r.Current] != nil }

// Seal encrypts plain bound to ad (e.g. "rtw_case:12").
func (r *Ring) Seal(plain, ad string) (string, error) {
	if !r.Ready() {
		return "", ErrNoKey
	}
	aead := r.keys[r.Current]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := aead.Seal(nonce, nonce, []byte(plain), []byte(ad))
	return r.Current + ":" + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts a sealed value bound to ad. An empty value opens to "".
func (r *Ring) Open(sealed, ad string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	id, b64, ok := strings.Cut(sealed, ":")
	if !ok {
		return "", ErrTampered
	}
	if r == nil || r.keys[id] == nil {
		return "", ErrNoKey
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	aead := r.keys[id]
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", ErrTampered
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(ad))
	if err != nil {
		return "", ErrTampered
	}
	return string(plain), nil
}

// KeyID returns the id of the key that sealed a value ("" for none).
func KeyID(sealed string) string {
	id, _, _ := strings.Cut(sealed, ":")
	return id
}

// NewKey returns a fresh random key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return k
}
