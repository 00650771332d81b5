package dispatch

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// Validate checks a topic's fields.
func (t *Topic) Validate() error {
	t.Title, t.Description, t.Audience = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description), strings.TrimSpace(t.Audience)
	fe := apperr.FieldErrors{}
	if t.Title == "" || utf8.RuneCountInString(t.Title) > 100 {
		fe["title"] = "テーマを100文字以内で入力してください。"
	}
	if t.UnitPath == "" {
		fe["unit"] = "担当の部署を選んでください。"
	}
	if utf8.RuneCountInString(t.Description) > 1000 || utf8.RuneCountInString(t.Audience) > 200 {
		fe["description"] = "内容は1000文字、対象は200文字以内で入力してください。"
	}
	if t.Minutes < 10 || t.Minutes > 600 {
		fe["minutes"] = "時間は10〜600分で入力してください。"
	}
	ok := false
	for _, f := range Formats {
		ok = ok || f == t.Format
	}
	if !ok {
		fe["format"] = "形式を選んでください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Topics lists a fiscal year's menu the scope manages (a liaison: their
// department's topics), with the speakers; published only for the form.
func (s *Store) Topics(ctx context.Context, muni int64, sc auth.Scope, fy int, publishedOnly bool) ([]*Topic, error) {
	args := []any{muni, fy}
	where := `t.municipality_id = $1 AND t.fy = $2`
	if publishedOnly {
		args = append(args, true)
		where += ` AND t.published = $3`
	}
	if sc.None || sc.StaffID != 0 {
		return []*Topic{}, nil
	}
	if sc.UnitPath != "" {
		args = append(args, sc.UnitPath)
		where += ` AND ` + auth.InPathSQL("t.unit_path", "$"+id(int64(len(args))))
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT t.id, t.fy, t.title, t.unit_path, t.description, t.audience, t.minutes, t.format, t.published,
		COALESCE(s.id, 0), COALESCE(s.number, ''), COALESCE(s.family_name, ''), COALESCE(s.given_name, '')
		FROM dispatch_topics t LEFT JOIN dispatch_speakers p ON p.topic_id = t.id LEFT JOIN staff s ON s.id = p.staff_id
		WHERE `+where+` ORDER BY t.unit_path, t.title, t.id, s.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Topic{}
	for rows.Next() {
		var t Topic
		var sp Speaker
		var fam, given string
		if err := rows.Scan(&t.ID, &t.FY, &t.Title, &t.UnitPath, &t.Description, &t.Audience, &t.Minutes, &t.Format, &t.Published,
			&sp.StaffID, &sp.Number, &fam, &given); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != t.ID {
			t.Speakers = []Speaker{}
			out = append(out, &t)
		}
		if sp.StaffID != 0 {
			sp.Name = strings.TrimSpace(fam + " " + given)
			last := out[len(out)-1]
			last.Speakers = append(last.Speakers, sp)
		}
	}
	return out, rows.Err()
}

// Topic reads one topic of the menu.
func (s *Store) Topic(ctx context.Context, q db.Q, muni, tid int64) (*Topic, error) {
	var t Topic
	err := q.QueryRowContext(ctx, `SELECT id, fy, title, unit_path, description, audience, minutes, format, published FROM dispatch_topics WHERE municipality_id = $1 AND id = $2`, muni, tid).
		Scan(&t.ID, &t.FY, &t.Title, &t.UnitPath, &t.Description, &t.Audience, &t.Minutes, &t.Format, &t.Published)
	if err == sql.ErrNoRows {
		return nil, apperr.NotFoundf("テーマが見つかりません。")
	}
	return &t, err
}

// SaveTopic adds a topic (ID 0) or changes one, with its speakers by
// 職員番号. A liaison manages only their own department's topics.
func (s *Store) SaveTopic(ctx context.Context, by audit.Actor, muni int64, sc auth.Scope, t *Topic, numbers []string) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if !sc.Covers(t.UnitPath) {
		return apperr.Fields(apperr.FieldErrors{"unit": "自分の部署のテーマだけを登録できます。"})
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		var ok int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_units WHERE municipality_id = $1 AND path = $2`, muni, t.UnitPath).Scan(&ok); err != nil {
			return err
		}
		if ok == 0 {
			return apperr.Fields(apperr.FieldErrors{"unit": "部署が見つかりません。"})
		}
		var staffIDs []int64
		for _, n := range numbers {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			var sid int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND number = $2`, muni, n).Scan(&sid)
			if err == sql.ErrNoRows {
				return apperr.Fields(apperr.FieldErrors{"speakers": "職員番号 " + n + " の職員が見つかりません。"})
			}
			if err != nil {
				return err
			}
			staffIDs = append(staffIDs, sid)
		}
		action := "create"
		if t.ID == 0 {
			var err error
			t.ID, err = db.Insert(ctx, tx, `INSERT INTO dispatch_topics (municipality_id, fy, title, unit_path, description, audience, minutes, format, published, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, muni, t.FY, t.Title, t.UnitPath, t.Description, t.Audience, t.Minutes, t.Format, t.Published, now)
			if err != nil {
				return err
			}
		} else {
			action = "update"
			old, err := s.Topic(ctx, tx, muni, t.ID)
			if err != nil {
				return err
			}
			if !sc.Covers(old.UnitPath) {
				return apperr.NotFoundf("テーマが見つかりません。")
			}
			t.FY = old.FY
			if _, err := tx.ExecContext(ctx, `UPDATE dispatch_topics SET title = $1, unit_path = $2, description = $3, audience = $4, minutes = $5, format = $6, published = $7
				WHERE municipality_id = $8 AND id = $9`, t.Title, t.UnitPath, t.Description, t.Audience, t.Minutes, t.Format, t.Published, muni, t.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM dispatch_speakers WHERE topic_id = $1`, t.ID); err != nil {
				return err
			}
		}
		seen := map[int64]bool{}
		for _, sid := range staffIDs {
			if seen[sid] {
				continue
			}
			seen[sid] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO dispatch_speakers (topic_id, municipality_id, staff_id) VALUES ($1, $2, $3)`, t.ID, muni, sid); err != nil {
				return err
			}
		}
		return c.Add(ctx, now, by, action, "lecture_topic", id(t.ID), map[string]any{"fy": t.FY, "title": t.Title, "speakers": len(seen)})
	})
}

// CopyTopics copies last year's menu into fy as a start (unpublished),
// when fy has no topic yet; it returns how many were copied.
func (s *Store) CopyTopics(ctx context.Context, by audit.Actor, muni int64, fy int) (int, error) {
	n := 0
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dispatch_topics WHERE municipality_id = $1 AND fy = $2`, muni, fy).Scan(&have); err != nil {
			return err
		}
		if have > 0 {
			return apperr.New(apperr.Conflict, "この年度のテーマはもう登録されています。")
		}
		ids, err := db.Int64s(ctx, tx, `SELECT id FROM dispatch_topics WHERE municipality_id = $1 AND fy = $2 ORDER BY id`, muni, fy-1)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return apperr.New(apperr.Conflict, "前年度のテーマがありません。")
		}
		for _, old := range ids {
			nid, err := db.Insert(ctx, tx, `INSERT INTO dispatch_topics (municipality_id, fy, title, unit_path, description, audience, minutes, format, published, created_at)
				SELECT municipality_id, $1, title, unit_path, description, audience, minutes, format, $2, $3 FROM dispatch_topics WHERE id = $4 RETURNING id`, fy, false, now, old)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO dispatch_speakers (topic_id, municipality_id, staff_id)
				SELECT $1, p.municipality_id, p.staff_id FROM dispatch_speakers p JOIN staff s ON s.id = p.staff_id WHERE p.topic_id = $2 AND s.status <> '退職'`, nid, old); err != nil {
				return err
			}
			n++
		}
		return c.Add(ctx, now, by, "copy", "lecture_topic", id(int64(fy)), map[string]any{"fy": fy, "count": n})
	})
	return n, err
}

// Units lists the departments (top-level units) a scope may register topics for.
func (s *Store) Units(ctx context.Context, muni int64, sc auth.Scope) ([]string, error) {
	paths, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (string, error) {
		var p string
		return p, r.Scan(&p)
	}, `SELECT path FROM org_units WHERE municipality_id = $1 AND to_fy IS NULL ORDER BY path`, muni)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, p := range paths {
		if sc.Covers(p) {
			out = append(out, p)
		}
	}
	return out, nil
}
