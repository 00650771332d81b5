package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
)

// Session limits (ASVS 7.3): a session ends after IdleTimeout without use
// and after AbsoluteTimeout in any case.
const (
	IdleTimeout     = 2 * time.Hour
	AbsoluteTimeout = 12 * time.Hour
)

// Login throttling: failures counted over ThrottleWindow, per account and
// per client address.
const (
	ThrottleWindow      = 15 * time.Minute
	MaxFailuresPerLogin = 5
	MaxFailuresPerAddr  = 30
)

var errBadLogin = apperr.New(apperr.Invalid, "ログイン名またはパスワードが正しくありません。")

// ErrThrottled is returned while an account or address is locked out.
var ErrThrottled = apperr.New(apperr.Forbidden, "ログインの失敗が続いたため、しばらくログインできません。15分ほど待ってから再度お試しください。")

// MaxPasswordBytes is the longest password a sign-in considers. Anything
// longer cannot be a password the policy accepted (256 characters of at most
// four bytes), so it is refused before it reaches the deliberately slow hash.
const MaxPasswordBytes = 1024

// Attempt is one sign-in from a browser or a client.
type Attempt struct {
	Login    string
	Password string
	Addr     string // the client's address, for throttling
	// Replaces is the session cookie the browser already holds, if any.
	// Signing in ends that session, so a browser that signs in as B no
	// longer keeps A's session alive on the server.
	Replaces string
}

// Login signs in without replacing a session; see SignIn.
func (s *Store) Login(ctx context.Context, login, password, addr string) (*User, string, error) {
	return s.SignIn(ctx, Attempt{Login: login, Password: password, Addr: addr})
}

// checkPassword is CheckPassword; tests replace it to count how many
// guesses reach the hash.
var checkPassword = CheckPassword

// SignIn checks a password and, on success, creates a new session (a fresh
// ID at every login, so a planted session cookie is useless). It returns the
// session token to put in the cookie.
//
// Throttling counts attempts, not failures, and counts them before the
// password is checked: the attempt is written in a statement of its own
// and committed, and only then are the attempts in the window counted. Of
// any number of simultaneous guesses the k-th to commit sees at least k
// rows, so at most the limit reach the password check, on one instance or
// many. A refused attempt removes its own row so that a lockout ends
// ThrottleWindow after the last failure that was really checked; a
// successful one removes the account's rows and its own address row, so
// that colleagues signing in behind one address do not lock each other out.
func (s *Store) SignIn(ctx context.Context, a Attempt) (*User, string, error) {
	now := s.now()
	keyLogin, keyAddr := "login:"+a.Login, "addr:"+a.Addr
	var idLogin, idAddr int64
	if err := s.DB.W.QueryRowContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2) RETURNING id`, keyLogin, now).Scan(&idLogin); err != nil {
		return nil, "", err
	}
	if err := s.DB.W.QueryRowContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2) RETURNING id`, keyAddr, now).Scan(&idAddr); err != nil {
		return nil, "", err
	}
	since := now.Add(-ThrottleWindow)
	var byLogin, byAddr int
	if err := s.DB.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2`, keyLogin, since).Scan(&byLogin); err != nil {
		return nil, "", err
	}
	if err := s.DB.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2`, keyAddr, since).Scan(&byAddr); err != nil {
		return nil, "", err
	}
	if byLogin > MaxFailuresPerLogin || byAddr > MaxFailuresPerAddr {
		if _, err := s.DB.W.ExecContext(ctx, `DELETE FROM login_failures WHERE id IN ($1, $2)`, idLogin, idAddr); err != nil {
			return nil, "", err
		}
		return nil, "", ErrThrottled
	}
	if len(a.Password) > MaxPasswordBytes {
		return nil, "", errBadLogin
	}
	u, hash, err := s.UserByLogin(ctx, a.Login)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return nil, "", err
	}
	ok := false
	if u != nil {
		ok = checkPassword(hash, a.Password)
	} else {
		// Spend the same time on unknown logins, so timing does not reveal
		// which login names exist.
		checkPassword(dummyHash, a.Password)
	}
	if !ok || u.Disabled {
		// The attempt rows stay: they are this failure's record.
		if _, err := s.DB.W.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, now.Add(-24*time.Hour)); err != nil {
			return nil, "", err
		}
		return nil, "", errBadLogin
	}
	tok := RandomToken()
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if a.Replaces != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, hashToken(a.Replaces)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, municipality_id, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)`,
			hashToken(tok), u.Municipality, u.ID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1 OR id = $2`, keyLogin, idAddr); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, u.Municipality, u.Actor(), "login", "user", u.Login, nil)
	})
	if err != nil {
		return nil, "", err
	}
	return u, tok, nil
}

