package teams

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// The refusals of edits that would break the record. Each is a rule
// table-tested in TestEditRefusals.
var (
	errMemberAfterPresented = apperr.New(apperr.Conflict, "提言書を市長へ提出した後は、メンバーを外せません（役割は変えられます）。")
	errItemAnswered         = apperr.New(apperr.Conflict, "この提言項目には部局の回答が記録されているため、削除できません。")
	errUnpresentAnswered    = apperr.New(apperr.Conflict, "回答が記録された提言書は、未提出に戻せません。")
	errLastItem             = apperr.New(apperr.Conflict, "提言書には提言項目が1件以上必要です。")
	errDeptAnswered         = apperr.New(apperr.Conflict, "回答が記録された提言項目の担当部局は、外せません（追加はできます）。")
)

// CanRemoveMember refuses to remove a member once the cohort's proposal
// was presented: who wrote it is then part of the record.
func CanRemoveMember(presented bool) error {
	if presented {
		return errMemberAfterPresented
	}
	return nil
}

// CanRemoveItem refuses to remove an item that a department has answered,
// or the last item of a proposal.
func CanRemoveItem(answers, items int) error {
	if answers > 0 {
		return errItemAnswered
	}
	if items <= 1 {
		return errLastItem
	}
	return nil
}

// CanSetPresented refuses to make an answered proposal a draft again.
func CanSetPresented(presentedOn string, answers int) error {
	if presentedOn == "" && answers > 0 {
		return errUnpresentAnswered
	}
	return nil
}

// CanChangeDepartments refuses to drop a department from an answered item:
// the department that answered must stay on it.
func CanChangeDepartments(old, new []string, answers int) error {
	if answers == 0 {
		return nil
	}
	keep := map[string]bool{}
	for _, d := range new {
		keep[d] = true
	}
	for _, d := range old {
		if !keep[d] {
			return errDeptAnswered
		}
	}
	return nil
}

// presented tells whether a cohort's proposal was presented.
func presented(ctx context.Context, tx *sql.Tx, muni, cohortID int64) (bool, error) {
	var on string
	err := tx.QueryRowContext(ctx, `SELECT presented_on FROM proposals WHERE cohort_id = $1 AND municipality_id = $2`, cohortID, muni).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return on != "", err
}

// memberRole reads a member's role, 404 when they are not in the cohort.
func memberRole(ctx context.Context, tx *sql.Tx, muni, cohortID, staffID int64) (int64, string, error) {
	var id int64
	var role string
	err := tx.QueryRowContext(ctx, `SELECT id, role FROM team_members WHERE cohort_id = $1 AND staff_id = $2 AND municipality_id = $3`, cohortID, staffID, muni).Scan(&id, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", apperr.NotFoundf("この期のメンバーではありません。")
	}
	return id, role, err
}

// SetMemberRole changes a member's role in the cohort.
func (s *Store) SetMemberRole(ctx context.Context, by audit.Actor, muni, cohortID, staffID int64, role string) error {
	if !validRole(role) {
		return apperr.Fields(apperr.FieldErrors{"role": "チームでの役割を選んでください。"})
	}
	return s.write(ctx, muni, by, "update_role", "team_member", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		id, old, err := memberRole(ctx, tx, muni, cohortID, staffID)
		if err != nil {
			return 0, nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE team_members SET role = $1 WHERE id = $2`, role, id); err != nil {
			return 0, nil, err
		}
		return id, map[string]any{"cohort": cohortID, "staff_id": staffID, "from": old, "to": role}, nil
	})
}

// RemoveMember takes a member out of a cohort whose proposal is not yet
// presented.
func (s *Store) RemoveMember(ctx context.Context, by audit.Actor, muni, cohortID, staffID int64) error {
	return s.write(ctx, muni, by, "remove", "team_member", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		id, role, err := memberRole(ctx, tx, muni, cohortID, staffID)
		if err != nil {
			return 0, nil, err
		}
		on, err := presented(ctx, tx, muni, cohortID)
		if err != nil {
			return 0, nil, err
		}
		if err := CanRemoveMember(on); err != nil {
			return 0, nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_members WHERE id = $1`, id); err != nil {
			return 0, nil, err
		}
		return id, map[string]any{"cohort": cohortID, "staff_id": staffID, "role": role}, nil
	})
}

