package training_test

import (
	"testing"

	"hagukumi/training"
)

// TestMySessionState checks the true state of a trainee's place and when
// its survey and report are open or due (issue 11, point 7).
func TestMySessionState(t *testing.T) {
	const today = "2026-06-10"
	past := training.MySession{Enrolment: "enrolled", First: "2026-06-01", Last: "2026-06-01", SessionStatus: "planned"}
	with := func(f func(m *training.MySession)) training.MySession { m := past; f(&m); return m }
	cases := []struct {
		name                  string
		m                     training.MySession
		label                 string
		surveyOpen, surveyDue bool
		reportOpen, reportDue bool
	}{
		{"unmarked past", past, "出欠未記録", false, false, false, false},
		{"present, survey and report", with(func(m *training.MySession) { m.Attendance, m.HasSurvey, m.ReportRequired = "present", true, true }), "出席", true, true, true, true},
		{"completed, answered, accepted", with(func(m *training.MySession) {
			m.Attendance, m.Completed, m.HasSurvey, m.Answered, m.ReportRequired, m.Report = "present", true, true, true, true, "accepted"
		}), "修了", true, false, true, false},
		{"absent", with(func(m *training.MySession) { m.Attendance, m.HasSurvey, m.ReportRequired = "absent", true, true }), "欠席", false, false, false, false},
		{"no survey", with(func(m *training.MySession) { m.Attendance = "present" }), "出席", false, false, false, false},
		{"cancelled session", with(func(m *training.MySession) { m.SessionStatus, m.HasSurvey = "cancelled", true }), "中止", false, false, false, false},
		{"coming", with(func(m *training.MySession) { m.First, m.Last, m.HasSurvey = "2026-06-12", "2026-06-12", true }), "受講決定", false, false, false, false},
	}
	for _, c := range cases {
		m := c.m
		if got := m.StateLabel(today); got != c.label {
			t.Errorf("%s: StateLabel = %q, want %q", c.name, got, c.label)
		}
		if m.SurveyOpen(today) != c.surveyOpen || m.SurveyDue(today) != c.surveyDue || m.ReportOpen(today) != c.reportOpen || m.ReportDue(today) != c.reportDue {
			t.Errorf("%s: survey open/due %v/%v report open/due %v/%v, want %v/%v %v/%v", c.name,
				m.SurveyOpen(today), m.SurveyDue(today), m.ReportOpen(today), m.ReportDue(today), c.surveyOpen, c.surveyDue, c.reportOpen, c.reportDue)
		}
	}
}
