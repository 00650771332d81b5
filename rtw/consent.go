package rtw

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/db"
)

// RecordConsent records the person's consent (given) or refusal for a
// disclosure to a party; what is sealed.
func (s *Store) RecordConsent(ctx context.Context, u *auth.User, caseID int64, party string, given bool, what string) error {
	_, err := s.write(ctx, u.Municipality, u.Actor(), "rtw.consent", func(tx *sql.Tx) (int64, any, error) {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		if Parties[party] == "" {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"party": "提供先を選んでください。"})
		}
		sealed, err := s.sealOrMissing(what, caseID)
		if err != nil {
			return 0, nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rtw_consents (municipality_id, case_id, party, given, what, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			u.Municipality, caseID, party, given, sealed, s.now())
		return caseID, map[string]any{"party": party, "given": given}, err
	})
	return err
}

// WithdrawConsent marks the consents in force for a party withdrawn.
func (s *Store) WithdrawConsent(ctx context.Context, u *auth.User, caseID int64, party string) error {
	_, err := s.write(ctx, u.Municipality, u.Actor(), "rtw.consent_withdraw", func(tx *sql.Tx) (int64, any, error) {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		_, err := tx.ExecContext(ctx, `UPDATE rtw_consents SET withdrawn_at = $1 WHERE case_id = $2 AND party = $3 AND withdrawn_at IS NULL`, s.now(), caseID, party)
		return caseID, map[string]any{"party": party}, err
	})
	return err
}

// RecordDisclosure records a provision of information to a party. It is
// refused unless a consent for that party is in force (ConsentInForce).
func (s *Store) RecordDisclosure(ctx context.Context, u *auth.User, caseID int64, party, what string) error {
	_, err := s.write(ctx, u.Municipality, u.Actor(), "rtw.disclose", func(tx *sql.Tx) (int64, any, error) {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		cs, err := consents(ctx, tx, caseID)
		if err != nil {
			return 0, nil, err
		}
		consent, ok := ConsentInForce(cs, party)
		if !ok {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"party": Parties[party] + "への提供について、本人の同意が記録されていません（または撤回されています）。"})
		}
		sealed, err := s.sealOrMissing(what, caseID)
		if err != nil {
			return 0, nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rtw_disclosures (municipality_id, case_id, consent_id, party, what, disclosed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			u.Municipality, caseID, consent, party, sealed, s.now())
		return caseID, map[string]any{"party": party, "consent": consent}, err
	})
	return err
}

func consents(ctx context.Context, q db.Q, caseID int64) ([]Consent, error) {
	return db.QueryAll(ctx, q, func(r db.Scanner) (Consent, error) {
		var c Consent
		var w sql.NullTime
		err := r.Scan(&c.ID, &c.Party, &c.Given, &c.What, &c.At, &w)
		if w.Valid {
			c.Withdrawn = &w.Time
		}
		return c, err
	}, `SELECT id, party, given, what, recorded_at, withdrawn_at FROM rtw_consents WHERE case_id = $1 ORDER BY id`, caseID)
}

func (s *Store) sealOrMissing(v string, caseID int64) (string, error) {
	if v == "" {
		return "", nil
	}
	sealed, err := s.Keys.Seal(v, ad(caseID))
	if err != nil {
		return "", ErrKeyMissing
	}
	return sealed, nil
}

// Adjustment is a 就業上の配慮 released to the 所属長: the measure and
// its end, never the reason.
type Adjustment struct {
	StaffNumber string `json:"staff_number"`
	StaffName   string `json:"staff_name"`
	Text        string `json:"text"`
	Until       string `json:"until"`
}

// ReleaseAdjustment releases a work adjustment to the person's 所属長.
// It is stored in plain text on purpose (the 所属長 reads it), so the
// manager writes only the measure, e.g. 「時間外勤務なし」. Releasing needs
// the person's consent to provision to the 所属長.
func (s *Store) ReleaseAdjustment(ctx context.Context, u *auth.User, caseID int64, text, until string) error {
	_, err := s.write(ctx, u.Municipality, u.Actor(), "rtw.release", func(tx *sql.Tx) (int64, any, error) {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		if text == "" {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"text": "配慮の内容を入力してください。"})
		}
		if until != "" {
			if _, err := time.Parse(time.DateOnly, until); err != nil {
				return 0, nil, apperr.Fields(apperr.FieldErrors{"until": "期限は 2027-03-31 の形で入力してください。"})
			}
		}
		cs, err := consents(ctx, tx, caseID)
		if err != nil {
			return 0, nil, err
		}
		if _, ok := ConsentInForce(cs, "supervisor"); !ok {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"text": "所属長への提供について、本人の同意が記録されていません。"})
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rtw_adjustments (municipality_id, case_id, staff_id, text, until_date, released_at)
			SELECT municipality_id, id, staff_id, $1, $2, $3 FROM rtw_cases WHERE id = $4`, text, until, s.now(), caseID)
		return caseID, nil, err
	})
	return err
}

// Adjustments lists the released adjustments of the staff a 所属長
// heads (their unit and below), current ones only. It names no case.
func (s *Store) Adjustments(ctx context.Context, u *auth.User) ([]Adjustment, error) {
	if u.Role != auth.Supervisor || u.UnitPath == "" {
		return []Adjustment{}, nil
	}
	today := s.now().Format(time.DateOnly)
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Adjustment, error) {
		var a Adjustment
		return a, r.Scan(&a.StaffNumber, &a.StaffName, &a.Text, &a.Until)
	}, `SELECT s.number, s.family_name || ' ' || s.given_name, a.text, a.until_date FROM rtw_adjustments a
		JOIN staff s ON s.id = a.staff_id JOIN org_units o ON o.id = s.unit_id
		WHERE a.municipality_id = $1 AND a.text <> '' AND (a.until_date = '' OR a.until_date >= $2) AND `+auth.InPathSQL("o.path", "$3")+`
		ORDER BY s.number, a.id`, u.Municipality, today, u.UnitPath)
}
