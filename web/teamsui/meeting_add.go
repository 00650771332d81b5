package teamsui

import (
	"fmt"
	"io"
	"net/http"

	"hagukumi/apperr"
	"hagukumi/teams"
	"hagukumi/web"
)

// meetingAdd records a meeting with its materials (files kept in the
// database, checked by their first bytes and limited in size).
func (s *ui) meetingAdd(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.cohortOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		return apperr.Wrap(apperr.Invalid, err, "送信された内容を読み取れませんでした。")
	}
	m := teams.Meeting{CohortID: c.ID, HeldOn: r.FormValue("held_on"), Agenda: r.FormValue("agenda"), Attendance: r.FormValue("attendance"), Minutes: r.FormValue("minutes")}
	var files []teams.Upload
	if r.MultipartForm != nil {
		for _, h := range r.MultipartForm.File["files"] {
			f, err := h.Open()
			if err != nil {
				return err
			}
			data, err := io.ReadAll(io.LimitReader(f, teams.MaxFile+1))
			f.Close()
			if err != nil {
				return err
			}
			files = append(files, teams.Upload{Name: h.Filename, Data: data})
		}
	}
	u := web.UserOf(r)
	if err := s.teams.AddMeeting(r.Context(), u.Actor(), u.Municipality, &m, files); web.IsValidation(err) {
		return s.renderCohort(w, r, web.Status(err), err)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/cohorts/%d#meetings", c.ID), "会議を記録しました。")
	return nil
}
