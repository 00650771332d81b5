package university

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
)

// Store keeps partners, their agreements and activities, and courses.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// write runs fn in one transaction with the write's time; every exported
// write goes through it and records itself in the audit chain inside fn.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx, now time.Time) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error { return fn(tx, s.now()) })
}

// CreatePartner saves a new partner organisation.
func (s *Store) CreatePartner(ctx context.Context, by audit.Actor, muni int64, p *Partner) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		id, err := db.Insert(ctx, tx, `INSERT INTO partners (municipality_id, name, kind, contact, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			muni, p.Name, p.Kind, p.Contact, now)
		if db.IsUnique(err) {
			return apperr.Fields(apperr.FieldErrors{"name": "同じ名称の連携先が既にあります。"})
		}
		if err != nil {
			return err
		}
		p.ID = id
		return audit.Record(ctx, tx, now, muni, by, "create", "partner", fmt.Sprint(id), audit.Change{After: p})
	})
}

// partnerExists refuses a partner id of another municipality or none.
func partnerExists(ctx context.Context, tx *sql.Tx, muni, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM partners WHERE municipality_id = $1 AND id = $2`, muni, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundf("連携先が見つかりません。")
	}
	return nil
}

// AddAgreement records an agreement with a partner.
func (s *Store) AddAgreement(ctx context.Context, by audit.Actor, muni, partnerID int64, a *Agreement) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		if err := partnerExists(ctx, tx, muni, partnerID); err != nil {
			return err
		}
		id, err := db.Insert(ctx, tx, `INSERT INTO partner_agreements (municipality_id, partner_id, kind, signed_on, ends_on, auto_renew, scope, department, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, muni, partnerID, a.Kind, a.SignedOn, a.EndsOn, a.AutoRenew, a.Scope, a.Department, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "partner_agreement", fmt.Sprint(id), audit.Change{After: a})
	})
}

// AddActivity records one activity with a partner.
func (s *Store) AddActivity(ctx context.Context, by audit.Actor, muni int64, a *Activity) error {
	if !isDate(a.Date) || a.Kind == "" || a.Title == "" || len(a.Title) > 600 || len(a.Kind) > 60 {
		return apperr.Fields(apperr.FieldErrors{"title": "日付・種類・内容を入力してください（内容は200文字以内）。"})
	}
	d, _ := time.Parse("2006-01-02", a.Date)
	return s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		if err := partnerExists(ctx, tx, muni, a.PartnerID); err != nil {
			return err
		}
		id, err := db.Insert(ctx, tx, `INSERT INTO partner_activities (municipality_id, partner_id, on_date, fy, kind, title, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, muni, a.PartnerID, a.Date, calendar.FiscalYear(d), a.Kind, a.Title, now)
		if err != nil {
			return err
		}
		a.ID = id
		return audit.Record(ctx, tx, now, muni, by, "create", "partner_activity", fmt.Sprint(id), audit.Change{After: a})
	})
}

// Partners lists the municipality's partners by name, each with its
// agreements, oldest first.
func (s *Store) Partners(ctx context.Context, muni int64) ([]Partner, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT p.id, p.name, p.kind, p.contact, a.kind, a.signed_on, a.ends_on, a.auto_renew, a.scope, a.department
		FROM partners p LEFT JOIN partner_agreements a ON a.partner_id = p.id
		WHERE p.municipality_id = $1 ORDER BY p.name, p.id, a.signed_on, a.id`, muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Partner{}
	for rows.Next() {
		var p Partner
		var kind, signed, ends, scope, dept sql.NullString
		var renew sql.NullBool
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.Contact, &kind, &signed, &ends, &renew, &scope, &dept); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != p.ID {
			p.Agreements = []Agreement{}
			out = append(out, p)
		}
		if kind.Valid {
			last := &out[len(out)-1]
			last.Agreements = append(last.Agreements, Agreement{Kind: kind.String, SignedOn: signed.String, EndsOn: ends.String, AutoRenew: renew.Bool, Scope: scope.String, Department: dept.String})
		}
	}
	return out, rows.Err()
}

// Activities lists the partner activities of a fiscal year by date.
func (s *Store) Activities(ctx context.Context, muni int64, fy int) ([]Activity, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.id, a.partner_id, p.name, a.on_date, a.kind, a.title FROM partner_activities a JOIN partners p ON p.id = a.partner_id
		WHERE a.municipality_id = $1 AND a.fy = $2 ORDER BY a.on_date, a.id`, muni, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Activity{}
	for rows.Next() {
		var a Activity
		if err := rows.Scan(&a.ID, &a.PartnerID, &a.Partner, &a.Date, &a.Kind, &a.Title); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
