package teams

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// Proposal reads a cohort's 提言書 with its items and their answers.
func (s *Store) Proposal(ctx context.Context, muni, cohortID int64) (*Proposal, error) {
	p := Proposal{CohortID: cohortID}
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, title, presented_on FROM proposals WHERE cohort_id = $1 AND municipality_id = $2`, cohortID, muni).Scan(&p.ID, &p.Title, &p.PresentedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("この期の提言書はまだ登録されていません。")
	}
	if err != nil {
		return nil, err
	}
	p.Items, err = s.items(ctx, muni, `p.id = $2`, p.ID)
	return &p, err
}

// SaveProposal records a cohort's 提言書 with its items. A cohort has one
// proposal; it is recorded once, when the items are final.
func (s *Store) SaveProposal(ctx context.Context, by audit.Actor, muni int64, p *Proposal) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "create", "proposal", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_cohorts WHERE id = $1 AND municipality_id = $2`, p.CohortID, muni).Scan(&n); err != nil || n == 0 {
			return 0, nil, errors.Join(err, apperr.NotFoundf("期が見つかりません。"))
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO proposals (municipality_id, cohort_id, title, presented_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			muni, p.CohortID, p.Title, p.PresentedOn, now).Scan(&p.ID)
		if db.IsUnique(err) {
			return 0, nil, apperr.New(apperr.Conflict, "この期の提言書はもう登録されています。")
		}
		if err != nil {
			return 0, nil, err
		}
		for i := range p.Items {
			it := &p.Items[i]
			it.Position, it.CohortID = i+1, p.CohortID
			if err := tx.QueryRowContext(ctx, `INSERT INTO proposal_items (municipality_id, proposal_id, position, text, measure, cost) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
				muni, p.ID, it.Position, strings.TrimSpace(it.Text), it.Measure, it.Cost).Scan(&it.ID); err != nil {
				return 0, nil, err
			}
			for _, d := range it.Departments {
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_units WHERE municipality_id = $1 AND path = $2`, muni, d).Scan(&n); err != nil {
					return 0, nil, err
				}
				if n == 0 {
					return 0, nil, apperr.Fields(apperr.FieldErrors{"items": "担当部局「" + d + "」が組織にありません。"})
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_item_units (municipality_id, item_id, unit_path) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, muni, it.ID, d); err != nil {
					return 0, nil, err
				}
			}
		}
		return p.ID, p, nil
	})
}

// itemJoin reaches an item's cohort; conditions name p (proposals) and c
// (team_cohorts) and number their placeholders from $2.
const itemJoin = ` FROM proposal_items i JOIN proposals p ON p.id = i.proposal_id JOIN team_cohorts c ON c.id = p.cohort_id WHERE i.municipality_id = $1 AND `

