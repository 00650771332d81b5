package rtw

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/seal"
)

// Case reads one case for an assigned manager and records the read in
// the audit chain (who, which case, "view") in the same transaction: a
// read that could not be recorded is not answered. Anyone else gets not
// found, whether the case exists or not.
func (s *Store) Case(ctx context.Context, u *auth.User, caseID int64) (*Case, error) {
	var c *Case
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return err
		}
		var err error
		if c, err = s.load(ctx, tx, u.Municipality, caseID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), u.Municipality, u.Actor(), "rtw.read", "rtw_case", strconv.FormatInt(caseID, 10), map[string]string{"what": "view"})
	})
	return c, err
}

func (s *Store) load(ctx context.Context, tx *sql.Tx, muni, id int64) (*Case, error) {
	c := &Case{ID: id}
	var content string
	var closed, destroyed sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT c.staff_id, s.number, s.family_name || ' ' || s.given_name, c.step, c.status, c.leave_type, c.leave_until,
		c.returned_on, c.content, c.opened_at, c.closed_at, c.destroyed_at
		FROM rtw_cases c JOIN staff s ON s.id = c.staff_id WHERE c.id = $1 AND c.municipality_id = $2`, id, muni).
		Scan(&c.StaffID, &c.StaffNumber, &c.StaffName, &c.Step, &c.Status, &c.LeaveType, &c.LeaveUntil, &c.ReturnedOn, &content, &c.OpenedAt, &closed, &destroyed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	} else if err != nil {
		return nil, err
	}
	if closed.Valid {
		c.ClosedAt = &closed.Time
	}
	c.Destroyed = destroyed.Valid
	c.Managers, err = db.QueryAll(ctx, tx, func(r db.Scanner) (Manager, error) {
		var m Manager
		var removed sql.NullTime
		err := r.Scan(&m.UserID, &m.Login, &m.Name, &m.Since, &removed)
		if removed.Valid {
			m.Removed = &removed.Time
		}
		return m, err
	}, `SELECT u.id, u.login, u.display_name, m.assigned_at, m.removed_at FROM rtw_managers m JOIN users u ON u.id = m.user_id
		WHERE m.case_id = $1 ORDER BY m.assigned_at, m.id`, id)
	if err != nil {
		return nil, err
	}
	type row struct {
		Note
		body string
	}
	rows, err := db.QueryAll(ctx, tx, func(r db.Scanner) (row, error) {
		var n row
		return n, r.Scan(&n.ID, &n.Author, &n.At, &n.body)
	}, `SELECT n.id, u.display_name, n.created_at, n.body FROM rtw_notes n JOIN users u ON u.id = n.author_id
		WHERE n.case_id = $1 ORDER BY n.id`, id)
	if err != nil {
		return nil, err
	}
	c.Notes = []Note{}
	for _, r := range rows {
		r.Text = s.open(c, r.body)
		r.Unreadable = r.Text == "" && r.body != ""
		c.Notes = append(c.Notes, r.Note)
	}
	if c.Consents, err = consents(ctx, tx, id); err != nil {
		return nil, err
	}
	for i := range c.Consents {
		c.Consents[i].What = s.open(c, c.Consents[i].What)
	}
	if js := s.open(c, content); js != "" {
		if json.Unmarshal([]byte(js), &c.Content) != nil {
			c.Broken = true
		}
	}
	return c, nil
}

// open unseals one value of a case. A missing key or a value that fails
// authentication gives "" and marks the case, so that the page says why
// instead of showing anything altered.
func (s *Store) open(c *Case, v string) string {
	plain, err := s.Keys.Open(v, ad(c.ID))
	switch {
	case errors.Is(err, seal.ErrNoKey):
		c.KeyMissing = true
	case err != nil:
		c.Broken = true
	}
	return plain
}

// Summary is one line of a manager's case list: no content.
type Summary struct {
	ID          int64     `json:"id"`
	StaffNumber string    `json:"staff_number"`
	StaffName   string    `json:"staff_name"`
	Step        int       `json:"step"`
	Status      string    `json:"status"`
	OpenedAt    time.Time `json:"opened_at"`
}

// StepLabel is the step's name in the guideline.
func (c Summary) StepLabel() string { return StepLabels[c.Step] }

// List gives the cases assigned to u now and records the listing in the
// audit chain with the case ids shown. Other roles get an empty list.
func (s *Store) List(ctx context.Context, u *auth.User) ([]Summary, error) {
	out := []Summary{}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = db.QueryAll(ctx, tx, func(r db.Scanner) (Summary, error) {
			var c Summary
			return c, r.Scan(&c.ID, &c.StaffNumber, &c.StaffName, &c.Step, &c.Status, &c.OpenedAt)
		}, `SELECT c.id, s.number, s.family_name || ' ' || s.given_name, c.step, c.status, c.opened_at
			FROM rtw_cases c JOIN staff s ON s.id = c.staff_id JOIN rtw_managers m ON m.case_id = c.id
			WHERE c.municipality_id = $1 AND m.user_id = $2 AND m.removed_at IS NULL AND $3 = $4 ORDER BY c.id`,
			u.Municipality, u.ID, string(u.Role), string(auth.CaseManager))
		if err != nil {
			return err
		}
		ids := make([]int64, len(out))
		for i, c := range out {
			ids[i] = c.ID
		}
		return audit.Record(ctx, tx, s.now(), u.Municipality, u.Actor(), "rtw.list", "rtw_case", "", map[string]any{"what": "list", "cases": ids})
	})
	if out == nil {
		out = []Summary{}
	}
	return out, err
}
