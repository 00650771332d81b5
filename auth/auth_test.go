package auth_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	t.Parallel()
	h := auth.HashPassword("Correct-Horse-Battery-9")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id with the documented parameters", h)
	}
	if !auth.CheckPassword(h, "Correct-Horse-Battery-9") {
		t.Fatal("the right password does not match its hash")
	}
	for _, wrong := range []string{"", "correct-horse-battery-9", "Correct-Horse-Battery-9 ", "Correct-Horse-Battery-"} {
		if auth.CheckPassword(h, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	if h2 := auth.HashPassword("Correct-Horse-Battery-9"); h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	// Unicode passwords hash as their UTF-8 bytes.
	if u := auth.HashPassword("はぐくみパスワード二〇二五"); !auth.CheckPassword(u, "はぐくみパスワード二〇二五") {
		t.Fatal("Japanese password does not round-trip")
	}
	parts := strings.Split(h, "$")
	for name, bad := range map[string]string{
		"empty":        "",
		"bcrypt":       "$2a$10$abcdefghijklmnopqrstuu",
		"plain":        "Correct-Horse-Battery-9",
		"wrong algo":   strings.Replace(h, "argon2id", "argon2i", 1),
		"bad params":   strings.Replace(h, parts[3], "m=x,t=2,p=1", 1),
		"huge memory":  strings.Replace(h, parts[3], "m=4194304,t=2,p=1", 1),
		"zero threads": strings.Replace(h, parts[3], "m=19456,t=2,p=0", 1),
		"bad salt":     strings.Replace(h, parts[4], "!!!", 1),
		"empty key":    strings.TrimSuffix(h, parts[5]),
		"truncated":    h[:len(h)-5],
	} {
		if auth.CheckPassword(bad, "Correct-Horse-Battery-9") {
			t.Errorf("%s hash %q accepted", name, bad)
		}
	}
}

func TestCheckPasswordPolicy(t *testing.T) {
	t.Parallel()
	const short = "パスワードは10文字以上にしてください。"
	const long = "パスワードは256文字以内にしてください。"
	const guessable = "推測されやすいパスワードは使えません。別のパスワードを設定してください。"
	for _, c := range []struct {
		pw, login, msg string
	}{
		{"", "", short},
		{"Abc-12345", "", short},                    // 9
		{"Abc-123456", "", ""},                      // 10
		{"はぐくみのぱすわー", "", short},                    // 9 characters, 27 bytes
		{"はぐくみのぱすわーど", "", ""},                      // 10 characters
		{strings.Repeat("x", 256), "", ""},          // 256
		{strings.Repeat("x", 257), "", long},        // 257
		{"password123", "", guessable},              // common
		{"PASSWORD123", "", guessable},              // common, any case
		{"qwertyuiop", "", guessable},               // common
		{"1234567890", "", guessable},               // common
		{"tanaka-2025-spring", "tanaka", guessable}, // contains the login
		{"Tanaka-2025-Spring", "TANAKA", guessable}, // any case
		{"tanaka-2025-spring", "", ""},              // no login given
		{"Kochira-Wa-Betsu-77", "tanaka", ""},
	} {
		err := auth.CheckPasswordPolicy(c.pw, c.login)
		switch {
		case c.msg == "" && err != nil:
			t.Errorf("%q (login %q) refused: %v", c.pw, c.login, err)
		case c.msg != "" && err == nil:
			t.Errorf("%q (login %q) accepted, want %q", c.pw, c.login, c.msg)
		case c.msg != "" && (apperr.MessageOf(err) != c.msg || apperr.CodeOf(err) != apperr.Invalid):
			t.Errorf("%q (login %q): %v, want invalid %q", c.pw, c.login, err, c.msg)
		}
	}
}

func TestRandomSecrets(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		p := auth.RandomPassword()
		if len(p) != 16 || strings.ContainsAny(p, "01lIoO") || seen[p] {
			t.Fatalf("one-time password %q: want 16 easy-to-type unique characters", p)
		}
		if err := auth.CheckPasswordPolicy(p, ""); err != nil {
			t.Fatalf("one-time password %q fails the policy: %v", p, err)
		}
		seen[p] = true
		tok := auth.RandomToken()
		if len(tok) != 43 || seen[tok] {
			t.Fatalf("token %q", tok)
		}
		seen[tok] = true
	}
}

// clock is a settable time for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const pw = "Hagukumi-Test-Pass-2025"

