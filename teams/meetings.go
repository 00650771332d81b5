package teams

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
	"hagukumi/db"
)

// Upload is a file as received, before it is checked.
type Upload struct {
	Name string
	Data []byte
}

// checkUpload accepts a file of at most MaxFile bytes whose first bytes
// say PDF, docx, xlsx, PNG or JPEG, and returns its content type.
func checkUpload(u Upload) (string, error) {
	if len(u.Data) == 0 {
		return "", apperr.Fields(apperr.FieldErrors{"file": "空のファイルは登録できません。"})
	}
	if len(u.Data) > MaxFile {
		return "", apperr.Fields(apperr.FieldErrors{"file": "ファイルは10MB以下にしてください。"})
	}
	ct := FileType(u.Data)
	if ct == "" {
		return "", apperr.Fields(apperr.FieldErrors{"file": "登録できるのは PDF・Word（docx）・Excel（xlsx）・画像（PNG・JPEG）のファイルです。"})
	}
	if strings.TrimSpace(u.Name) == "" || utf8.RuneCountInString(u.Name) > 200 {
		return "", apperr.Fields(apperr.FieldErrors{"file": "ファイル名が正しくありません。"})
	}
	return ct, nil
}

// AddMeeting records a meeting of a cohort with its materials.
func (s *Store) AddMeeting(ctx context.Context, by audit.Actor, muni int64, m *Meeting, files []Upload) error {
	if err := m.Validate(); err != nil {
		return err
	}
	types := make([]string, len(files))
	for i, f := range files {
		ct, err := checkUpload(f)
		if err != nil {
			return err
		}
		types[i] = ct
	}
	if _, err := s.Cohort(ctx, muni, m.CohortID); err != nil {
		return err
	}
	return s.write(ctx, muni, by, "create", "team_meeting", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		err := tx.QueryRowContext(ctx, `INSERT INTO team_meetings (municipality_id, cohort_id, held_on, agenda, attendance, minutes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			muni, m.CohortID, m.HeldOn, m.Agenda, m.Attendance, m.Minutes, now).Scan(&m.ID)
		if err != nil {
			return 0, nil, err
		}
		for i, f := range files {
			fi := FileInfo{Name: f.Name, ContentType: types[i], Size: len(f.Data)}
			if err := tx.QueryRowContext(ctx, `INSERT INTO team_files (municipality_id, cohort_id, meeting_id, name, content_type, size, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
				muni, m.CohortID, m.ID, fi.Name, fi.ContentType, fi.Size, f.Data, now).Scan(&fi.ID); err != nil {
				return 0, nil, err
			}
			m.Files = append(m.Files, fi)
		}
		return m.ID, map[string]any{"cohort": m.CohortID, "held_on": m.HeldOn, "files": m.Files}, nil
	})
}

// Meetings lists a cohort's meetings with their files, in date order.
func (s *Store) Meetings(ctx context.Context, muni, cohortID int64) ([]Meeting, error) {
	ms, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Meeting, error) {
		var m Meeting
		err := r.Scan(&m.ID, &m.CohortID, &m.HeldOn, &m.Agenda, &m.Attendance, &m.Minutes)
		m.Files = []FileInfo{}
		return m, err
	}, `SELECT id, cohort_id, held_on, agenda, attendance, minutes FROM team_meetings WHERE municipality_id = $1 AND cohort_id = $2 ORDER BY held_on, id`, muni, cohortID)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT meeting_id, id, name, content_type, size FROM team_files WHERE municipality_id = $1 AND cohort_id = $2 AND meeting_id IS NOT NULL ORDER BY id`, muni, cohortID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var mid int64
		var f FileInfo
		if err := rows.Scan(&mid, &f.ID, &f.Name, &f.ContentType, &f.Size); err != nil {
			return nil, err
		}
		for i := range ms {
			if ms[i].ID == mid {
				ms[i].Files = append(ms[i].Files, f)
			}
		}
	}
	return ms, rows.Err()
}

// File reads a stored file and the cohort it belongs to, whose access
// rule the caller applies.
func (s *Store) File(ctx context.Context, muni, id int64) (FileInfo, int64, []byte, error) {
	var f FileInfo
	var cohortID int64
	var data []byte
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, name, content_type, size, cohort_id, data FROM team_files WHERE id = $1 AND municipality_id = $2`, id, muni).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &cohortID, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return f, 0, nil, apperr.NotFoundf("ファイルが見つかりません。")
	}
	return f, cohortID, data, err
}

// YearCounts are the figures of one fiscal year for the center's yearly
// account (実績).
type YearCounts struct {
	FY        int `json:"fy"`
	Cohorts   int `json:"cohorts"`
	Members   int `json:"members"`
	Meetings  int `json:"meetings"`
	Proposals int `json:"proposals"`
	Items     int `json:"items"`
	Responses int `json:"responses"`
}

// CountsOf gives the year's figures: cohorts of the year, their members,
// meetings held in the year, proposals and items of the year's cohorts,
// and answers given for the year.
func (s *Store) CountsOf(ctx context.Context, muni int64, fy int) (YearCounts, error) {
	y := YearCounts{FY: fy}
	from, to := fmt.Sprintf("%d-04-01", fy), fmt.Sprintf("%d-03-31", fy+1)
	err := s.DB.R.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM team_cohorts WHERE municipality_id = $1 AND fy = $2),
		(SELECT COUNT(*) FROM team_members m JOIN team_cohorts c ON c.id = m.cohort_id WHERE c.municipality_id = $1 AND c.fy = $2 AND m.role IN ('リーダー', 'メンバー')),
		(SELECT COUNT(*) FROM team_meetings WHERE municipality_id = $1 AND held_on >= $3 AND held_on <= $4),
		(SELECT COUNT(*) FROM proposals p JOIN team_cohorts c ON c.id = p.cohort_id WHERE c.municipality_id = $1 AND c.fy = $2 AND p.presented_on <> ''),
		(SELECT COUNT(*)`+itemJoin+`c.fy = $2 AND p.presented_on <> ''),
		(SELECT COUNT(*) FROM proposal_responses WHERE municipality_id = $1 AND fy = $2)`, muni, fy, from, to).
		Scan(&y.Cohorts, &y.Members, &y.Meetings, &y.Proposals, &y.Items, &y.Responses)
	return y, err
}
