package planui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/web"
)

// feedCreate issues the user's personal calendar URL, replacing any
// earlier one. The URL is shown once, on this answer: only its hash is kept.
func (s *ui) feedCreate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return apperr.Invalidf("このアカウントは職員と結び付いていないため、カレンダーを発行できません。")
	}
	tok, err := s.Train.NewFeedToken(r.Context(), u.Actor(), u.Municipality, u.ID)
	if err != nil {
		return err
	}
	scheme := "http"
	if s.Cfg.Secure || r.TLS != nil {
		scheme = "https"
	}
	url := scheme + "://" + r.Host + "/feed/" + tok + ".ics"
	s.Render(w, r, http.StatusOK, "feed_created", &web.Page{Title: "カレンダーの購読URL", Nav: "my", Data: url})
	return nil
}
