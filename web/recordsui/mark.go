package recordsui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/training"
	"hagukumi/web"
)

// mark saves the roster form; on a mistake it shows the form again with
// what was entered and the reason.
func (s *ui) mark(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	marks, err := marksFromForm(r)
	if err == nil {
		err = s.saveMarks(r, a, marks, r.PostFormValue("correction_reason"))
	}
	if err != nil {
		if !web.IsValidation(err) {
			return err
		}
		d, derr := s.attendanceData(r, a)
		if derr != nil {
			return derr
		}
		posted := map[string]training.Mark{}
		for _, m := range marks {
			posted[m.Number] = m
		}
		for i := range d.Rows {
			if m, ok := posted[d.Rows[i].Number]; ok {
				d.Rows[i].Status, d.Rows[i].Hours, d.Rows[i].Reason, d.Rows[i].Note = m.Status, m.Hours, m.Reason, m.Note
			}
		}
		d.CorrectionReason = r.PostFormValue("correction_reason")
		s.renderAttendance(w, r, web.Status(err), web.Message(err), d)
		return nil
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d/attendance", a.X.ID), "出欠を保存しました。")
	return nil
}

// marksFromForm reads the roster form: one hidden n per person, then
// st_, h_, r_ and note_ fields named by 職員番号.
func marksFromForm(r *http.Request) ([]training.Mark, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	allPresent := r.PostFormValue("all_present") != ""
	var marks []training.Mark
	for _, n := range r.PostForm["n"] {
		m := training.Mark{Number: n, Status: r.PostFormValue("st_" + n), Reason: r.PostFormValue("r_" + n), Note: r.PostFormValue("note_" + n)}
		if allPresent && m.Status == "" {
			m.Status = training.AttendPresent
		}
		if h := strings.TrimSpace(r.PostFormValue("h_" + n)); h != "" && m.Status == training.AttendPartial {
			v, err := strconv.ParseFloat(h, 64)
			if err != nil {
				return marks, apperr.Invalidf("%s: 出席時間は数字で入力してください（例 3.5）。", n)
			}
			m.Hours = v
		}
		marks = append(marks, m)
	}
	return marks, nil
}

// saveMarks saves marks by the rule of MayChangeAttendance: before the
// session's last day is over as they are, after it only by the center and
// as a correction with its reason.
func (s *ui) saveMarks(r *http.Request, a *access, marks []training.Mark, reason string) error {
	u := web.UserOf(r)
	today := calendar.Today(s.Now()).Format(time.DateOnly)
	if err := training.MayChangeAttendance(isCenter(u), a.X, today, reason); err != nil {
		return err
	}
	if a.Held {
		return s.Train.CorrectAttendance(r.Context(), u.Actor(), u.Municipality, a.X.ID, marks, reason)
	}
	return s.Train.MarkAttendance(r.Context(), u.Actor(), u.Municipality, a.X.ID, marks)
}