// proposalOf reads a cohort's proposal id, presented date and its number of
// answers in the transaction.
func proposalOf(ctx context.Context, tx *sql.Tx, muni, cohortID int64) (id int64, on string, answers int, err error) {
	err = tx.QueryRowContext(ctx, `SELECT p.id, p.presented_on, (SELECT COUNT(*) FROM proposal_responses r JOIN proposal_items i ON i.id = r.item_id WHERE i.proposal_id = p.id)
		FROM proposals p WHERE p.cohort_id = $1 AND p.municipality_id = $2`, cohortID, muni).Scan(&id, &on, &answers)
	if errors.Is(err, sql.ErrNoRows) {
		err = apperr.NotFoundf("この期の提言書はまだ登録されていません。")
	}
	return id, on, answers, err
}

// UpdateProposal changes a proposal's title and presented date.
func (s *Store) UpdateProposal(ctx context.Context, by audit.Actor, muni, cohortID int64, title, presentedOn string) error {
	p := Proposal{Title: title, PresentedOn: presentedOn, Items: []Item{{Text: "-", Departments: []string{"-"}}}}
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "update", "proposal", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		id, on, answers, err := proposalOf(ctx, tx, muni, cohortID)
		if err != nil {
			return 0, nil, err
		}
		if err := CanSetPresented(p.PresentedOn, answers); err != nil {
			return 0, nil, err
		}
		var oldTitle string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM proposals WHERE id = $1`, id).Scan(&oldTitle); err != nil {
			return 0, nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET title = $1, presented_on = $2 WHERE id = $3`, p.Title, p.PresentedOn, id); err != nil {
			return 0, nil, err
		}
		return id, map[string]any{"cohort": cohortID, "title": [2]string{oldTitle, p.Title}, "presented_on": [2]string{on, p.PresentedOn}}, nil
	})
}

// validateItem checks one item's fields as a proposal does.
func validateItem(it *Item) error {
	p := Proposal{Title: "-", Items: []Item{*it}}
	if err := p.Validate(); err != nil {
		return err
	}
	it.Text, it.Measure, it.Cost = strings.TrimSpace(it.Text), strings.TrimSpace(it.Measure), strings.TrimSpace(it.Cost)
	return nil
}

// setDepartments replaces an item's departments, each of which must be a
// unit of the organisation.
func setDepartments(ctx context.Context, tx *sql.Tx, muni, itemID int64, depts []string) error {
	for _, d := range depts {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_units WHERE municipality_id = $1 AND path = $2`, muni, d).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Fields(apperr.FieldErrors{"items": "担当部局「" + d + "」が組織にありません。"})
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM proposal_item_units WHERE item_id = $1`, itemID); err != nil {
		return err
	}
	for _, d := range depts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_item_units (municipality_id, item_id, unit_path) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, muni, itemID, d); err != nil {
			return err
		}
	}
	return nil
}

// itemFacts reads an item's cohort, text, departments and answers count
// in the transaction.
func itemFacts(ctx context.Context, tx *sql.Tx, muni, itemID int64) (proposalID int64, old Item, answers int, err error) {
	err = tx.QueryRowContext(ctx, `SELECT i.proposal_id, p.cohort_id, i.text, i.measure, i.cost, (SELECT COUNT(*) FROM proposal_responses r WHERE r.item_id = i.id)
		FROM proposal_items i JOIN proposals p ON p.id = i.proposal_id WHERE i.id = $1 AND i.municipality_id = $2`, itemID, muni).
		Scan(&proposalID, &old.CohortID, &old.Text, &old.Measure, &old.Cost, &answers)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, old, 0, apperr.NotFoundf("提言項目が見つかりません。")
	}
	if err != nil {
		return 0, old, 0, err
	}
	old.Departments, err = db.QueryAll(ctx, tx, func(r db.Scanner) (string, error) {
		var d string
		return d, r.Scan(&d)
	}, `SELECT unit_path FROM proposal_item_units WHERE item_id = $1 ORDER BY unit_path`, itemID)
	return proposalID, old, answers, err
}

