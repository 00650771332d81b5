// Command hagukumi serves the Hagukumi web application and runs its
// administrative commands. With no subcommand it serves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	hagukumiapp "hagukumi/app"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/demo"
	"hagukumi/notify"
	"hagukumi/rtw"
	"hagukumi/staff"
	"hagukumi/web"
)

// Config is everything the commands read from flags and the environment.
type Config struct {
	DB             string
	Addr           string
	PublicAddr     string // a second listener serving only the public site
	PublicURL      string // the public site's address as the internet sees it
	Demo           bool
	Secure         bool
	AdminPassword  string
	KeyFile        string
	RetentionYears int
	SMTP           notify.Config
}

const usage = `はぐくみ (Hagukumi) — 人財育成センター業務システム

使い方:
  hagukumi [serve] [--addr HOST:PORT] [--demo] [--db PATH|URL] [--smtp-addr HOST:PORT] [--smtp-from ADDR]   サーバーを起動（既定）
  hagukumi serve --public-addr HOST:PORT [--public-url URL]   公開サイトだけを別のアドレスでも提供
  hagukumi retention run [--as-of DATE]              保存期間を過ぎた個人情報（公開フォームの受付）を削除
  hagukumi migrate                                   データベースを最新の構造にする
  hagukumi import staff [--dry-run] [--json] [--as-of DATE] [--retire-missing] FILE
  hagukumi export staff [--format csv|xlsx] [--out FILE]
  hagukumi token create --login NAME [--name LABEL] [--days N]  APIトークンを発行（既定90日、標準出力にトークンのみ）
  hagukumi audit verify                              監査ログのハッシュ連鎖を検証
  hagukumi eligible --program CODE --fy YEAR [--json]   研修の対象者
  hagukumi backup FILE                               稼働中のままバックアップ（SQLite: VACUUM INTO、PostgreSQL: pg_dump）
  hagukumi restore FILE                              空のデータベースへ復元
  hagukumi keys rotate [--key-file FILE]             暗号鍵を追加し、復職支援の記録を新しい鍵で暗号化し直す
  hagukumi bench [--quick]                           ベンチマーク（BENCHMARKS.md）
  hagukumi demo [--staff N] [--municipalities M] [--seed S]   デモ用の架空の市を作成

共通: --db にSQLiteのファイルパスか postgres:// のURL（環境変数 HAGUKUMI_DB、既定 ./data/hagukumi.db）
暗号鍵: --key-file（環境変数 HAGUKUMI_KEY_FILE、既定はデータベースと同じフォルダの hagukumi.key）または HAGUKUMI_KEY（base64）
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// newFlags makes a flag set with the options every subcommand shares.
func newFlags(name string, cfg *Config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", envOr("HAGUKUMI_DB", "./data/hagukumi.db"), "SQLite file path or postgres:// URL")
	return fs
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, stdout, stderr)
	case "migrate":
		err = migrate(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "export":
		err = exportCmd(ctx, args, stdout, stderr)
	case "token":
		err = tokenCmd(ctx, args, stdout, stderr)
	case "audit":
		err = auditCmd(ctx, args, stdout, stderr)
	case "demo":
		err = demoCmd(ctx, args, stdout, stderr)
	case "eligible":
		err = eligibleCmd(ctx, args, stdout, stderr)
	case "backup":
		err = backupCmd(ctx, args, stdout, stderr)
	case "restore":
		err = restoreCmd(ctx, args, stdout, stderr)
	case "keys":
		err = keysCmd(ctx, args, stdout, stderr)
	case "bench":
		err = benchCmd(ctx, args, stdout, stderr)
	case "retention":
		err = retentionCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "不明なコマンドです: %s\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "エラー:", err)
		return 1
	}
	return 0
}

// app is an open database with its first municipality and admin in place.
type app struct {
	DB    *db.DB
	Muni  staff.Municipality
	Staff *staff.Store
	Auth  *auth.Store
}

// open opens the database, applies migrations and, on an empty database,
// creates the first municipality and the admin account, printing its
// one-time password on standard error.
func open(ctx context.Context, cfg *Config, stderr io.Writer) (*app, error) {
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	a := &app{DB: d, Staff: &staff.Store{DB: d}, Auth: &auth.Store{DB: d}}
	a.Muni, err = a.Staff.EnsureMunicipality(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	if err := a.ensureTraining(ctx); err != nil {
		d.Close()
		return nil, err
	}
	pw, err := a.Auth.EnsureAdmin(ctx, a.Muni.ID, os.Getenv("HAGUKUMI_ADMIN_PASSWORD"))
	if err != nil {
		d.Close()
		return nil, err
	}
	if pw != "" {
		fmt.Fprintf(stderr, "最初の管理者アカウントを作成しました。ログイン名: admin  初期パスワード: %s\n（初回ログイン時に変更を求めます。この表示は一度だけです）\n", pw)
	}
	return a, nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("serve", &cfg, stderr)
	fs.StringVar(&cfg.Addr, "addr", envOr("HAGUKUMI_ADDR", "127.0.0.1:8080"), "listen address HOST:PORT")
	fs.StringVar(&cfg.PublicAddr, "public-addr", os.Getenv("HAGUKUMI_PUBLIC_ADDR"), "second listen address HOST:PORT serving only the public site (/public/, /static/)")
	fs.StringVar(&cfg.PublicURL, "public-url", os.Getenv("HAGUKUMI_PUBLIC_URL"), "the public site's address as the internet sees it, for mailed links")
	fs.BoolVar(&cfg.Demo, "demo", false, "fill an empty database with a demo city")
	fs.BoolVar(&cfg.Secure, "secure", os.Getenv("HAGUKUMI_SECURE") == "1", "served over TLS (HSTS, __Host- cookies)")
	fs.StringVar(&cfg.SMTP.Addr, "smtp-addr", os.Getenv("HAGUKUMI_SMTP_ADDR"), "mail relay HOST:PORT; without it mail stays queued")
	fs.StringVar(&cfg.SMTP.From, "smtp-from", os.Getenv("HAGUKUMI_SMTP_FROM"), "the center's mail address: sender of mail, organizer of calendar files")
	fs.StringVar(&cfg.SMTP.Hello, "smtp-helo", os.Getenv("HAGUKUMI_SMTP_HELO"), "the name given in EHLO (default localhost)")
	fs.StringVar(&cfg.SMTP.User, "smtp-user", os.Getenv("HAGUKUMI_SMTP_USER"), "SMTP AUTH user (password in HAGUKUMI_SMTP_PASSWORD)")
	keyFlags(fs, &cfg)
	fs.IntVar(&cfg.RetentionYears, "rtw-retention-years", envInt("HAGUKUMI_RTW_RETENTION_YEARS", rtw.DefaultRetentionYears), "years after closing before a return-to-work case's content is destroyed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A soft limit for the Go heap unless GOMEMLIMIT sets one: the staff
	// directory and the eligibility inputs are kept in memory, and without a
	// limit the collector lets the heap grow to twice what is live. 192 MiB
	// keeps one instance under 256 MB resident at 100,000 staff (BENCHMARKS.md #6).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(192 << 20)
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	keys, err := loadKeys(ctx, &cfg, a.DB, stderr)
	if err != nil {
		return err
	}
	if cfg.Demo {
		n, err := demo.Fill(ctx, a.DB, a.Muni.ID, demo.Options{Staff: 1400, Seed: 1, Now: time.Now(), Keys: keys, Out: stderr})
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(stderr, "デモ用の架空の市を作成しました（職員 %d 人）。\n", n)
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// The password is read from the environment only: a flag would show it
	// to everyone who can list the server's processes.
	cfg.SMTP.Password = os.Getenv("HAGUKUMI_SMTP_PASSWORD")
	srv, err := hagukumiapp.New(a.DB, web.Config{Secure: cfg.Secure, CenterMail: strings.TrimSpace(cfg.SMTP.From), Keys: keys, PublicURL: strings.TrimSpace(cfg.PublicURL),
		MailRelay: strings.TrimSpace(cfg.SMTP.Addr) != ""}, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(stdout, "はぐくみ を起動しました: http://%s/\n", ln.Addr())
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Queued mail is sent when --smtp-addr names the city's mail relay;
	// without it mail stays queued in the database and nothing is lost.
	go runRTWJobs(ctx, a.DB, keys, cfg.RetentionYears, log)
	if m := notify.NewMailer(a.DB, cfg.SMTP, log); m != nil {
		go m.Run(ctx)
	}
	// Personal data past its retention is deleted once a day, by every
	// instance: a second run finds nothing left to delete.
	go runRetentionDaily(ctx, a.DB, log)
	go runRecruitJobs(ctx, a.DB, log)
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	servers := []*http.Server{hs}
	if cfg.PublicAddr != "" {
		pln, err := net.Listen("tcp", cfg.PublicAddr)
		if err != nil {
			return err
		}
		ps := &http.Server{Handler: srv.PublicHandler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
			WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 16 << 10,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		fmt.Fprintf(stdout, "公開サイトを起動しました: http://%s/public/\n", pln.Addr())
		go func() { errc <- ps.Serve(pln) }()
		servers = append(servers, ps)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var err error
		for _, s := range servers {
			err = errors.Join(err, s.Shutdown(sctx))
		}
		return err
	}
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	if err := newFlags("migrate", &cfg, stderr).Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	names, _ := db.Migrations(a.DB.Engine)
	fmt.Fprintf(stdout, "データベースは最新です（%d 件の移行を適用済み）。\n", len(names))
	return nil
}
