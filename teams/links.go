package teams

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// LinkSession records that a training session (created with the training
// store) was planned for a cohort, such as a フジェンヌ seminar.
func (s *Store) LinkSession(ctx context.Context, by audit.Actor, muni, cohortID, sessionID int64) error {
	return s.write(ctx, muni, by, "create", "team_session", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM team_cohorts WHERE id = $1 AND municipality_id = $3) * (SELECT COUNT(*) FROM sessions_training WHERE id = $2 AND municipality_id = $3)`,
			cohortID, sessionID, muni).Scan(&n); err != nil {
			return 0, nil, err
		}
		if n == 0 {
			return 0, nil, apperr.NotFoundf("期または開催回が見つかりません。")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO team_sessions (municipality_id, cohort_id, session_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, muni, cohortID, sessionID); err != nil {
			return 0, nil, err
		}
		return cohortID, map[string]any{"cohort": cohortID, "session_id": sessionID}, nil
	})
}

// CohortSessions lists the ids of the sessions planned for a cohort.
func (s *Store) CohortSessions(ctx context.Context, muni, cohortID int64) ([]int64, error) {
	return db.Int64s(ctx, s.DB.R, `SELECT session_id FROM team_sessions WHERE cohort_id = $1 AND municipality_id = $2 ORDER BY session_id`, cohortID, muni)
}

// Published tells whether the center publishes a cohort's proposal on the
// public site.
func (s *Store) Published(ctx context.Context, muni, cohortID int64) (bool, error) {
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM public_items WHERE municipality_id = $1 AND kind = 'proposal' AND ref_id = $2`, muni, cohortID).Scan(&n)
	return n > 0, err
}

// PublicCohort is a cohort's presented proposal as the public site shows
// it: the team, the year, the theme and the items with their state, never
// the members.
type PublicCohort struct {
	CohortID    int64  `json:"cohort_id"`
	Team        string `json:"team"`
	FY          int    `json:"fy"`
	Theme       string `json:"theme"`
	Title       string `json:"title"`
	PresentedOn string `json:"presented_on"`
	Items       []Item `json:"items"`
}

// publishedCond selects the presented proposals the center published.
const publishedCond = `p.presented_on <> '' AND c.id IN (SELECT ref_id FROM public_items WHERE municipality_id = $1 AND kind = 'proposal')`

// PublicProposals lists the published cohorts' proposals, newest first.
func (s *Store) PublicProposals(ctx context.Context, muni int64) ([]PublicCohort, error) {
	cs, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (PublicCohort, error) {
		var c PublicCohort
		return c, r.Scan(&c.CohortID, &c.Team, &c.FY, &c.Theme, &c.Title, &c.PresentedOn)
	}, `SELECT c.id, t.name, c.fy, c.theme, p.title, p.presented_on FROM proposals p JOIN team_cohorts c ON c.id = p.cohort_id JOIN teams t ON t.id = c.team_id
		WHERE p.municipality_id = $1 AND `+publishedCond+` ORDER BY c.fy DESC, t.since_fy, t.id`, muni)
	if err != nil || len(cs) == 0 {
		return cs, err
	}
	items, err := s.items(ctx, muni, publishedCond)
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for i := range cs {
		at[cs[i].CohortID] = i
		cs[i].Items = []Item{}
	}
	for _, it := range items {
		it.Responses = nil
		c := &cs[at[it.CohortID]]
		c.Items = append(c.Items, it)
	}
	return cs, nil
}
