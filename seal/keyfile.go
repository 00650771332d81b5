package seal

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The key file holds one key a line, "<id> <base64 of 32 bytes>"; the
// first line is the current key, the lines after it keep older keys so
// that values sealed before a rotation still open. It lives beside the
// database file, never inside it, and backups of the database do not
// include it.

// LoadFile reads a key file. A missing file is ErrNoKey.
func LoadFile(path string) (*Ring, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoKey
	}
	if err != nil {
		return nil, err
	}
	return parse(string(b))
}

func parse(text string) (*Ring, error) {
	keys := map[string][]byte{}
	current := ""
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, b64, ok := strings.Cut(line, " ")
		k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
		if !ok || err != nil {
			return nil, fmt.Errorf("seal: key file line %d is not \"<id> <base64>\"", n+1)
		}
		if current == "" {
			current = id
		}
		keys[id] = k
	}
	if current == "" {
		return nil, ErrNoKey
	}
	return NewRing(current, keys)
}

// FromEnv reads a key given by the environment: the base64 of 32 bytes,
// optionally preceded by "<id>:" (default id "k1").
func FromEnv(v string) (*Ring, error) {
	id, b64, ok := strings.Cut(strings.TrimSpace(v), ":")
	if !ok {
		id, b64 = "k1", id
	}
	k, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("seal: HAGUKUMI_KEY is not base64: %w", err)
	}
	return NewRing(id, map[string][]byte{id: k})
}

// CreateFile writes a new key file with one fresh key "k1", mode 0600,
// refusing to overwrite an existing file.
func CreateFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "k1 %s\n", base64.StdEncoding.EncodeToString(NewKey()))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// AddKey puts a fresh key in front of the key file, so it becomes the
// current key, and returns its id ("k<n+1>"). The old keys stay for
// values not yet re-sealed.
func AddKey(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	r, err := parse(string(b))
	if err != nil {
		return "", err
	}
	max := 0
	for id := range r.keys {
		if n, err := strconv.Atoi(strings.TrimPrefix(id, "k")); err == nil && n > max {
			max = n
		}
	}
	id := fmt.Sprintf("k%d", max+1)
	text := fmt.Sprintf("%s %s\n", id, base64.StdEncoding.EncodeToString(NewKey())) + string(b)
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
		return "", err
	}
	return id, os.Rename(tmp, path)
}
