package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"hagukumi/db"
	"hagukumi/rtw"
	"hagukumi/seal"
)

// keyFlags adds --key-file: the file of the keys that seal confidential
// content (return-to-work cases). By default it lies beside the SQLite
// file (./data/hagukumi.key), never inside the database, so that a backup
// of the database alone holds only ciphertext.
func keyFlags(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.KeyFile, "key-file", os.Getenv("HAGUKUMI_KEY_FILE"), "key file of sealed content (default: hagukumi.key beside the SQLite file, or ./data/hagukumi.key)")
}

func keyFilePath(cfg *Config) string {
	if cfg.KeyFile != "" {
		return cfg.KeyFile
	}
	if !db.IsPostgres(cfg.DB) && cfg.DB != "" {
		return filepath.Join(filepath.Dir(cfg.DB), "hagukumi.key")
	}
	return "./data/hagukumi.key"
}

// loadKeys finds the key ring for serving: HAGUKUMI_KEY (base64) wins,
// then the key file. A missing key file is created (mode 0600) when the
// database holds no sealed content yet; when it does, the server starts
// without a key and says so, since a fresh key could not open the old
// content. A nil ring means "no key": cases say the key is missing.
func loadKeys(ctx context.Context, cfg *Config, d *db.DB, stderr io.Writer) (*seal.Ring, error) {
	if v := os.Getenv("HAGUKUMI_KEY"); v != "" {
		return seal.FromEnv(v)
	}
	path := keyFilePath(cfg)
	r, err := seal.LoadFile(path)
	if !errors.Is(err, seal.ErrNoKey) {
		return r, err
	}
	sealed, err := rtw.HasSealed(ctx, d.R)
	if err != nil {
		return nil, err
	}
	if sealed {
		fmt.Fprintf(stderr, "警告: 暗号鍵ファイル %s がありません。復職支援の記録は表示できません（ほかの機能は使えます）。\n", path)
		return nil, nil
	}
	if err := seal.CreateFile(path); err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "暗号鍵ファイルを作成しました: %s（バックアップとは別の場所に保管してください）\n", path)
	return seal.LoadFile(path)
}

// keysCmd is `hagukumi keys rotate`: a new key goes in front of the key
// file and every sealed value is re-sealed with it.
func keysCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return fmt.Errorf("使い方: hagukumi keys rotate [--key-file FILE]")
	}
	var cfg Config
	fs := newFlags("keys rotate", &cfg, stderr)
	keyFlags(fs, &cfg)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	path := keyFilePath(&cfg)
	id, err := seal.AddKey(path)
	if err != nil {
		return err
	}
	r, err := seal.LoadFile(path)
	if err != nil {
		return err
	}
	n, err := rtw.Reseal(ctx, a.DB, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "新しい鍵 %s で %d 件を暗号化し直しました。古い鍵の行は %s に残っています。\n", id, n, path)
	return nil
}
