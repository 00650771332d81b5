package recordsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/training"
	"hagukumi/web"
)

// apiMark saves marks sent as JSON and answers the roster as it now is.
func (s *ui) apiMark(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	var marks []training.Mark
	if web.DecodeJSON(r, &marks) != nil {
		return apperr.Invalidf("本文は [{\"number\": \"…\", \"status\": \"present|partial|absent\", \"hours\": 0, \"reason\": \"…\"}] の形のJSONで送ってください。")
	}
	// A correction of a held session gives its reason as ?reason=.
	if err := s.saveMarks(r, a, marks, r.URL.Query().Get("reason")); err != nil {
		return err
	}
	return s.writeRoster(w, r, a)
}
