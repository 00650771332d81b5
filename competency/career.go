package competency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/staff"
)

// CareerNote is the 自己申告 of one staff member for one fiscal year
// (キャリアデザイン): the fields or departments they wish to work in, the
// skills they want to build, the training they wish for, free text, and
// the 所属長's comment.
type CareerNote struct {
	FY          int        `json:"fy"`
	Fields      string     `json:"fields"`
	Skills      string     `json:"skills"`
	Trainings   string     `json:"trainings"`
	FreeText    string     `json:"free_text"`
	SubmittedAt time.Time  `json:"submitted_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Comment     string     `json:"supervisor_comment"`
	CommentedBy string     `json:"commented_by,omitempty"`
	CommentedAt *time.Time `json:"commented_at,omitempty"`
}

// Career note text limits.
const (
	MaxCareerList = 500
	MaxCareerText = 2000
)

// Validate checks a note: at least one part written, each within its
// limit; every problem at once.
func (n *CareerNote) Validate() error {
	n.Fields, n.Skills, n.Trainings, n.FreeText = strings.TrimSpace(n.Fields), strings.TrimSpace(n.Skills), strings.TrimSpace(n.Trainings), strings.TrimSpace(n.FreeText)
	fe := apperr.FieldErrors{}
	for _, x := range []struct {
		key, label, v string
		max           int
	}{
		{"fields", "希望する分野・部署", n.Fields, MaxCareerList},
		{"skills", "身につけたい能力", n.Skills, MaxCareerList},
		{"trainings", "受けたい研修", n.Trainings, MaxCareerList},
		{"free_text", "自由記述", n.FreeText, MaxCareerText},
	} {
		if utf8.RuneCountInString(x.v) > x.max {
			fe[x.key] = fmt.Sprintf("%sは%d文字以内で入力してください。", x.label, x.max)
		}
	}
	if n.Fields == "" && n.Skills == "" && n.Trainings == "" && n.FreeText == "" {
		fe["fields"] = "いずれかの項目を入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Who reads a note: the staff member, their 所属長 (a supervisor whose unit
// holds them) and the center. A liaison, a colleague or an instructor does
// not, even when they may open the person's development page.
func MayReadCareer(u *auth.User, staffID int64, unitPath string) bool {
	switch {
	case u.StaffID != 0 && u.StaffID == staffID:
		return true
	case u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff:
		return true
	}
	return MayCommentCareer(u, staffID, unitPath)
}

// MayCommentCareer: only the person's 所属長, never on their own note.
func MayCommentCareer(u *auth.User, staffID int64, unitPath string) bool {
	return u.Role == auth.Supervisor && u.StaffID != staffID && unitPath != "" && auth.ScopeOf(u).Includes(staffID, unitPath)
}

// CareerNoteOf loads a staff member's note of a fiscal year, nil when none.
func (s *Store) CareerNoteOf(ctx context.Context, muni, staffID int64, fy int) (*CareerNote, error) {
	n := &CareerNote{FY: fy}
	var at sql.NullTime
	err := s.DB.R.QueryRowContext(ctx, `SELECT fields, skills, trainings, free_text, submitted_at, updated_at, supervisor_comment, commented_by, commented_at
		FROM career_notes WHERE municipality_id = $1 AND staff_id = $2 AND fy = $3`, muni, staffID, fy).
		Scan(&n.Fields, &n.Skills, &n.Trainings, &n.FreeText, &n.SubmittedAt, &n.UpdatedAt, &n.Comment, &n.CommentedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if at.Valid {
		n.CommentedAt = &at.Time
	}
	return n, nil
}

// SaveCareerNote writes the staff member's note of a fiscal year: the first
// save submits it, a later one in the same year corrects it (the 所属長's
// comment stays).
func (s *Store) SaveCareerNote(ctx context.Context, by audit.Actor, muni, staffID int64, n *CareerNote) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO career_notes (municipality_id, staff_id, fy, fields, skills, trainings, free_text, submitted_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (municipality_id, staff_id, fy) DO UPDATE SET fields = excluded.fields,
			skills = excluded.skills, trainings = excluded.trainings, free_text = excluded.free_text, updated_at = excluded.updated_at`,
			muni, staffID, n.FY, n.Fields, n.Skills, n.Trainings, n.FreeText, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "save", "career_note", fmt.Sprint(n.FY), map[string]int64{"staff_id": staffID})
	})
}

// CommentCareerNote records the 所属長's comment on a submitted note.
func (s *Store) CommentCareerNote(ctx context.Context, by audit.Actor, muni, staffID int64, number string, fy int, comment, signer string) error {
	comment = strings.TrimSpace(comment)
	if comment == "" || utf8.RuneCountInString(comment) > MaxCareerText {
		return apperr.Fields(apperr.FieldErrors{"comment": fmt.Sprintf("コメントを%d文字以内で入力してください。", MaxCareerText)})
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE career_notes SET supervisor_comment = $1, commented_by = $2, commented_at = $3
			WHERE municipality_id = $4 AND staff_id = $5 AND fy = $6`, comment, signer, now, muni, staffID, fy)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.NotFoundf("この年度の自己申告はまだ提出されていません。")
		}
		return audit.Record(ctx, tx, now, muni, by, "comment", "career_note", fmt.Sprint(fy), map[string]string{"number": number})
	})
}

// CareerCounts are a fiscal year's figures of the 自己申告 for the yearly
// account: staff in service, notes submitted, commented, by department.
type CareerCounts struct {
	FY           int                `json:"fy"`
	Staff        int                `json:"staff"`
	Submitted    int                `json:"submitted"`
	Commented    int                `json:"commented"`
	ByDepartment []CareerDepartment `json:"by_department"`
}

// CareerDepartment is one department's line (the first part of the unit path).
type CareerDepartment struct {
	Department string `json:"department"`
	Staff      int    `json:"staff"`
	Submitted  int    `json:"submitted"`
}

// CountCareerNotes counts a fiscal year's notes against the staff in
// service, by the department each person is in now.
func (s *Store) CountCareerNotes(ctx context.Context, muni int64, fy int) (CareerCounts, error) {
	c := CareerCounts{FY: fy, ByDepartment: []CareerDepartment{}}
	type row struct {
		unit              string
		submitted, commet bool
	}
	rows, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (row, error) {
		var x row
		var sub, com int
		err := r.Scan(&x.unit, &sub, &com)
		x.submitted, x.commet = sub > 0, com > 0
		return x, err
	}, `SELECT COALESCE(o.path, ''), CASE WHEN n.id IS NULL THEN 0 ELSE 1 END, CASE WHEN n.commented_at IS NULL THEN 0 ELSE 1 END
		FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id
		LEFT JOIN career_notes n ON n.municipality_id = s.municipality_id AND n.staff_id = s.id AND n.fy = $2
		WHERE s.municipality_id = $1 AND (s.status = $3 OR n.id IS NOT NULL) ORDER BY o.path`, muni, fy, staff.Active)
	if err != nil {
		return c, err
	}
	at := map[string]int{}
	for _, x := range rows {
		dept, _, _ := strings.Cut(x.unit, "/")
		i, ok := at[dept]
		if !ok {
			i = len(c.ByDepartment)
			at[dept] = i
			c.ByDepartment = append(c.ByDepartment, CareerDepartment{Department: dept})
		}
		c.Staff++
		c.ByDepartment[i].Staff++
		if x.submitted {
			c.Submitted++
			c.ByDepartment[i].Submitted++
		}
		if x.commet {
			c.Commented++
		}
	}
	return c, nil
}
