package public

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// Kinds of published item.
const (
	ItemProgram = "program"
	ItemTopic   = "topic"
	ItemEvent   = "event"
	ItemResults = "results" // ref is the fiscal year
	// ItemProposal is a policy team cohort's presented proposal and the
	// states of its items; ref is the cohort.
	ItemProposal = "proposal"
)

// MaxPage is the longest center page text.
const MaxPage = 20000

// Programme is a training programme as the public sees it: what it is
// for and whom, never who takes it.
type Programme struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Category  string `json:"category"`
	Purpose   string `json:"purpose"`
	Published bool   `json:"published"`
}

// Topic is a lecture topic a staff member offers, with the department and
// never a name or contact.
type Topic struct {
	ID          int64  `json:"id"`
	Topic       string `json:"topic"`
	Department  string `json:"department"`
	Description string `json:"description"`
	Published   bool   `json:"published"`
}

// Event is a public event of the center (an open lecture, a briefing).
type Event struct {
	ID           int64  `json:"id"`
	Title        string `json:"title"`
	Body         string `json:"body"`
	HeldOn       string `json:"held_on"`
	Place        string `json:"place"`
	Registration string `json:"registration"` // open, full or closed
	Published    bool   `json:"published"`
}

// RegistrationLabel names an event's registration state.
func RegistrationLabel(s string) string {
	switch s {
	case "full":
		return "満席・キャンセル待ち"
	case "closed":
		return "受付終了"
	}
	return "受付中"
}

// Results is a fiscal year's account (実績) as published.
type Results struct {
	FY           int  `json:"fy"`
	Sessions     int  `json:"sessions"`
	Participants int  `json:"participants"`
	Completions  int  `json:"completions"`
	Published    bool `json:"published"`
}

// Site is everything of the public site of a municipality. Built for the
// public it holds published items only; for the center's preview, all.
type Site struct {
	Muni       int64
	MuniName   string
	CenterName string
	Page       string
	PagePublic bool
	Programmes []Programme
	Topics     []Topic
	Events     []Event
	Results    []Results
}

// SiteMuni is the municipality the public site speaks for: the one whose
// code is given, or else the first one created.
func (s *Store) SiteMuni(ctx context.Context, code string) (int64, error) {
	var id int64
	err := s.DB.R.QueryRowContext(ctx, `SELECT id FROM municipalities WHERE code = $1 OR $1 = '' ORDER BY id LIMIT 1`, code).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, apperr.NotFoundf("公開サイトはまだ準備中です。")
	}
	return id, err
}

// Load reads the public site; all includes unpublished items (preview).
func (s *Store) Load(ctx context.Context, muni int64, all bool, fromFY, toFY int) (*Site, error) {
	st := &Site{Muni: muni}
	r := s.DB.R
	if err := r.QueryRowContext(ctx, `SELECT m.name, m.center_name, COALESCE(p.body, ''), COALESCE(p.published, FALSE)
		FROM municipalities m LEFT JOIN public_pages p ON p.municipality_id = m.id WHERE m.id = $1`, muni).
		Scan(&st.MuniName, &st.CenterName, &st.Page, &st.PagePublic); err != nil {
		return nil, err
	}
	pub := ` AND i.ref_id IS NOT NULL`
	if all {
		pub = ``
	}
	var err error
	st.Programmes, err = db.QueryAll(ctx, r, func(x db.Scanner) (Programme, error) {
		var p Programme
		err := x.Scan(&p.ID, &p.Name, &p.Category, &p.Purpose, &p.Published)
		return p, err
	}, `SELECT p.id, p.name, p.category, p.objectives, i.ref_id IS NOT NULL FROM programs p
		LEFT JOIN public_items i ON i.municipality_id = p.municipality_id AND i.kind = 'program' AND i.ref_id = p.id
		WHERE p.municipality_id = $1 AND p.active`+pub+` ORDER BY p.code`, muni)
	if err != nil {
		return nil, err
	}
	// A topic is offered only when its staff member opted in (public).
	st.Topics, err = db.QueryAll(ctx, r, func(x db.Scanner) (Topic, error) {
		var t Topic
		err := x.Scan(&t.ID, &t.Topic, &t.Department, &t.Description, &t.Published)
		return t, err
	}, `SELECT t.id, t.topic, COALESCE(u.path, ''), t.description, i.ref_id IS NOT NULL FROM instructor_topics t
		JOIN staff s ON s.id = t.staff_id
		LEFT JOIN org_units u ON u.id = s.unit_id
		LEFT JOIN public_items i ON i.municipality_id = t.municipality_id AND i.kind = 'topic' AND i.ref_id = t.id
		WHERE t.municipality_id = $1 AND t.public`+pub+` ORDER BY t.id`, muni)
	if err != nil {
		return nil, err
	}
	for i := range st.Topics {
		st.Topics[i].Department, _, _ = strings.Cut(strings.Trim(st.Topics[i].Department, "/"), "/")
	}
	st.Events, err = db.QueryAll(ctx, r, func(x db.Scanner) (Event, error) {
		var e Event
		err := x.Scan(&e.ID, &e.Title, &e.Body, &e.HeldOn, &e.Place, &e.Registration, &e.Published)
		return e, err
	}, `SELECT e.id, e.title, e.body, e.held_on, e.place, e.registration, i.ref_id IS NOT NULL FROM public_events e
		LEFT JOIN public_items i ON i.municipality_id = e.municipality_id AND i.kind = 'event' AND i.ref_id = e.id
		WHERE e.municipality_id = $1`+pub+` ORDER BY e.held_on DESC, e.id DESC`, muni)
	if err != nil {
		return nil, err
	}
	for fy := toFY; fy >= fromFY; fy-- {
		res, err := s.results(ctx, muni, fy)
		if err != nil {
			return nil, err
		}
		if all || res.Published {
			st.Results = append(st.Results, res)
		}
	}
	return st, nil
}

