package training

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// Numbering is how certificate numbers run.
type Numbering string

const (
	NumberByYear    Numbering = "fy"      // 令和8年度 第0001号, one run for the whole year
	NumberByProgram Numbering = "program" // 令和8年度 新規採用職員研修 第0001号, one run per programme
)

// Issuers are who signs a 修了証: the head of the center or the mayor.
const (
	IssuerCenter = "center"
	IssuerMayor  = "mayor"
)

// CertificateSettings are how a municipality issues 修了証.
type CertificateSettings struct {
	Issuer     string    `json:"issuer"`      // IssuerCenter or IssuerMayor
	IssuerName string    `json:"issuer_name"` // printed after the title; may be empty
	Numbering  Numbering `json:"numbering"`
}

// DefaultCertificateSettings apply until the center saves its own.
var DefaultCertificateSettings = CertificateSettings{Issuer: IssuerCenter, Numbering: NumberByYear}

// Validate checks the choices and trims the name.
func (c *CertificateSettings) Validate() error {
	c.IssuerName = strings.TrimSpace(c.IssuerName)
	fe := apperr.FieldErrors{}
	if c.Issuer != IssuerCenter && c.Issuer != IssuerMayor {
		fe["issuer"] = "発行者を選んでください。"
	}
	if c.Numbering != NumberByYear && c.Numbering != NumberByProgram {
		fe["numbering"] = "番号の付け方を選んでください。"
	}
	if len([]rune(c.IssuerName)) > 40 {
		fe["issuer_name"] = "氏名は40文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// IssuerTitle is the signing title as printed: 「藤枝市人財育成センター長」
// or 「藤枝市長」.
func (c CertificateSettings) IssuerTitle(muniName, centerName string) string {
	if c.Issuer == IssuerMayor {
		return muniName + "長"
	}
	return muniName + centerName + "長"
}

// CertificateSettings reads the municipality's settings, or the defaults.
func (s *Store) CertificateSettings(ctx context.Context, muni int64) (CertificateSettings, error) {
	return certificateSettings(ctx, s.DB.R, muni)
}

func certificateSettings(ctx context.Context, q db.Q, muni int64) (CertificateSettings, error) {
	c := DefaultCertificateSettings
	var n string
	err := q.QueryRowContext(ctx, `SELECT issuer, issuer_name, numbering FROM certificate_settings WHERE municipality_id = $1`, muni).
		Scan(&c.Issuer, &c.IssuerName, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultCertificateSettings, nil
	}
	c.Numbering = Numbering(n)
	return c, err
}

func certificateNumbering(ctx context.Context, q db.Q, muni int64) (Numbering, error) {
	c, err := certificateSettings(ctx, q, muni)
	return c.Numbering, err
}

// SaveCertificateSettings stores the settings; numbers already issued keep
// their form, new ones follow the new numbering.
func (s *Store) SaveCertificateSettings(ctx context.Context, by audit.Actor, muni int64, c CertificateSettings) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := certificateSettings(ctx, tx, muni)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO certificate_settings (municipality_id, issuer, issuer_name, numbering) VALUES ($1, $2, $3, $4)
			ON CONFLICT (municipality_id) DO UPDATE SET issuer = excluded.issuer, issuer_name = excluded.issuer_name, numbering = excluded.numbering`,
			muni, c.Issuer, c.IssuerName, string(c.Numbering)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "update", "certificate_settings", "", audit.Change{Before: old, After: c})
	})
}

// CertificatesOfSession loads every certificate of a session, in 職員番号
// order, for printing them at once.
func (s *Store) CertificatesOfSession(ctx context.Context, muni, sessionID int64) ([]*Certificate, error) {
	ids, err := db.Int64s(ctx, s.DB.R, `SELECT c.staff_id FROM completions c JOIN staff s ON s.id = c.staff_id
		WHERE c.municipality_id = $1 AND c.session_id = $2 ORDER BY s.number`, muni, sessionID)
	if err != nil {
		return nil, err
	}
	out := make([]*Certificate, 0, len(ids))
	for _, id := range ids {
		c, err := s.CertificateOf(ctx, muni, sessionID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
