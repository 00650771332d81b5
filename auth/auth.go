// Package auth holds accounts, roles and their scope, server-side sessions,
// API tokens and login throttling (PRODUCT F4, F5).
package auth

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/textlimit"
)

// Role is one of the roles of PRODUCT.md.
type Role string

const (
	CenterAdmin Role = "center_admin"
	CenterStaff Role = "center_staff"
	Liaison     Role = "liaison"
	Supervisor  Role = "supervisor"
	Staff       Role = "staff"
	Instructor  Role = "instructor"
	CaseManager Role = "case_manager"
	SysAdmin    Role = "sysadmin"
)

// Roles lists every role in display order.
var Roles = []Role{CenterAdmin, CenterStaff, Liaison, Supervisor, Staff, Instructor, CaseManager, SysAdmin}

var roleLabels = map[Role]string{
	CenterAdmin: "センター管理者", CenterStaff: "センター職員", Liaison: "所属研修担当", Supervisor: "所属長",
	Staff: "職員", Instructor: "講師", CaseManager: "復職支援担当", SysAdmin: "システム管理者",
}

// Label is the Japanese name of the role.
func (r Role) Label() string { return roleLabels[r] }

// Valid tells whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// NeedsUnit tells whether the role is scoped to a department.
func (r Role) NeedsUnit() bool { return r == Liaison || r == Supervisor }

// User is an account. UnitID scopes liaisons and supervisors to a unit and
// everything below it; StaffID links the account to the staff member it
// belongs to, for self-service.
type User struct {
	ID                 int64
	Municipality       int64
	Login              string
	DisplayName        string
	Role               Role
	UnitID             int64
	UnitPath           string
	StaffID            int64
	Disabled           bool
	MustChangePassword bool
	CreatedAt          time.Time
	// MuniName and CenterName are filled by SessionUser, which reads them
	// with the session so that a page needs no query of its own for them.
	MuniName, CenterName string
	// Kiosk is set when the request comes from a 受付 tablet (KioskUser):
	// the training session whose check-in is all it may do.
	Kiosk int64
}

// Actor is the user as the audit log names them.
func (u *User) Actor() audit.Actor { return audit.Actor{UserID: u.ID, Login: u.Login} }

const userCols = `u.id, u.municipality_id, u.login, u.display_name, u.role, COALESCE(u.unit_id, 0), COALESCE(o.path, ''),
	COALESCE(u.staff_id, 0), u.disabled, u.must_change_password, u.created_at`

const userFrom = ` FROM users u LEFT JOIN org_units o ON o.id = u.unit_id `

func scanUser(row db.Scanner) (*User, error) {
	var u User
	var role string
	err := row.Scan(&u.ID, &u.Municipality, &u.Login, &u.DisplayName, &role, &u.UnitID, &u.UnitPath,
		&u.StaffID, &u.Disabled, &u.MustChangePassword, &u.CreatedAt)
	u.Role = Role(role)
	return &u, err
}