// results counts a fiscal year's account from the training records.
func (s *Store) results(ctx context.Context, muni int64, fy int) (Results, error) {
	res := Results{FY: fy}
	err := s.DB.R.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(DISTINCT a.session_id) FROM attendance a JOIN sessions_training t ON t.id = a.session_id
			WHERE t.municipality_id = $1 AND t.fy = $2 AND a.status IN ('present', 'partial')),
		(SELECT COUNT(*) FROM attendance a JOIN sessions_training t ON t.id = a.session_id
			WHERE t.municipality_id = $1 AND t.fy = $2 AND a.status IN ('present', 'partial')),
		(SELECT COUNT(*) FROM completions WHERE municipality_id = $1 AND fy = $2),
		(SELECT COUNT(*) FROM public_items WHERE municipality_id = $1 AND kind = 'results' AND ref_id = $2)`, muni, fy).
		Scan(&res.Sessions, &res.Participants, &res.Completions, &res.Published)
	return res, err
}

// SavePage saves the center's page text and whether it is published.
func (s *Store) SavePage(ctx context.Context, by audit.Actor, muni int64, body string, published bool) error {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if utf8.RuneCountInString(body) > MaxPage {
		return apperr.Fields(apperr.FieldErrors{"body": "本文は20,000文字以内で入力してください。"})
	}
	now := s.now()
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO public_pages (municipality_id, body, published, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (municipality_id) DO UPDATE SET body = excluded.body, published = excluded.published, updated_at = excluded.updated_at`,
			muni, body, published, now); err != nil {
			return err
		}
		return c.Add(ctx, now, by, "public.page", "public_page", strconv.FormatInt(muni, 10), map[string]bool{"published": published})
	})
}

// Publish publishes or withdraws one item of the municipality.
func (s *Store) Publish(ctx context.Context, by audit.Actor, muni int64, kind string, ref int64, on bool) error {
	var owner string
	switch kind {
	case ItemProgram:
		owner = `SELECT COUNT(*) FROM programs WHERE municipality_id = $1 AND id = $2`
	case ItemTopic:
		owner = `SELECT COUNT(*) FROM instructor_topics WHERE municipality_id = $1 AND id = $2 AND public`
	case ItemEvent:
		owner = `SELECT COUNT(*) FROM public_events WHERE municipality_id = $1 AND id = $2`
	case ItemResults:
		owner = `SELECT COUNT(*) FROM municipalities WHERE id = $1 AND $2 BETWEEN 1989 AND 2200`
	case ItemProposal:
		owner = `SELECT COUNT(*) FROM proposals WHERE municipality_id = $1 AND cohort_id = $2 AND presented_on <> ''`
	default:
		return apperr.Invalidf("公開する項目の種類が正しくありません。")
	}
	now := s.now()
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain) error {
		var n int
		if err := tx.QueryRowContext(ctx, owner, muni, ref).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundf("公開する項目が見つかりません。")
		}
		q := `DELETE FROM public_items WHERE municipality_id = $1 AND kind = $2 AND ref_id = $3`
		args := []any{muni, kind, ref}
		if on {
			q = `INSERT INTO public_items (municipality_id, kind, ref_id, published_at) VALUES ($1, $2, $3, $4) ON CONFLICT (municipality_id, kind, ref_id) DO NOTHING`
			args = append(args, now)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		action := "public.unpublish"
		if on {
			action = "public.publish"
		}
		return c.Add(ctx, now, by, action, "public_item", fmt.Sprintf("%s/%d", kind, ref), nil)
	})
}

// AddEvent adds a public event of the center (unpublished).
func (s *Store) AddEvent(ctx context.Context, by audit.Actor, muni int64, e Event) (int64, error) {
	if err := e.Validate(); err != nil {
		return 0, err
	}
	now := s.now()
	var id int64
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO public_events (municipality_id, title, body, held_on, place, registration, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			muni, e.Title, e.Body, e.HeldOn, e.Place, e.Registration, now).Scan(&id); err != nil {
			return err
		}
		return c.Add(ctx, now, by, "public.event", "public_event", strconv.FormatInt(id, 10), e)
	})
	return id, err
}