// items reads items with their departments and answers, by cohort year
// and position.
func (s *Store) items(ctx context.Context, muni int64, cond string, args ...any) ([]Item, error) {
	all := append([]any{muni}, args...)
	items, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Item, error) {
		var it Item
		err := r.Scan(&it.ID, &it.CohortID, &it.CohortFY, &it.Position, &it.Text, &it.Measure, &it.Cost)
		return it, err
	}, `SELECT i.id, c.id, c.fy, i.position, i.text, i.measure, i.cost`+itemJoin+cond+` ORDER BY c.fy, c.team_id, i.position`, all...)
	if err != nil || len(items) == 0 {
		return items, err
	}
	byID := map[int64]*Item{}
	for i := range items {
		items[i].Departments = []string{}
		byID[items[i].ID] = &items[i]
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.item_id, u.unit_path FROM proposal_item_units u JOIN proposal_items i ON i.id = u.item_id
		JOIN proposals p ON p.id = i.proposal_id JOIN team_cohorts c ON c.id = p.cohort_id WHERE i.municipality_id = $1 AND `+cond+` ORDER BY u.unit_path`, all...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		byID[id].Departments = append(byID[id].Departments, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rs, err := db.QueryAll(ctx, s.DB.R, scanResponse, `SELECT r.id, r.item_id, r.fy, r.status, r.progress, r.action, r.note, r.answered_by, r.created_at
		FROM proposal_responses r JOIN proposal_items i ON i.id = r.item_id JOIN proposals p ON p.id = i.proposal_id JOIN team_cohorts c ON c.id = p.cohort_id
		WHERE i.municipality_id = $1 AND `+cond+` ORDER BY r.fy`, all...)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		it := byID[r.ItemID]
		it.Responses = append(it.Responses, r)
		st := r.Status
		it.LatestStatus, it.Progress = &st, r.Progress
	}
	return items, nil
}

func scanResponse(r db.Scanner) (Response, error) {
	var x Response
	err := r.Scan(&x.ID, &x.ItemID, &x.FY, &x.Status, &x.Progress, &x.Action, &x.Note, &x.AnsweredBy, &x.CreatedAt)
	return x, err
}

// Item reads one item with its answers, and whether its proposal has been
// presented (drafts are for the center and the cohort only).
func (s *Store) Item(ctx context.Context, muni, id int64) (*Item, bool, error) {
	items, err := s.items(ctx, muni, `i.id = $2`, id)
	if err != nil {
		return nil, false, err
	}
	if len(items) == 0 {
		return nil, false, apperr.NotFoundf("提言項目が見つかりません。")
	}
	var presented string
	err = s.DB.R.QueryRowContext(ctx, `SELECT p.presented_on FROM proposal_items i JOIN proposals p ON p.id = i.proposal_id WHERE i.id = $1`, id).Scan(&presented)
	return &items[0], presented != "", err
}

// TeamItems lists the items of a team's presented proposals.
func (s *Store) TeamItems(ctx context.Context, muni, teamID int64) ([]Item, error) {
	return s.items(ctx, muni, `c.team_id = $2 AND p.presented_on <> ''`, teamID)
}

// ScopeItems lists the presented items owned by a department in the
// scope (a liaison's department and below; the whole city for the center).
func (s *Store) ScopeItems(ctx context.Context, muni int64, sc auth.Scope) ([]Item, error) {
	args := []any{muni}
	cond := `p.presented_on <> '' AND i.id IN (SELECT u.item_id FROM proposal_item_units u WHERE u.municipality_id = $1` + sc.And("NULL", "u.unit_path", &args) + `)`
	return s.items(ctx, muni, cond, args[1:]...)
}

// Respond records a department's answer for an item and fiscal year. An
// answer is never overwritten: a second answer for the same year is a
// conflict, so each year's word stays as given.
func (s *Store) Respond(ctx context.Context, by audit.Actor, muni int64, r *Response) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "create", "proposal_response", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposal_items WHERE id = $1 AND municipality_id = $2`, r.ItemID, muni).Scan(&n); err != nil {
			return 0, nil, err
		}
		if n == 0 {
			return 0, nil, apperr.NotFoundf("提言項目が見つかりません。")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposal_responses WHERE item_id = $1 AND fy = $2`, r.ItemID, r.FY).Scan(&n); err != nil {
			return 0, nil, err
		}
		if n > 0 {
			return 0, nil, apperr.New(apperr.Conflict, "この年度の回答はもう登録されています。")
		}
		r.AnsweredBy, r.CreatedAt = by.Login, now
		err := tx.QueryRowContext(ctx, `INSERT INTO proposal_responses (municipality_id, item_id, fy, status, progress, action, note, answered_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			muni, r.ItemID, r.FY, r.Status, r.Progress, r.Action, r.Note, r.AnsweredBy, now).Scan(&r.ID)
		if db.IsUnique(err) {
			return 0, nil, apperr.New(apperr.Conflict, "この年度の回答はもう登録されています。")
		}
		return r.ID, r, err
	})
}
