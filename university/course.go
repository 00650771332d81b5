package university

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// CreateCourse saves a course of a partner in a fiscal year.
func (s *Store) CreateCourse(ctx context.Context, by audit.Actor, muni int64, c *Course) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		if err := partnerExists(ctx, tx, muni, c.PartnerID); err != nil {
			return err
		}
		id, err := db.Insert(ctx, tx, `INSERT INTO university_courses (municipality_id, partner_id, fy, name, term, credits, coordinator, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, muni, c.PartnerID, c.FY, c.Name, c.Term, c.Credits, c.Coordinator, now)
		if err != nil {
			return err
		}
		c.ID = id
		return audit.Record(ctx, tx, now, muni, by, "create", "university_course", fmt.Sprint(id), audit.Change{After: c})
	})
}

// AddLecture records a lecture date of a course with its lecturers, named
// by staff number. Each lecturer's department is kept as it is today.
func (s *Store) AddLecture(ctx context.Context, by audit.Actor, muni, courseID int64, l *Lecture) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM university_courses WHERE municipality_id = $1 AND id = $2`, muni, courseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundf("講座が見つかりません。")
		}
		id, err := db.Insert(ctx, tx, `INSERT INTO university_lectures (municipality_id, course_id, on_date, topic, hours, attendance, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, muni, courseID, l.Date, l.Topic, l.Hours, l.Attendance, now)
		if err != nil {
			return err
		}
		l.ID = id
		for i, lec := range l.Lecturers {
			var staffID int64
			err := tx.QueryRowContext(ctx, `SELECT s.id, s.family_name || ' ' || s.given_name, COALESCE(u.name, '') FROM staff s LEFT JOIN org_units u ON u.id = s.unit_id
				WHERE s.municipality_id = $1 AND s.number = $2`, muni, lec.Number).Scan(&staffID, &l.Lecturers[i].Name, &l.Lecturers[i].Unit)
			if err == sql.ErrNoRows {
				return apperr.Fields(apperr.FieldErrors{"lecturers": fmt.Sprintf("職員番号 %s の職員が見つかりません。", lec.Number)})
			}
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO university_lecturers (lecture_id, municipality_id, staff_id, unit_name) VALUES ($1, $2, $3, $4)`, id, muni, staffID, l.Lecturers[i].Unit)
			if db.IsUnique(err) {
				return apperr.Fields(apperr.FieldErrors{"lecturers": "同じ講師が2回入力されています。"})
			}
			if err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "university_lecture", fmt.Sprint(id), audit.Change{After: l})
	})
}

// Courses lists the courses of a fiscal year with their lectures. The
// center sees every lecture; anyone else sees the lectures taught by
// someone in their scope (their own, or their staff's), and only the
// courses that have one.
func (s *Store) Courses(ctx context.Context, muni int64, fy int, sc auth.Scope) ([]Course, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.id, c.partner_id, p.name, c.fy, c.name, c.term, c.credits, c.coordinator,
			l.id, l.on_date, l.topic, l.hours, l.attendance, st.id, st.number, st.family_name || ' ' || st.given_name, lr.unit_name, COALESCE(u.path, '')
		FROM university_courses c JOIN partners p ON p.id = c.partner_id
		LEFT JOIN university_lectures l ON l.course_id = c.id
		LEFT JOIN university_lecturers lr ON lr.lecture_id = l.id
		LEFT JOIN staff st ON st.id = lr.staff_id
		LEFT JOIN org_units u ON u.id = st.unit_id
		WHERE c.municipality_id = $1 AND c.fy = $2
		ORDER BY c.term, c.name, c.id, l.on_date, l.id, st.number`, muni, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	all := sc == auth.Scope{}
	var out []Course
	seen := map[int64]bool{} // lectures the scope may see
	for rows.Next() {
		var c Course
		var lid, sid sql.NullInt64
		var date, topic, number, name, unit, path sql.NullString
		var hours sql.NullFloat64
		var att sql.NullInt64
		if err := rows.Scan(&c.ID, &c.PartnerID, &c.Partner, &c.FY, &c.Name, &c.Term, &c.Credits, &c.Coordinator,
			&lid, &date, &topic, &hours, &att, &sid, &number, &name, &unit, &path); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != c.ID {
			c.Lectures = []Lecture{}
			out = append(out, c)
		}
		cur := &out[len(out)-1]
		if !lid.Valid {
			continue
		}
		if n := len(cur.Lectures); n == 0 || cur.Lectures[n-1].ID != lid.Int64 {
			cur.Lectures = append(cur.Lectures, Lecture{ID: lid.Int64, Date: date.String, Topic: topic.String, Hours: hours.Float64, Attendance: int(att.Int64), Lecturers: []Lecturer{}})
		}
		if sid.Valid {
			l := &cur.Lectures[len(cur.Lectures)-1]
			l.Lecturers = append(l.Lecturers, Lecturer{Number: number.String, Name: name.String, Unit: unit.String})
			if sc.Includes(sid.Int64, path.String) {
				seen[lid.Int64] = true
			}
		}
	}
	if err := rows.Err(); err != nil || all {
		return orEmpty(out), err
	}
	return visible(out, seen), nil
}

// visible keeps the lectures the scope sees and the courses that keep one.
func visible(courses []Course, seen map[int64]bool) []Course {
	out := []Course{}
	for _, c := range courses {
		kept := []Lecture{}
		for _, l := range c.Lectures {
			if seen[l.ID] {
				kept = append(kept, l)
			}
		}
		if len(kept) > 0 {
			c.Lectures = kept
			out = append(out, c)
		}
	}
	return out
}

func orEmpty(c []Course) []Course {
	if c == nil {
		return []Course{}
	}
	return c
}
