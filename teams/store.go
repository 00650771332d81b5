package teams

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// Store reads and writes the teams' tables.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// write runs fn in one transaction and appends its audit entry there, so
// a change and its record are kept or lost together.
func (s *Store) write(ctx context.Context, muni int64, by audit.Actor, action, entity string, fn func(tx *sql.Tx, now time.Time) (id int64, detail any, err error)) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		id, detail, err := fn(tx, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, action, entity, fmt.Sprint(id), detail)
	})
}

var errNoTeam = apperr.NotFoundf("チームが見つかりません。")

func scanTeam(r db.Scanner) (Team, error) {
	var t Team
	err := r.Scan(&t.ID, &t.Name, &t.Purpose, &t.SinceFY)
	return t, err
}

// Teams lists the municipality's teams, oldest first.
func (s *Store) Teams(ctx context.Context, muni int64) ([]Team, error) {
	return db.QueryAll(ctx, s.DB.R, scanTeam, `SELECT id, name, purpose, since_fy FROM teams WHERE municipality_id = $1 ORDER BY since_fy, id`, muni)
}

// Team reads one team.
func (s *Store) Team(ctx context.Context, muni, id int64) (*Team, error) {
	t, err := scanTeam(s.DB.R.QueryRowContext(ctx, `SELECT id, name, purpose, since_fy FROM teams WHERE id = $1 AND municipality_id = $2`, id, muni))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoTeam
	}
	return &t, err
}

