package teamsui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/teams"
	"hagukumi/training"
	"hagukumi/web"
)

// SeminarCategory is the catalog category of the W2 seminars; a team's
// event is planned as a session of one of its programmes.
const SeminarCategory = "働き方セミナー"

// seminarPrograms lists the active programmes of the seminar category.
func (s *ui) seminarPrograms(r *http.Request) ([]*training.Program, error) {
	all, err := s.Train.Programs(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return nil, err
	}
	var out []*training.Program
	for _, p := range all {
		if p.Category == SeminarCategory && p.Active {
			out = append(out, p)
		}
	}
	return out, nil
}

// sessionPlan plans a team's event (a フジェンヌ seminar) as a training
// session of a 働き方セミナー programme through the training store, then
// links it to the cohort. The session is then an ordinary session:
// applications, attendance and the survey follow the training flow.
func (s *ui) sessionPlan(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	return s.cohortEdit(w, r, "seminars", "セミナーを研修の開催回として登録しました。", func(c *teams.Cohort) error {
		progID, _ := strconv.ParseInt(r.PostFormValue("program"), 10, 64)
		progs, err := s.seminarPrograms(r)
		if err != nil {
			return err
		}
		ok := false
		for _, p := range progs {
			ok = ok || p.ID == progID
		}
		if !ok {
			return apperr.Fields(apperr.FieldErrors{"program": "働き方セミナーの研修を選んでください。"})
		}
		date := r.PostFormValue("date")
		day, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return apperr.Fields(apperr.FieldErrors{"date": "開催日を入力してください。"})
		}
		capacity, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("capacity")))
		if err != nil {
			return apperr.Fields(apperr.FieldErrors{"capacity": "定員を数で入力してください（0は定員なし）。"})
		}
		x := training.Session{ProgramID: progID, FY: calendar.FiscalYear(day), Title: strings.TrimSpace(r.PostFormValue("title")),
			Venue: strings.TrimSpace(r.PostFormValue("venue")), Capacity: capacity,
			Notes: c.TeamName + " " + calendar.FormatNendo(c.FY) + "の企画",
			Days:  []training.Day{{Date: date, Start: r.PostFormValue("start"), End: r.PostFormValue("end")}}}
		if err := s.Train.SaveSession(r.Context(), u.Actor(), u.Municipality, &x); err != nil {
			return err
		}
		return s.teams.LinkSession(r.Context(), u.Actor(), u.Municipality, c.ID, x.ID)
	})
}
