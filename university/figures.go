package university

import "context"

// Figures are a fiscal year's university lectures and partner activities,
// as the center's annual report (実績) counts them.
type Figures struct {
	FY          int     `json:"fy"`
	Courses     int     `json:"courses"`
	Lectures    int     `json:"lectures"`
	Hours       float64 `json:"hours"`
	Lecturers   int     `json:"lecturers"`   // distinct staff members
	Departments int     `json:"departments"` // distinct departments they taught from
	Activities  int     `json:"partner_activities"`
}

// YearFigures counts a fiscal year of the municipality.
func (s *Store) YearFigures(ctx context.Context, muni int64, fy int) (Figures, error) {
	f := Figures{FY: fy}
	err := s.DB.R.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM university_courses WHERE municipality_id = $1 AND fy = $2),
		(SELECT COUNT(*) FROM university_lectures l JOIN university_courses c ON c.id = l.course_id WHERE c.municipality_id = $1 AND c.fy = $2),
		(SELECT COALESCE(SUM(l.hours), 0) FROM university_lectures l JOIN university_courses c ON c.id = l.course_id WHERE c.municipality_id = $1 AND c.fy = $2),
		(SELECT COUNT(DISTINCT lr.staff_id) FROM university_lecturers lr JOIN university_lectures l ON l.id = lr.lecture_id JOIN university_courses c ON c.id = l.course_id WHERE c.municipality_id = $1 AND c.fy = $2),
		(SELECT COUNT(DISTINCT lr.unit_name) FROM university_lecturers lr JOIN university_lectures l ON l.id = lr.lecture_id JOIN university_courses c ON c.id = l.course_id WHERE c.municipality_id = $1 AND c.fy = $2),
		(SELECT COUNT(*) FROM partner_activities WHERE municipality_id = $1 AND fy = $2)`, muni, fy).
		Scan(&f.Courses, &f.Lectures, &f.Hours, &f.Lecturers, &f.Departments, &f.Activities)
	return f, err
}