func setup(t *testing.T, d *db.DB) (*auth.Store, *clock, int64) {
	t.Helper()
	c := &clock{t: time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)}
	s := &auth.Store{DB: d, Now: c.now}
	muni, err := db.Insert(context.Background(), d.W, `INSERT INTO municipalities (code, name, center_name, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		"222143", "藤枝市", "人財育成センター", c.now())
	if err != nil {
		t.Fatal(err)
	}
	return s, c, muni
}

func create(t *testing.T, s *auth.Store, muni int64, login string, r auth.Role) *auth.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), muni, audit.System, auth.NewUser{Login: login, DisplayName: login, Role: r, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func expectCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if err == nil || apperr.CodeOf(err) != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

// TestStore exercises accounts, sessions and tokens on one database per
// engine; each part uses accounts of its own.
func TestStore(t *testing.T) {
	t.Parallel()
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		s, clk, muni := setup(t, d)
		ctx := context.Background()

		t.Run("create and validate accounts", func(t *testing.T) {
			u := create(t, s, muni, "creator", auth.CenterStaff)
			if u.ID == 0 || u.Login != "creator" || u.Role != auth.CenterStaff || u.Municipality != muni || u.Disabled || u.MustChangePassword {
				t.Fatalf("created %+v", u)
			}
			for _, c := range []struct {
				n    auth.NewUser
				code apperr.Code
			}{
				{auth.NewUser{Login: "creator", Role: auth.CenterStaff, Password: pw}, apperr.Conflict},
				{auth.NewUser{Login: "", Role: auth.CenterStaff, Password: pw}, apperr.Invalid},
				{auth.NewUser{Login: "has space", Role: auth.CenterStaff, Password: pw}, apperr.Invalid},
				{auth.NewUser{Login: "x", Role: "king", Password: pw}, apperr.Invalid},
				{auth.NewUser{Login: "x", Role: auth.Liaison, Password: pw}, apperr.Invalid},
				{auth.NewUser{Login: "x", Role: auth.Staff, Password: pw}, apperr.Invalid},
				{auth.NewUser{Login: "x", Role: auth.Liaison, UnitID: 999999, Password: pw}, apperr.Invalid},
				{auth.NewUser{Login: "x", Role: auth.CenterStaff, StaffID: 999999, Password: pw}, apperr.Invalid},
				{auth.NewUser{Login: "x", Role: auth.CenterStaff, Password: "short"}, apperr.Invalid},
			} {
				_, err := s.CreateUser(ctx, muni, audit.System, c.n)
				expectCode(t, err, c.code)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM users WHERE login = 'x'`); n != 0 {
				t.Fatal("a refused account was stored")
			}
		})

		t.Run("login", func(t *testing.T) {
			u := create(t, s, muni, "loginuser", auth.CenterAdmin)
			got, tok, err := s.Login(ctx, "loginuser", pw, "192.0.2.10")
			if err != nil || got.ID != u.ID || tok == "" {
				t.Fatalf("Login: %+v %q %v", got, tok, err)
			}
			if su, err := s.SessionUser(ctx, tok); err != nil || su.ID != u.ID {
				t.Fatalf("SessionUser: %v %v", su, err)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE id = $1`, tok); n != 0 {
				t.Fatal("the session token is stored in clear")
			}
			_, tok2, _ := s.Login(ctx, "loginuser", pw, "192.0.2.10")
			if tok2 == tok {
				t.Fatal("two logins got one session id")
			}
			_, _, err = s.Login(ctx, "loginuser", "wrong-password-1", "192.0.2.10")
			expectCode(t, err, apperr.Invalid)
			_, _, err2 := s.Login(ctx, "no-such-login", "wrong-password-1", "192.0.2.10")
			if apperr.MessageOf(err) != apperr.MessageOf(err2) || apperr.MessageOf(err) != "ログイン名またはパスワードが正しくありません。" {
				t.Fatalf("unknown login and wrong password differ: %q / %q", apperr.MessageOf(err), apperr.MessageOf(err2))
			}
			if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND entity_id = 'loginuser'`); n != 2 {
				t.Fatalf("%d login audit entries, want 2", n)
			}
		})

		t.Run("throttling per account and window", func(t *testing.T) {
			create(t, s, muni, "throttled", auth.CenterStaff)
			for i := 0; i < auth.MaxFailuresPerLogin; i++ {
				_, _, err := s.Login(ctx, "throttled", "wrong-password-1", "192.0.2.20")
				expectCode(t, err, apperr.Invalid)
			}
			_, _, err := s.Login(ctx, "throttled", pw, "192.0.2.21")
			if !errors.Is(err, auth.ErrThrottled) {
				t.Fatalf("sixth try: %v, want ErrThrottled", err)
			}
			clk.add(auth.ThrottleWindow + time.Second)
			if _, _, err := s.Login(ctx, "throttled", pw, "192.0.2.21"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
			// A success clears the account's failures.
			for i := 0; i < auth.MaxFailuresPerLogin-1; i++ {
				s.Login(ctx, "throttled", "wrong-password-1", "192.0.2.22")
			}
			if _, _, err := s.Login(ctx, "throttled", pw, "192.0.2.22"); err != nil {
				t.Fatalf("four failures locked the account: %v", err)
			}
		})

		t.Run("session idle timeout", func(t *testing.T) {
			create(t, s, muni, "idle", auth.CenterStaff)
			_, tok, err := s.Login(ctx, "idle", pw, "192.0.2.30")
			if err != nil {
				t.Fatal(err)
			}
			// Use within the idle limit keeps the session alive past it.
			for i := 0; i < 3; i++ {
				clk.add(auth.IdleTimeout - time.Minute)
				if _, err := s.SessionUser(ctx, tok); err != nil {
					t.Fatalf("after %d idle periods of use: %v", i+1, err)
				}
			}
			clk.add(auth.IdleTimeout + time.Second)
			_, err = s.SessionUser(ctx, tok)
			expectCode(t, err, apperr.NotFound)
			if apperr.MessageOf(err) != "ログインの有効期限が切れました。もう一度ログインしてください。" {
				t.Fatalf("expired session message %q", apperr.MessageOf(err))
			}
			if n := count(t, d, `SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.login = 'idle'`); n != 0 {
				t.Fatal("the expired session was not deleted")
			}
		})

		t.Run("session absolute timeout", func(t *testing.T) {
			create(t, s, muni, "absolute", auth.CenterStaff)
			_, tok, err := s.Login(ctx, "absolute", pw, "192.0.2.31")
			if err != nil {
				t.Fatal(err)
			}
			for used := time.Duration(0); used+time.Hour < auth.AbsoluteTimeout; used += time.Hour {
				clk.add(time.Hour)
				if _, err := s.SessionUser(ctx, tok); err != nil {
					t.Fatalf("after %v of use: %v", used+time.Hour, err)
				}
			}
			clk.add(time.Hour + time.Second) // now just past the absolute limit
			_, err = s.SessionUser(ctx, tok)
			expectCode(t, err, apperr.NotFound)
			_, err = s.SessionUser(ctx, "")
			expectCode(t, err, apperr.NotFound)
			_, err = s.SessionUser(ctx, "not-a-session")
			expectCode(t, err, apperr.NotFound)
		})

		t.Run("logout", func(t *testing.T) {
			create(t, s, muni, "leaver", auth.CenterStaff)
			_, tok, _ := s.Login(ctx, "leaver", pw, "192.0.2.32")
			_, other, _ := s.Login(ctx, "leaver", pw, "192.0.2.32")
			if err := s.Logout(ctx, tok); err != nil {
				t.Fatal(err)
			}
			_, err := s.SessionUser(ctx, tok)
			expectCode(t, err, apperr.NotFound)
			if _, err := s.SessionUser(ctx, other); err != nil {
				t.Fatalf("logging out one session ended another: %v", err)
			}
		})

		t.Run("tokens", func(t *testing.T) {
			u := create(t, s, muni, "tokenuser", auth.SysAdmin)
			tok, err := s.CreateToken(ctx, u.Actor(), u, "連携用")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tok, auth.TokenPrefix) || len(tok) < 40 {
				t.Fatalf("token %q", tok)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1`, tok); n != 0 {
				t.Fatal("the token is stored in clear")
			}
			got, err := s.TokenUser(ctx, tok)
			if err != nil || got.ID != u.ID || got.Role != auth.SysAdmin {
				t.Fatalf("TokenUser: %+v %v", got, err)
			}
			// Tokens do not follow session timeouts.
			clk.add(30 * 24 * time.Hour)
			if _, err := s.TokenUser(ctx, tok); err != nil {
				t.Fatalf("token after 30 days: %v", err)
			}
			for _, bad := range []string{"", "hgk_", tok + "x", strings.TrimPrefix(tok, auth.TokenPrefix)} {
				_, err := s.TokenUser(ctx, bad)
				expectCode(t, err, apperr.NotFound)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'api_token' AND entity_id = 'tokenuser'`); n != 1 {
				t.Fatalf("%d audit entries for the token, want 1", n)
			}
		})

		t.Run("disabling ends sessions and tokens", func(t *testing.T) {
			u := create(t, s, muni, "disabled", auth.CenterStaff)
			_, sess, _ := s.Login(ctx, "disabled", pw, "192.0.2.33")
			tok, _ := s.CreateToken(ctx, audit.System, u, "t")
			err := s.UpdateUser(ctx, muni, audit.System, u.ID, auth.NewUser{DisplayName: "無効", Role: auth.CenterStaff}, true)
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.SessionUser(ctx, sess)
			expectCode(t, err, apperr.NotFound)
			_, err = s.TokenUser(ctx, tok)
			expectCode(t, err, apperr.NotFound)
			_, _, err = s.Login(ctx, "disabled", pw, "192.0.2.33")
			expectCode(t, err, apperr.Invalid)
			// Another municipality's id is not found, and nothing changes.
			other := create(t, s, muni, "other-muni-target", auth.CenterStaff)
			err = s.UpdateUser(ctx, muni+1000, audit.System, other.ID, auth.NewUser{Role: auth.SysAdmin}, true)
			expectCode(t, err, apperr.NotFound)
			err = s.SetPassword(ctx, muni+1000, audit.System, other.ID, "Another-Long-Pass-77", false, "")
			expectCode(t, err, apperr.NotFound)
			if x, _ := s.UserByID(ctx, other.ID); x.Disabled || x.Role != auth.CenterStaff {
				t.Fatalf("changed through another municipality: %+v", x)
			}
		})

		t.Run("set password", func(t *testing.T) {
			u := create(t, s, muni, "changer", auth.CenterStaff)
			_, keep, _ := s.Login(ctx, "changer", pw, "192.0.2.34")
			_, drop, _ := s.Login(ctx, "changer", pw, "192.0.2.34")
			err := s.SetPassword(ctx, muni, u.Actor(), u.ID, "short", false, keep)
			expectCode(t, err, apperr.Invalid)
			err = s.SetPassword(ctx, muni, u.Actor(), u.ID, "my-changer-pass", false, keep)
			expectCode(t, err, apperr.Invalid)
			if _, err := s.SessionUser(ctx, drop); err != nil {
				t.Fatal("a refused change ended a session")
			}
			if err := s.SetPassword(ctx, muni, u.Actor(), u.ID, "Another-Long-Pass-77", false, keep); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SessionUser(ctx, keep); err != nil {
				t.Fatalf("the session that changed the password ended: %v", err)
			}
			_, err = s.SessionUser(ctx, drop)
			expectCode(t, err, apperr.NotFound)
			if _, _, err := s.Login(ctx, "changer", pw, "192.0.2.34"); err == nil {
				t.Fatal("the old password still works")
			}
			// An admin reset: must change, every session ends.
			if err := s.SetPassword(ctx, muni, audit.System, u.ID, "Reset-Long-Pass-88", true, ""); err != nil {
				t.Fatal(err)
			}
			_, err = s.SessionUser(ctx, keep)
			expectCode(t, err, apperr.NotFound)
			got, _, err := s.Login(ctx, "changer", "Reset-Long-Pass-88", "192.0.2.34")
			if err != nil || !got.MustChangePassword {
				t.Fatalf("after reset: %+v %v", got, err)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity_id = 'changer' AND action IN ('change_password', 'reset_password')`); n != 2 {
				t.Fatalf("%d password audit entries, want 2", n)
			}
		})

		t.Run("ensure admin", func(t *testing.T) {
			first, err := s.EnsureAdmin(ctx, muni, "")
			if err != nil || len(first) != 16 {
				t.Fatalf("EnsureAdmin: %q %v", first, err)
			}
			u, _, err := s.Login(ctx, "admin", first, "192.0.2.35")
			if err != nil || u.Role != auth.CenterAdmin || !u.MustChangePassword {
				t.Fatalf("generated admin: %+v %v", u, err)
			}
			if again, err := s.EnsureAdmin(ctx, muni, ""); err != nil || again != "" {
				t.Fatalf("second EnsureAdmin: %q %v", again, err)
			}
		})
	})
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