// Store reads and writes accounts.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// UserByID loads an account of any municipality (sessions name their own).
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.DB.R.QueryRowContext(ctx, `SELECT `+userCols+userFrom+`WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("利用者が見つかりません。")
	}
	return u, err
}

// UserByLogin loads an account by its login name.
func (s *Store) UserByLogin(ctx context.Context, login string) (*User, string, error) {
	var hash string
	u, err := scanUser(s.DB.R.QueryRowContext(ctx, `SELECT `+userCols+userFrom+`WHERE u.login = $1`, login))
	if err == nil {
		err = s.DB.R.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.NotFoundf("利用者が見つかりません。")
	}
	return u, hash, err
}

// ListUsers lists a municipality's accounts by login.
func (s *Store) ListUsers(ctx context.Context, muni int64) ([]*User, error) {
	return db.QueryAll(ctx, s.DB.R, scanUser, `SELECT `+userCols+userFrom+`WHERE u.municipality_id = $1 ORDER BY u.login`, muni)
}

// NewUser is what creating an account needs.
type NewUser struct {
	Login       string
	DisplayName string
	Role        Role
	UnitID      int64
	StaffID     int64
	Password    string
	MustChange  bool
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Validate checks a new account's fields.
func (n *NewUser) Validate() error {
	n.Login = strings.TrimSpace(n.Login)
	if n.Login == "" || utf8.RuneCountInString(n.Login) > textlimit.Login || strings.ContainsAny(n.Login, " \t/\\\"'<>") {
		return apperr.Invalidf("ログイン名は空白や記号を含まない%d文字以内で入力してください。", textlimit.Login)
	}
	if err := textlimit.Check("表示名", n.DisplayName, textlimit.Name); err != nil {
		return err
	}
	if !n.Role.Valid() {
		return apperr.Invalidf("役割を選んでください。")
	}
	if n.Role.NeedsUnit() && n.UnitID == 0 {
		return apperr.Invalidf("%sには所属を指定してください。", n.Role.Label())
	}
	if n.Role == Staff && n.StaffID == 0 {
		return apperr.Invalidf("職員のアカウントには職員番号を指定してください。")
	}
	return nil
}

// MsgLoginUnavailable is the message for a login name that is taken,
// here or in another municipality of the deployment.
const MsgLoginUnavailable = "このログイン名は使用できません。別の名前を指定してください。"

// CreateUser adds an account and audits it.
func (s *Store) CreateUser(ctx context.Context, muni int64, by audit.Actor, n NewUser) (*User, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if err := CheckPasswordPolicy(n.Password, n.Login); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var exists int
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE login = $1`, n.Login).Scan(&exists)
		// Logins are unique across the deployment (sign-in names no
		// municipality), so a name may be taken by another municipality.
		// The message says only that the name cannot be used, never where
		// it is used (SECURITY.md, login names).
		if exists > 0 {
			return apperr.New(apperr.Conflict, "%s", MsgLoginUnavailable)
		}
		if err := checkRefs(ctx, tx, muni, n); err != nil {
			return err
		}
		now := s.now()
		var err error
		id, err = db.Insert(ctx, tx, `INSERT INTO users (municipality_id, login, display_name, password_hash, role, unit_id, staff_id, must_change_password, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			muni, n.Login, n.DisplayName, HashPassword(n.Password), string(n.Role), nullID(n.UnitID), nullID(n.StaffID), n.MustChange, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "user", n.Login,
			audit.Change{After: map[string]any{"login": n.Login, "role": n.Role, "unit_id": n.UnitID, "staff_id": n.StaffID}})
	})
	if err != nil {
		return nil, err
	}
	return s.UserByID(ctx, id)
}

// checkRefs makes sure an account's unit and staff member belong to its
// own municipality.
func checkRefs(ctx context.Context, tx *sql.Tx, muni int64, n NewUser) error {
	if n.UnitID != 0 {
		var ok int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_units WHERE id = $1 AND municipality_id = $2`, n.UnitID, muni).Scan(&ok); err != nil {
			return err
		}
		if ok == 0 {
			return apperr.Invalidf("所属が見つかりません。")
		}
	}
	if n.StaffID != 0 {
		var ok int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE id = $1 AND municipality_id = $2`, n.StaffID, muni).Scan(&ok); err != nil {
			return err
		}
		if ok == 0 {
			return apperr.Invalidf("職員が見つかりません。")
		}
	}
	return nil
}

// UpdateUser changes role, scope, name and the disabled flag. Disabling an
// account ends its sessions and revokes its tokens at once.
func (s *Store) UpdateUser(ctx context.Context, muni int64, by audit.Actor, id int64, n NewUser, disabled bool) error {
	old, err := s.UserByID(ctx, id)
	if err != nil || old.Municipality != muni {
		return apperr.NotFoundf("利用者が見つかりません。")
	}
	n.Login = old.Login
	if err := n.Validate(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := checkRefs(ctx, tx, muni, n); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $1, role = $2, unit_id = $3, staff_id = $4, disabled = $5, updated_at = $6
			WHERE id = $7 AND municipality_id = $8`, n.DisplayName, string(n.Role), nullID(n.UnitID), nullID(n.StaffID), disabled, now, id, muni); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1`, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "update", "user", old.Login, audit.Change{
			Before: map[string]any{"role": old.Role, "unit_id": old.UnitID, "staff_id": old.StaffID, "disabled": old.Disabled, "display_name": old.DisplayName},
			After:  map[string]any{"role": n.Role, "unit_id": n.UnitID, "staff_id": n.StaffID, "disabled": disabled, "display_name": n.DisplayName}})
	})
}

// SetPassword sets a new password. mustChange marks an admin reset, which
// the user must replace at the next login. Other sessions of the user end
// and all of the user's API tokens are revoked.
func (s *Store) SetPassword(ctx context.Context, muni int64, by audit.Actor, id int64, pw string, mustChange bool, keepSession string) error {
	u, err := s.UserByID(ctx, id)
	if err != nil || u.Municipality != muni {
		return apperr.NotFoundf("利用者が見つかりません。")
	}
	if err := CheckPasswordPolicy(pw, u.Login); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4`,
			HashPassword(pw), mustChange, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, id, hashToken(keepSession)); err != nil {
			return err
		}
		// A new password, by the user or by an admin's reset, revokes every
		// API token: a token must not outlive the credential that made it.
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1`, id); err != nil {
			return err
		}
		action := "change_password"
		if mustChange {
			action = "reset_password"
		}
		return audit.Record(ctx, tx, now, muni, by, action, "user", u.Login, nil)
	})
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}
