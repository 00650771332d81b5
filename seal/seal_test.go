package seal

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testRing(t *testing.T) *Ring {
	t.Helper()
	r, err := NewRing("k1", map[string][]byte{"k1": NewKey()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSealOpen(t *testing.T) {
	r := testRing(t)
	a, err := r.Seal("主治医の意見: 復職可", "rtw_case:1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.Seal("主治医の意見: 復職可", "rtw_case:1")
	if a == b {
		t.Error("two seals of one text are equal: the nonce is not random")
	}
	if !strings.HasPrefix(a, "k1:") || strings.Contains(a, "復職") {
		t.Errorf("sealed value %q: want key id prefix and no plain text", a)
	}
	got, err := r.Open(a, "rtw_case:1")
	if err != nil || got != "主治医の意見: 復職可" {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

// A changed byte anywhere, or the value moved to another case, fails.
func TestTamper(t *testing.T) {
	r := testRing(t)
	s, _ := r.Seal("メモ", "rtw_case:1")
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "k1:"))
	for i := range raw {
		c := append([]byte(nil), raw...)
		c[i] ^= 1
		if _, err := r.Open("k1:"+base64.StdEncoding.EncodeToString(c), "rtw_case:1"); !errors.Is(err, ErrTampered) {
			t.Fatalf("byte %d changed: err = %v, want ErrTampered", i, err)
		}
	}
	if _, err := r.Open(s, "rtw_case:2"); !errors.Is(err, ErrTampered) {
		t.Errorf("other case: err = %v, want ErrTampered", err)
	}
	if _, err := r.Open("k1:!!", "rtw_case:1"); !errors.Is(err, ErrTampered) {
		t.Errorf("bad base64: err = %v", err)
	}
}

func TestNoKey(t *testing.T) {
	var r *Ring
	if _, err := r.Seal("x", "a"); !errors.Is(err, ErrNoKey) {
		t.Errorf("Seal without key: %v", err)
	}
	s, _ := testRing(t).Seal("x", "a")
	if _, err := r.Open(s, "a"); !errors.Is(err, ErrNoKey) {
		t.Errorf("Open without key: %v", err)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "none.key")); !errors.Is(err, ErrNoKey) {
		t.Errorf("missing file: %v", err)
	}
}

func TestKeyFileAndRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "hagukumi.key")
	if err := CreateFile(path); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	if err := CreateFile(path); err == nil {
		t.Error("CreateFile overwrote an existing key")
	}
	r1, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := r1.Seal("前の鍵", "x")
	id, err := AddKey(path)
	if err != nil || id != "k2" {
		t.Fatalf("AddKey = %q, %v", id, err)
	}
	r2, err := LoadFile(path)
	if err != nil || r2.Current != "k2" {
		t.Fatalf("after rotation current = %v, %v", r2, err)
	}
	if got, err := r2.Open(old, "x"); err != nil || got != "前の鍵" {
		t.Errorf("old value after rotation: %q, %v", got, err)
	}
	env, err := FromEnv(base64.StdEncoding.EncodeToString(NewKey()))
	if err != nil || env.Current != "k1" || !env.Ready() {
		t.Errorf("FromEnv: %v, %v", env, err)
	}
}
