package recordsui

import (
	"fmt"
	"net/http"

	"rsc.io/qr"

	"hagukumi/apperr"
	"hagukumi/web"
)

// qrCode draws the session's check-in link as a PNG for the projector.
func (s *ui) qrCode(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	link, err := s.checkinURL(r, a.X.ID)
	if err != nil || link == "" {
		return apperr.NotFoundf("この開催回には受付用のコードがありません。")
	}
	code, err := qr.Encode(link, qr.M)
	if err != nil {
		return err
	}
	code.Scale = 8
	w.Header().Set("Content-Type", "image/png")
	// The image holds the session's secret: never kept by a cache.
	w.Header().Set("Cache-Control", "no-store")
	w.Write(code.PNG())
	return nil
}

// checkinURL is the absolute check-in link of a session, or "" when the
// session has no check-in token.
func (s *ui) checkinURL(r *http.Request, sessionID int64) (string, error) {
	tok, err := s.Train.CheckinToken(r.Context(), web.UserOf(r).Municipality, sessionID)
	if err != nil || tok == "" {
		return "", err
	}
	scheme := "http"
	if s.Cfg.Secure || r.TLS != nil {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s/checkin/%d/%s", scheme, r.Host, sessionID, tok), nil
}