var dummyHash = HashPassword("dummy password for timing")

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// SessionUser returns the user of a live session, or NotFound.
func (s *Store) SessionUser(ctx context.Context, tok string) (*User, error) {
	if tok == "" {
		return nil, apperr.NotFoundf("ログインしていません。")
	}
	id := hashToken(tok)
	var created, seen time.Time
	var muniName, center string
	var gens audit.Gens
	// One query on every request: the session, its user, the user's
	// municipality (for the page header) and its generation numbers (for
	// the in-memory directory), read before anything else the request reads.
	st, err := s.DB.Prepared(ctx, `SELECT `+userCols+`, ss.created_at, ss.last_seen_at, m.name, m.center_name,
		COALESCE(ah.staff_gen, 0), COALESCE(ah.completion_gen, 0)`+userFrom+`JOIN sessions ss ON ss.user_id = u.id
		JOIN municipalities m ON m.id = u.municipality_id LEFT JOIN audit_heads ah ON ah.municipality_id = u.municipality_id WHERE ss.id = $1`)
	if err != nil {
		return nil, err
	}
	u, err := scanUser(withExtra{st.QueryRowContext(ctx, id), []any{&created, &seen, &muniName, &center, &gens.Staff, &gens.Completion}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("ログインしていません。")
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	if now.Sub(seen) > IdleTimeout || now.Sub(created) > AbsoluteTimeout {
		s.DB.W.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id)
		return nil, apperr.NotFoundf("ログインの有効期限が切れました。もう一度ログインしてください。")
	}
	u.MuniName, u.CenterName = muniName, center
	audit.NoteGens(ctx, u.Municipality, gens)
	if u.Disabled {
		return nil, apperr.NotFoundf("このアカウントは無効です。")
	}
	if now.Sub(seen) > touchEvery {
		s.DB.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now, id)
	}
	return u, nil
}

// Logout ends a session.
func (s *Store) Logout(ctx context.Context, tok string) error {
	_, err := s.DB.W.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, hashToken(tok))
	return err
}

// TokenPrefix marks Hagukumi API tokens so they are recognisable in logs and
// secret scanners.
const TokenPrefix = "hgk_"

// DefaultTokenLifetime is how long an API token lives unless its creator
// says otherwise: long enough for a quarterly job, short enough that a
// forgotten token dies on its own.
const DefaultTokenLifetime = 90 * 24 * time.Hour

// MaxTokenLifetime is the longest lifetime a token may be given.
const MaxTokenLifetime = 366 * 24 * time.Hour

// Token is an API token as its owner and the admins see it; the secret
// itself is shown once, at creation, and never stored.
type Token struct {
	ID         int64
	UserID     int64
	Login      string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
}

// CreateToken makes an API token for a user with the default lifetime and
// returns it; only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, by audit.Actor, u *User, name string) (string, error) {
	return s.CreateTokenFor(ctx, by, u, name, 0)
}

// CreateTokenFor makes an API token that expires after life (0 means
// DefaultTokenLifetime) and returns it.
func (s *Store) CreateTokenFor(ctx context.Context, by audit.Actor, u *User, name string, life time.Duration) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", apperr.Invalidf("トークンの名前を100文字以内で入力してください。")
	}
	if life == 0 {
		life = DefaultTokenLifetime
	}
	if life < 0 || life > MaxTokenLifetime {
		return "", apperr.Invalidf("有効期間は1日から366日までで指定してください。")
	}
	tok := TokenPrefix + RandomToken()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (municipality_id, user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			u.Municipality, u.ID, name, hashToken(tok), now, now.Add(life)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, u.Municipality, by, "create", "api_token", u.Login,
			map[string]string{"name": name, "expires": now.Add(life).Format(time.DateOnly)})
	})
	return tok, err
}

