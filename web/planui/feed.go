package planui

import (
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/notify"
)

// feed serves a personal iCal feed. It is public: the secret in the URL
// is the credential, so calendar programs can subscribe without a login.
// Its answers are plain, for calendar programs rather than people.
func (s *ui) feed(w http.ResponseWriter, r *http.Request) error {
	tok, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || tok == "" || len(tok) > 200 {
		http.NotFound(w, r)
		return nil
	}
	muni, staffID, err := s.Train.FeedOwner(r.Context(), tok)
	if err != nil {
		if apperr.CodeOf(err) != apperr.NotFound {
			s.Log.Error("feed", "err", err)
		}
		http.Error(w, "not found", http.StatusNotFound)
		return nil
	}
	cal, err := s.Train.FeedCalendar(r.Context(), muni, staffID)
	if err != nil {
		s.Log.Error("feed", "err", err)
		http.Error(w, "error", http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	// The feed lists the person's trainings: personal data, never stored
	// by a proxy; calendar clients fetch it again at each poll anyway.
	w.Header().Set("Cache-Control", "no-store")
	notify.WriteICS(w, cal)
	return nil
}
