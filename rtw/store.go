package rtw

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/seal"
)

// Store holds the SQL of the rtw tables. Keys may be nil: the server then
// runs without the key, and case content answers ErrKeyMissing.
type Store struct {
	DB   *db.DB
	Now  func() time.Time
	Keys *seal.Ring
}

// ErrKeyMissing is the answer for content when no key is configured.
var ErrKeyMissing = apperr.New(apperr.Unavailable, "暗号鍵が設定されていないため、復職支援の記録を表示できません。鍵ファイル（--key-file）をシステム管理者に確認してください。")

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// ad binds a sealed value to its case: copied into another case, it does
// not open.
func ad(caseID int64) string { return "rtw_case:" + strconv.FormatInt(caseID, 10) }

// write runs fn in one transaction and appends its audit entry there, so
// every write of the store is recorded exactly when it happens. The
// detail never holds content.
func (s *Store) write(ctx context.Context, muni int64, by audit.Actor, action string, fn func(tx *sql.Tx) (int64, any, error)) (int64, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var detail any
		var err error
		if id, detail, err = fn(tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, action, "rtw_case", strconv.FormatInt(id, 10), detail)
	})
	return id, err
}

// NewCase is what a center admin gives to open a case.
type NewCase struct {
	StaffNumber string
	Managers    []string // logins
	LeaveType   string
}

// CreateCase opens a case for a staff member with its managers. Only a
// center admin may (CanAssign); each manager is checked by CheckManager.
func (s *Store) CreateCase(ctx context.Context, u *auth.User, n NewCase) (int64, error) {
	if !CanAssign(u.Role) {
		return 0, apperr.Forbid()
	}
	if len(n.Managers) == 0 {
		return 0, apperr.Fields(apperr.FieldErrors{"managers": "担当者を1人以上指定してください。"})
	}
	return s.write(ctx, u.Municipality, u.Actor(), "rtw.create", func(tx *sql.Tx) (int64, any, error) {
		var staffID int64
		var path string
		err := tx.QueryRowContext(ctx, `SELECT s.id, COALESCE(o.path, '') FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id
			WHERE s.municipality_id = $1 AND s.number = $2`, u.Municipality, n.StaffNumber).Scan(&staffID, &path)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"staff_number": "この職員番号の職員はいません。"})
		} else if err != nil {
			return 0, nil, err
		}
		var managerIDs []int64
		for _, login := range n.Managers {
			c, id, err := candidate(ctx, tx, u.Municipality, login)
			if err != nil {
				return 0, nil, err
			}
			if err := CheckManager(c, staffID, path); err != nil {
				return 0, nil, err
			}
			managerIDs = append(managerIDs, id)
		}
		now := s.now()
		id, err := db.Insert(ctx, tx, `INSERT INTO rtw_cases (municipality_id, staff_id, leave_type, opened_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			u.Municipality, staffID, n.LeaveType, now)
		if err != nil {
			return 0, nil, err
		}
		for _, m := range managerIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rtw_managers (municipality_id, case_id, user_id, assigned_at) VALUES ($1, $2, $3, $4)`,
				u.Municipality, id, m, now); err != nil {
				return 0, nil, err
			}
		}
		return id, map[string]any{"managers": n.Managers}, nil
	})
}

// candidate reads an account proposed as a manager and the units its
// staff member heads as 所属長.
func candidate(ctx context.Context, tx *sql.Tx, muni int64, login string) (Candidate, int64, error) {
	c := Candidate{Login: login}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id, role, COALESCE(staff_id, 0) FROM users WHERE municipality_id = $1 AND login = $2 AND NOT disabled`,
		muni, login).Scan(&id, &c.Role, &c.StaffID)
	if errors.Is(err, sql.ErrNoRows) {
		return c, 0, apperr.Fields(apperr.FieldErrors{"managers": login + " というアカウントはありません。"})
	} else if err != nil {
		return c, 0, err
	}
	if c.StaffID != 0 {
		c.SupervisorPaths, err = db.QueryAll(ctx, tx, func(r db.Scanner) (string, error) { var p string; return p, r.Scan(&p) },
			`SELECT o.path FROM users u JOIN org_units o ON o.id = u.unit_id WHERE u.municipality_id = $1 AND u.staff_id = $2 AND u.role = $3`,
			muni, c.StaffID, string(auth.Supervisor))
	}
	return c, id, err
}

// AddNote seals and stores a note; only an assigned manager may.
func (s *Store) AddNote(ctx context.Context, u *auth.User, caseID int64, text string) (int64, error) {
	var noteID int64
	_, err := s.write(ctx, u.Municipality, u.Actor(), "rtw.note", func(tx *sql.Tx) (int64, any, error) {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		if err := ValidateNote(text); err != nil {
			return 0, nil, err
		}
		body, err := s.Keys.Seal(text, ad(caseID))
		if errors.Is(err, seal.ErrNoKey) {
			return 0, nil, ErrKeyMissing
		} else if err != nil {
			return 0, nil, err
		}
		noteID, err = db.Insert(ctx, tx, `INSERT INTO rtw_notes (municipality_id, case_id, author_id, created_at, body) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			u.Municipality, caseID, u.ID, s.now(), body)
		return caseID, map[string]any{"note": noteID}, err
	})
	return noteID, err
}

// SaveContent seals and replaces the case's record (opinions and plans).
func (s *Store) SaveContent(ctx context.Context, u *auth.User, caseID int64, c Content) error {
	_, err := s.write(ctx, u.Municipality, u.Actor(), "rtw.content", func(tx *sql.Tx) (int64, any, error) {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		if err := c.Validate(); err != nil {
			return 0, nil, err
		}
		b, _ := json.Marshal(c)
		sealed, err := s.Keys.Seal(string(b), ad(caseID))
		if errors.Is(err, seal.ErrNoKey) {
			return 0, nil, ErrKeyMissing
		} else if err != nil {
			return 0, nil, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE rtw_cases SET content = $1 WHERE id = $2 AND municipality_id = $3`, sealed, caseID, u.Municipality)
		return caseID, nil, err
	})
	return err
}

// access answers not found unless u is a manager assigned to the case
// now, in u's municipality.
func (s *Store) access(ctx context.Context, q db.Q, u *auth.User, caseID int64) error {
	if u.Role != auth.CaseManager {
		return notFound()
	}
	ids, err := db.Int64s(ctx, q, `SELECT m.user_id FROM rtw_managers m JOIN rtw_cases c ON c.id = m.case_id
		WHERE m.case_id = $1 AND c.municipality_id = $2 AND m.removed_at IS NULL`, caseID, u.Municipality)
	if err != nil {
		return err
	}
	if !CanRead(u.Role, u.ID, ids) {
		return notFound()
	}
	return nil
}

// nowUTC is the clock of command-line work, which has no store.
func nowUTC() time.Time { return time.Now().UTC() }
