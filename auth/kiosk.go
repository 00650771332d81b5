package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
)

// A kiosk session is the credential of the 受付 tablet: a member of the
// center or the session's instructor starts it on the tablet, and from then
// on that browser can only check people in to that one training session.
// It is not the person's own session (which the tablet must not keep, or
// anyone at the venue could use the system as them), and it ends at
// midnight in Japan, so a tablet left at the venue is useless the next day.

// KioskEnd is when a kiosk session started at now stops working: the end
// of that day in Japan.
func KioskEnd(now time.Time) time.Time {
	d := calendar.Today(now)
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, calendar.JST)
}

// StartKiosk makes a kiosk session for one training session, started by
// u, and returns its secret (only its hash is stored) and its end. Who may
// run the tablet of that session is the caller's check.
func (s *Store) StartKiosk(ctx context.Context, u *User, sessionID int64) (string, time.Time, error) {
	tok := RandomToken()
	now := s.now()
	end := KioskEnd(now)
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		// Expired kiosk sessions are of no use to anyone: drop them here
		// rather than in a batch job.
		if _, err := tx.ExecContext(ctx, `DELETE FROM kiosk_sessions WHERE expires_at <= $1`, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kiosk_sessions (id, municipality_id, user_id, session_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, hashToken(tok), u.Municipality, u.ID, sessionID, now, end); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, u.Municipality, u.Actor(), "start", "kiosk", fmt.Sprint(sessionID),
			map[string]string{"expires": end.Format(time.RFC3339)})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return tok, end, nil
}

// KioskUser returns the user who started a live kiosk session, with Kiosk
// set to the training session it is bound to, or NotFound. The web kit
// lets such a user reach that session's tablet and nothing else.
func (s *Store) KioskUser(ctx context.Context, tok string) (*User, error) {
	if tok == "" {
		return nil, apperr.NotFoundf("受付タブレットの利用が開始されていません。")
	}
	var sessionID int64
	var expires time.Time
	u, err := scanUser(withExtra{s.DB.R.QueryRowContext(ctx, `SELECT `+userCols+`, k.session_id, k.expires_at`+userFrom+
		`JOIN kiosk_sessions k ON k.user_id = u.id WHERE k.id = $1`, hashToken(tok)), []any{&sessionID, &expires}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("受付タブレットの利用が開始されていません。")
	} else if err != nil {
		return nil, err
	}
	if !s.now().Before(expires) || u.Disabled {
		return nil, apperr.NotFoundf("受付タブレットの利用期限が過ぎました。")
	}
	u.Kiosk = sessionID
	return u, nil
}