// CreateTeam adds a team.
func (s *Store) CreateTeam(ctx context.Context, by audit.Actor, muni int64, t *Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "create", "team", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		err := tx.QueryRowContext(ctx, `INSERT INTO teams (municipality_id, name, purpose, since_fy, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			muni, t.Name, t.Purpose, t.SinceFY, now).Scan(&t.ID)
		if db.IsUnique(err) {
			return 0, nil, apperr.New(apperr.Conflict, "同じ名前のチームがあります。")
		}
		return t.ID, t, err
	})
}

const cohortCols = `c.id, c.team_id, t.name, c.fy, c.theme, c.selection FROM team_cohorts c JOIN teams t ON t.id = c.team_id `

func scanCohort(r db.Scanner) (Cohort, error) {
	var c Cohort
	err := r.Scan(&c.ID, &c.TeamID, &c.TeamName, &c.FY, &c.Theme, &c.Selection)
	return c, err
}

// Cohorts lists a team's cohorts with their members, newest first.
func (s *Store) Cohorts(ctx context.Context, muni, teamID int64) ([]Cohort, error) {
	cs, err := db.QueryAll(ctx, s.DB.R, scanCohort, `SELECT `+cohortCols+`WHERE c.team_id = $1 AND c.municipality_id = $2 ORDER BY c.fy DESC`, teamID, muni)
	if err != nil {
		return nil, err
	}
	ms, err := s.members(ctx, `m.cohort_id IN (SELECT id FROM team_cohorts WHERE team_id = $2)`, muni, teamID)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i].Members = ms[cs[i].ID]
		if cs[i].Members == nil {
			cs[i].Members = []Member{}
		}
	}
	return cs, nil
}

// Cohort reads one cohort with its members.
func (s *Store) Cohort(ctx context.Context, muni, id int64) (*Cohort, error) {
	c, err := scanCohort(s.DB.R.QueryRowContext(ctx, `SELECT `+cohortCols+`WHERE c.id = $1 AND c.municipality_id = $2`, id, muni))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("期が見つかりません。")
	}
	if err != nil {
		return nil, err
	}
	ms, err := s.members(ctx, `m.cohort_id = $2`, muni, id)
	c.Members = ms[id]
	if c.Members == nil {
		c.Members = []Member{}
	}
	return &c, err
}

// members reads members by cohort; cond uses $2 onwards.
func (s *Store) members(ctx context.Context, cond string, muni int64, args ...any) (map[int64][]Member, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT m.cohort_id, m.staff_id, s.number, s.family_name, s.given_name, m.role, m.unit_path, m.rank_name, m.gender
		FROM team_members m JOIN staff s ON s.id = m.staff_id WHERE m.municipality_id = $1 AND `+cond+` ORDER BY m.cohort_id, m.id`, append([]any{muni}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Member{}
	for rows.Next() {
		var cid int64
		var m Member
		var fam, given string
		if err := rows.Scan(&cid, &m.StaffID, &m.Number, &fam, &given, &m.Role, &m.Unit, &m.Rank, &m.Gender); err != nil {
			return nil, err
		}
		m.Name = fam + " " + given
		out[cid] = append(out[cid], m)
	}
	return out, rows.Err()
}

// CreateCohort adds a team's cohort for a fiscal year.
func (s *Store) CreateCohort(ctx context.Context, by audit.Actor, muni int64, c *Cohort) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if _, err := s.Team(ctx, muni, c.TeamID); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "create", "team_cohort", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		err := tx.QueryRowContext(ctx, `INSERT INTO team_cohorts (municipality_id, team_id, fy, theme, selection, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			muni, c.TeamID, c.FY, c.Theme, c.Selection, now).Scan(&c.ID)
		if db.IsUnique(err) {
			return 0, nil, apperr.New(apperr.Conflict, "この年度の期はもう登録されています。")
		}
		return c.ID, c, err
	})
}

// AddMember adds a staff member to a cohort with their current department,
// rank and gender from the registry, which the cohort then keeps.
func (s *Store) AddMember(ctx context.Context, by audit.Actor, muni, cohortID int64, number, role string) error {
	if !validRole(role) {
		return apperr.Fields(apperr.FieldErrors{"role": "チームでの役割を選んでください。"})
	}
	if _, err := s.Cohort(ctx, muni, cohortID); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "create", "team_member", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		var m Member
		err := tx.QueryRowContext(ctx, `SELECT s.id, COALESCE(o.path, ''), COALESCE(r.name, ''), s.gender FROM staff s
			LEFT JOIN org_units o ON o.id = s.unit_id LEFT JOIN ranks r ON r.id = s.rank_id
			WHERE s.municipality_id = $1 AND s.number = $2`, muni, number).Scan(&m.StaffID, &m.Unit, &m.Rank, &m.Gender)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"number": "その職員番号の職員は見つかりません。"})
		}
		if err != nil {
			return 0, nil, err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO team_members (municipality_id, cohort_id, staff_id, role, unit_path, rank_name, gender) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			muni, cohortID, m.StaffID, role, m.Unit, m.Rank, m.Gender).Scan(&id)
		if db.IsUnique(err) {
			return 0, nil, apperr.New(apperr.Conflict, "この職員はもうこの期のメンバーです。")
		}
		return id, map[string]any{"cohort": cohortID, "number": number, "role": role}, err
	})
}

func validRole(role string) bool {
	for _, r := range Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Membership is one cohort a staff member belonged to, for their
// development record.
type Membership struct {
	Number   string `json:"number"`
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	CohortID int64  `json:"cohort_id"`
	Team     string `json:"team"`
	FY       int    `json:"fy"`
	Theme    string `json:"theme"`
	Role     string `json:"role"`
}

// MembershipsOf lists the cohorts a staff member belonged to, newest first.
func (s *Store) MembershipsOf(ctx context.Context, muni, staffID int64) ([]Membership, error) {
	return s.memberships(ctx, `AND m.staff_id = $2`, muni, staffID)
}

// MembershipsIn lists the memberships of the staff a scope sees (a
// 所属長's unit and below), with the unit they are in now.
func (s *Store) MembershipsIn(ctx context.Context, muni int64, sc auth.Scope) ([]Membership, error) {
	args := []any{muni}
	cond := sc.And("s.id", "o.path", &args)
	return s.memberships(ctx, cond, args...)
}

func (s *Store) memberships(ctx context.Context, cond string, args ...any) ([]Membership, error) {
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Membership, error) {
		var m Membership
		var fam, given string
		err := r.Scan(&m.Number, &fam, &given, &m.Unit, &m.CohortID, &m.Team, &m.FY, &m.Theme, &m.Role)
		m.Name = fam + " " + given
		return m, err
	}, `SELECT s.number, s.family_name, s.given_name, COALESCE(o.path, ''), c.id, t.name, c.fy, c.theme, m.role
		FROM team_members m JOIN team_cohorts c ON c.id = m.cohort_id JOIN teams t ON t.id = c.team_id
		JOIN staff s ON s.id = m.staff_id LEFT JOIN org_units o ON o.id = s.unit_id
		WHERE m.municipality_id = $1 `+cond+` ORDER BY c.fy DESC, t.id, s.number`, args...)
}
