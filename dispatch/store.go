package dispatch

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// Store keeps topics, requests and settings.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// write runs fn in one transaction with the municipality's audit chain, to
// which fn adds the entries of what it did. The chain's head is taken
// first: on PostgreSQL its row lock orders concurrent writers.
func (s *Store) write(ctx context.Context, muni int64, fn func(tx *sql.Tx, c *audit.Chain, now time.Time) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		if err := fn(tx, c, s.now()); err != nil {
			return err
		}
		return c.Close(ctx)
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// Viewer is who looks at requests: the center sees every one, a lecturer
// their own lectures, a 所属長 the lectures of the staff in their scope
// once their agreement was asked.
type Viewer struct {
	UserID  int64
	StaffID int64
	Center  bool
	Role    auth.Role
	Scope   auth.Scope
	Actor   audit.Actor
}

// ViewerOf is the viewer of a signed-in user.
func ViewerOf(u *auth.User) Viewer {
	return Viewer{UserID: u.ID, StaffID: u.StaffID, Center: u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff, Role: u.Role, Scope: auth.ScopeOf(u), Actor: u.Actor()}
}

// Sees tells whether the viewer may see a request whose lecturer (0 for
// none yet) works in the unit lecturerPath.
func (v Viewer) Sees(r *Request, lecturerPath string) bool {
	switch {
	case v.Center:
		return true
	case r.LecturerID == 0:
		return false
	case v.StaffID != 0 && v.StaffID == r.LecturerID:
		return true
	case v.Role == auth.Supervisor && r.Agreement != "":
		return v.Scope.Includes(r.LecturerID, lecturerPath)
	}
	return false
}

// Settings reads the municipality's rules, the defaults until changed.
func (s *Store) Settings(ctx context.Context, q db.Q, muni int64) (Settings, error) {
	if q == nil {
		q = s.DB.R
	}
	st := DefaultSettings
	err := q.QueryRowContext(ctx, `SELECT lead_days, min_audience, retention_days FROM dispatch_settings WHERE municipality_id = $1`, muni).
		Scan(&st.LeadDays, &st.MinAudience, &st.RetentionDays)
	if err == sql.ErrNoRows {
		return DefaultSettings, nil
	}
	return st, err
}

// Validate checks settings.
func (st Settings) Validate() error {
	fe := apperr.FieldErrors{}
	if st.LeadDays < 0 || st.LeadDays > 180 {
		fe["lead_days"] = "申込期限は0〜180日で入力してください。"
	}
	if st.MinAudience < 1 || st.MinAudience > 1000 {
		fe["min_audience"] = "最少人数は1〜1000人で入力してください。"
	}
	if st.RetentionDays < 30 || st.RetentionDays > 3650 {
		fe["retention_days"] = "個人情報の保存期間は30〜3650日で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// SaveSettings changes the municipality's rules.
func (s *Store) SaveSettings(ctx context.Context, by audit.Actor, muni int64, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO dispatch_settings (municipality_id, lead_days, min_audience, retention_days, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (municipality_id) DO UPDATE SET lead_days = $2, min_audience = $3, retention_days = $4, updated_at = $5`,
			muni, st.LeadDays, st.MinAudience, st.RetentionDays, now); err != nil {
			return err
		}
		return c.Add(ctx, now, by, "update", "lecture_settings", id(muni), st)
	})
}
