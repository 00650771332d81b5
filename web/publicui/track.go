package publicui

import (
	"net/http"

	"hagukumi/public"
)

type trackData struct {
	Token    string
	Tracked  public.Tracked
	Withdraw bool
}

// track is the sender's private link: the state of the submission, or
// the page the submission's kind registered (web.Server.OnTrack).
func (s *ui) track(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	t, err := s.pub.Track(r.Context(), token)
	if err != nil {
		return err
	}
	if fn := s.Tracker(t.Kind, "view"); fn != nil {
		return fn(w, r, token, t.ID)
	}
	site, err := s.load(r, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "public_track", "受付の状況", site, trackData{Token: token, Tracked: t, Withdraw: public.CanWithdraw(t.State)})
	return nil
}

// withdraw lets the sender withdraw the submission from its private link.
func (s *ui) withdraw(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	t, err := s.pub.Track(r.Context(), token)
	if err != nil {
		return err
	}
	if fn := s.Tracker(t.Kind, "withdraw"); fn != nil {
		return fn(w, r, token, t.ID)
	}
	if err := s.pub.Withdraw(r.Context(), token); err != nil {
		return err
	}
	http.Redirect(w, r, "/public/track/"+token, http.StatusSeeOther)
	return nil
}