// UpdateItem changes an item's text, measure, cost and departments; the
// audit entry keeps the old and the new values.
func (s *Store) UpdateItem(ctx context.Context, by audit.Actor, muni int64, it *Item) error {
	if err := validateItem(it); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "update", "proposal_item", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		_, old, answers, err := itemFacts(ctx, tx, muni, it.ID)
		if err != nil {
			return 0, nil, err
		}
		if err := CanChangeDepartments(old.Departments, it.Departments, answers); err != nil {
			return 0, nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposal_items SET text = $1, measure = $2, cost = $3 WHERE id = $4`, it.Text, it.Measure, it.Cost, it.ID); err != nil {
			return 0, nil, err
		}
		if err := setDepartments(ctx, tx, muni, it.ID, it.Departments); err != nil {
			return 0, nil, err
		}
		it.CohortID = old.CohortID
		return it.ID, map[string]any{"cohort": old.CohortID,
			"before": map[string]any{"text": old.Text, "measure": old.Measure, "cost": old.Cost, "departments": old.Departments},
			"after":  map[string]any{"text": it.Text, "measure": it.Measure, "cost": it.Cost, "departments": it.Departments}}, nil
	})
}

// AddItem adds an item at the end of a cohort's proposal.
func (s *Store) AddItem(ctx context.Context, by audit.Actor, muni, cohortID int64, it *Item) error {
	if err := validateItem(it); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "create", "proposal_item", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		pid, _, _, err := proposalOf(ctx, tx, muni, cohortID)
		if err != nil {
			return 0, nil, err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM proposal_items WHERE proposal_id = $1`, pid).Scan(&it.Position); err != nil {
			return 0, nil, err
		}
		if it.Position > 50 {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"items": "提言項目は50件までです。"})
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO proposal_items (municipality_id, proposal_id, position, text, measure, cost) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			muni, pid, it.Position, it.Text, it.Measure, it.Cost).Scan(&it.ID); err != nil {
			return 0, nil, err
		}
		it.CohortID = cohortID
		if err := setDepartments(ctx, tx, muni, it.ID, it.Departments); err != nil {
			return 0, nil, err
		}
		return it.ID, map[string]any{"cohort": cohortID, "position": it.Position, "text": it.Text, "departments": it.Departments, "cost": it.Cost}, nil
	})
}

// RemoveItem deletes an item nobody has answered; the items after it move
// up one position.
func (s *Store) RemoveItem(ctx context.Context, by audit.Actor, muni, itemID int64) (cohortID int64, err error) {
	err = s.write(ctx, muni, by, "delete", "proposal_item", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		pid, old, answers, err := itemFacts(ctx, tx, muni, itemID)
		if err != nil {
			return 0, nil, err
		}
		cohortID = old.CohortID
		var n, pos int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM proposal_items WHERE proposal_id = $1), position FROM proposal_items WHERE id = $2`, pid, itemID).Scan(&n, &pos); err != nil {
			return 0, nil, err
		}
		if err := CanRemoveItem(answers, n); err != nil {
			return 0, nil, err
		}
		for _, q := range []string{`DELETE FROM proposal_item_units WHERE item_id = $1`, `DELETE FROM proposal_items WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, itemID); err != nil {
				return 0, nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposal_items SET position = position - 1 WHERE proposal_id = $1 AND position > $2`, pid, pos); err != nil {
			return 0, nil, err
		}
		return itemID, map[string]any{"cohort": old.CohortID, "position": pos, "text": old.Text, "departments": old.Departments}, nil
	})
	return cohortID, err
}