// tokenUseEvery limits how often a token's last use is written.
const tokenUseEvery = time.Minute

// TokenUser returns the user of a live API token and notes its use.
func (s *Store) TokenUser(ctx context.Context, tok string) (*User, error) {
	var id, uid int64
	var created time.Time
	var expires, used sql.NullTime
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, user_id, created_at, expires_at, last_used_at FROM api_tokens WHERE token_hash = $1`,
		hashToken(tok)).Scan(&id, &uid, &created, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("APIトークンが無効です。")
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	if !now.Before(tokenExpiry(created, expires)) {
		return nil, apperr.NotFoundf("APIトークンの有効期限が切れています。")
	}
	u, err := s.UserByID(ctx, uid)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, apperr.NotFoundf("このアカウントは無効です。")
	}
	if !used.Valid || now.Sub(used.Time) > tokenUseEvery {
		// Best effort, as for a session's last-seen time: a read must keep
		// working when the write cannot be made (a full disk, say).
		s.DB.W.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id)
	}
	return u, nil
}

// tokenExpiry is when a token stops working; tokens made before expiries
// were written live DefaultTokenLifetime from their creation.
func tokenExpiry(created time.Time, expires sql.NullTime) time.Time {
	if expires.Valid {
		return expires.Time
	}
	return created.Add(DefaultTokenLifetime)
}

// Tokens lists a municipality's API tokens, newest first: one user's when
// userID is not 0, everyone's otherwise (for the admins).
func (s *Store) Tokens(ctx context.Context, muni, userID int64) ([]Token, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT t.id, t.user_id, u.login, t.name, t.created_at, t.expires_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.municipality_id = $1 AND ($2 = 0 OR t.user_id = $2) ORDER BY t.created_at DESC, t.id DESC`, muni, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var expires, used sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Login, &t.Name, &t.CreatedAt, &expires, &used); err != nil {
			return nil, err
		}
		t.ExpiresAt = tokenExpiry(t.CreatedAt, expires)
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CanManageTokens tells whether a user may see and revoke every API token
// of their municipality, not only their own.
func CanManageTokens(u *User) bool { return u.Role == CenterAdmin || u.Role == SysAdmin }

// RevokeToken deletes an API token. Its owner may revoke it, and so may the
// admins of its municipality; to anyone else it does not exist.
func (s *Store) RevokeToken(ctx context.Context, viewer *User, id int64) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var owner int64
		var login, name string
		err := tx.QueryRowContext(ctx, `SELECT t.user_id, u.login, t.name FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.id = $1 AND t.municipality_id = $2`, id, viewer.Municipality).Scan(&owner, &login, &name)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != viewer.ID && !CanManageTokens(viewer)) {
			return apperr.NotFoundf("APIトークンが見つかりません。")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), viewer.Municipality, viewer.Actor(), "revoke", "api_token", login, map[string]string{"name": name})
	})
}

// EnsureAdmin creates the first account "admin" when a municipality has no
// user yet. It returns the one-time password it set, or "" when the account
// already existed or when password was given (HAGUKUMI_ADMIN_PASSWORD).
func (s *Store) EnsureAdmin(ctx context.Context, muni int64, password string) (string, error) {
	var n int
	if err := s.DB.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE login = 'admin'`).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return "", nil
	}
	generated := password == ""
	if generated {
		password = RandomPassword()
	}
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (municipality_id, login, display_name, password_hash, role, must_change_password, created_at, updated_at)
			VALUES ($1, 'admin', '管理者', $2, $3, $4, $5, $5)`, muni, HashPassword(password), string(CenterAdmin), generated, now); err != nil {
			return fmt.Errorf("create admin: %w", err)
		}
		return audit.Record(ctx, tx, now, muni, audit.System, "create", "user", "admin", audit.Change{After: map[string]any{"role": CenterAdmin}})
	})
	if err != nil {
		return "", err
	}
	if generated {
		return password, nil
	}
	return "", nil
}

// withExtra scans a row whose last columns are extra to what the caller's
// scan function knows.
type withExtra struct {
	row   *sql.Row
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }
