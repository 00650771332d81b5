package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/demo"
	"hagukumi/sheet"
	"hagukumi/staff"
)

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "staff" {
		fmt.Fprintln(stderr, "使い方: hagukumi import staff [--dry-run] [--json] [--as-of DATE] [--retire-missing] [--confirm] FILE")
		return 2
	}
	var cfg Config
	fs := newFlags("import staff", &cfg, stderr)
	dry := fs.Bool("dry-run", false, "show what would change, change nothing")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	asOf := fs.String("as-of", "", "reference date (default today)")
	retire := fs.Bool("retire-missing", false, "mark staff missing from the file as 退職")
	confirm := fs.Bool("confirm", false, "apply even though the file has warnings (likely duplicates, probable typos in unit names)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "取り込むファイルを1つ指定してください。")
		return 2
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "エラー: ファイルを読めません:", err)
		return 1
	}
	opt := staff.ImportOptions{DryRun: *dry, RetireMissing: *retire, Confirm: *confirm}
	if *asOf != "" {
		if opt.AsOf, err = calendar.ParseDate(*asOf); err != nil {
			fmt.Fprintln(stderr, "エラー: --as-of:", err)
			return 2
		}
	} else {
		y, m, d := time.Now().Date()
		opt.AsOf = calendar.D(y, m, d)
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		opt.Progress = func(done, total int) {
			fmt.Fprintf(stderr, "\r取込中 %d / %d 行", done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "エラー:", err)
		return 1
	}
	defer a.DB.Close()
	res, err := a.Staff.Import(ctx, a.Muni.ID, audit.Actor{Login: "cli"}, file, data, opt)
	if err != nil {
		fmt.Fprintln(stderr, "エラー:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
	} else {
		for _, p := range res.Errors {
			if p.Line > 0 {
				fmt.Fprintf(stdout, "%d行目 %s: %s\n", p.Line, p.Column, p.Message)
			} else {
				fmt.Fprintf(stdout, "%s\n", p.Message)
			}
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(stdout, "警告 %d行目: %s\n", w.Line, w.Message)
		}
		if res.Padded > 0 {
			fmt.Fprintf(stdout, "先頭の 0 が落ちていた職員番号 %d 件に 0 を補いました（%d 桁）。\n", res.Padded, res.NumberWidth)
		}
		if len(res.Errors) > 0 {
			fmt.Fprintf(stdout, "誤りが %d 件あるため、取り込みませんでした（変更なし）。\n", len(res.Errors))
		} else if !*dry && !res.Applied {
			fmt.Fprintf(stdout, "確認が必要な警告が %d 件あるため、適用しませんでした（変更なし）。内容を確かめてから --confirm を付けて実行してください。\n", len(res.Warnings))
		} else {
			verb := "取り込みました"
			if *dry {
				verb = "取り込む内容です（--dry-run のため変更なし）"
			}
			fmt.Fprintf(stdout, "追加 %d 件、更新 %d 件、変更なし %d 件、退職 %d 件を%s。\n", res.Added, res.Updated, res.Unchanged, res.Retired, verb)
		}
	}
	if len(res.Errors) > 0 || (!*dry && !res.Applied) {
		return 1
	}
	return 0
}

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "staff" {
		return fmt.Errorf("使い方: hagukumi export staff [--format csv|xlsx] [--out FILE]")
	}
	var cfg Config
	fs := newFlags("export staff", &cfg, stderr)
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "output file (default standard output)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *format != "csv" && *format != "xlsx" {
		return fmt.Errorf("--format は csv か xlsx です")
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	fy := calendar.CurrentFY(time.Now())
	f := sheet.CSV
	if *format == "xlsx" {
		f = sheet.XLSX
	}
	return a.Staff.Export(ctx, w, f, a.Muni.ID, staff.Scope{}, staff.Filter{}, fy)
}

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("使い方: hagukumi token create --login NAME [--name LABEL] [--days N]")
	}
	var cfg Config
	fs := newFlags("token create", &cfg, stderr)
	login := fs.String("login", "", "the account the token acts as")
	name := fs.String("name", "cli", "a label for the token")
	days := fs.Int("days", 90, "days until the token expires (1-366)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *login == "" {
		return fmt.Errorf("--login を指定してください")
	}
	if *days < 1 || *days > 366 {
		return fmt.Errorf("--days は1から366までで指定してください")
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	u, _, err := a.Auth.UserByLogin(ctx, *login)
	if err != nil {
		return fmt.Errorf("利用者「%s」は見つかりません", *login)
	}
	tok, err := a.Auth.CreateTokenFor(ctx, audit.Actor{Login: "cli"}, u, *name, time.Duration(*days)*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}

func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return fmt.Errorf("使い方: hagukumi audit verify")
	}
	var cfg Config
	if err := newFlags("audit verify", &cfg, stderr).Parse(args[1:]); err != nil {
		return err
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	n, err := audit.Verify(ctx, a.DB.R)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "監査ログを検証しました: %d 件、改ざんはありません。\n", n)
	return nil
}

func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("demo", &cfg, stderr)
	n := fs.Int("staff", 1400, "number of synthetic staff (1,000 to 1,000,000)")
	munis := fs.Int("municipalities", 1, "spread the staff over this many municipalities")
	seed := fs.Int64("seed", 1, "random seed (same seed, same city)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	start := time.Now()
	total, err := demo.FillMany(ctx, a.DB, a.Staff, a.Muni, *munis, demo.Options{Staff: *n, Seed: *seed, Now: time.Now()})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "デモデータを作成しました: 職員 %d 人、%d 自治体（%.1f 秒）\n", total, *munis, time.Since(start).Seconds())
	return nil
}
