package university

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// ShiftDate moves a lecture date to another fiscal year on the same
// weekday: whole weeks, as near the same calendar date as a week allows,
// because a university timetable repeats by weekday, not by date.
func ShiftDate(d time.Time, years int) time.Time {
	target := d.AddDate(years, 0, 0)
	weeks := math.Round(target.Sub(d).Hours() / 24 / 7)
	return d.AddDate(0, 0, 7*int(weeks))
}

// CopyCourse starts a course of another fiscal year from an existing one:
// the same partner, name, term, credits and coordinator, and its lecture
// dates moved by ShiftDate with the same lecturers and topics. Attendance
// is not copied: it is counted again.
func (s *Store) CopyCourse(ctx context.Context, by audit.Actor, muni, courseID int64, toFY int) (Course, error) {
	var c Course
	err := s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		err := tx.QueryRowContext(ctx, `SELECT partner_id, fy, name, term, credits, coordinator FROM university_courses WHERE municipality_id = $1 AND id = $2`, muni, courseID).
			Scan(&c.PartnerID, &c.FY, &c.Name, &c.Term, &c.Credits, &c.Coordinator)
		if err == sql.ErrNoRows {
			return apperr.NotFoundf("講座が見つかりません。")
		}
		if err != nil {
			return err
		}
		years := toFY - c.FY
		c.FY = toFY
		if err := c.Validate(); err != nil {
			return err
		}
		if years == 0 {
			return apperr.Invalidf("同じ年度には複製できません。")
		}
		c.ID, err = db.Insert(ctx, tx, `INSERT INTO university_courses (municipality_id, partner_id, fy, name, term, credits, coordinator, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, muni, c.PartnerID, c.FY, c.Name, c.Term, c.Credits, c.Coordinator, now)
		if err != nil {
			return err
		}
		type old struct {
			id    int64
			date  string
			topic string
			hours float64
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, on_date, topic, hours FROM university_lectures WHERE municipality_id = $1 AND course_id = $2 ORDER BY on_date, id`, muni, courseID)
		if err != nil {
			return err
		}
		var lectures []old
		for rows.Next() {
			var l old
			if err := rows.Scan(&l.id, &l.date, &l.topic, &l.hours); err != nil {
				rows.Close()
				return err
			}
			lectures = append(lectures, l)
		}
		rows.Close()
		for _, l := range lectures {
			d, _ := time.Parse("2006-01-02", l.date)
			id, err := db.Insert(ctx, tx, `INSERT INTO university_lectures (municipality_id, course_id, on_date, topic, hours, attendance, created_at)
				VALUES ($1, $2, $3, $4, $5, 0, $6) RETURNING id`, muni, c.ID, ShiftDate(d, years).Format("2006-01-02"), l.topic, l.hours, now)
			if err != nil {
				return err
			}
			// Lecturers keep teaching from the department they are in now.
			if _, err := tx.ExecContext(ctx, `INSERT INTO university_lecturers (lecture_id, municipality_id, staff_id, unit_name)
				SELECT $1, lr.municipality_id, lr.staff_id, COALESCE(u.name, '') FROM university_lecturers lr JOIN staff st ON st.id = lr.staff_id
				LEFT JOIN org_units u ON u.id = st.unit_id WHERE lr.lecture_id = $2`, id, l.id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "copy", "university_course", fmt.Sprint(c.ID), map[string]any{"from": courseID, "fy": toFY})
	})
	return c, err
}
