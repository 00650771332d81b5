package publicui

import (
	"net/http"

	"hagukumi/public"
	"hagukumi/web"
)

type inboxData struct {
	Queue bool
	List  []*public.Submission
}

// listSubmissions is the one loader of the inbox page and its API.
func (s *ui) listSubmissions(r *http.Request) (inboxData, error) {
	d := inboxData{Queue: r.URL.Query().Get("queue") == "true"}
	var err error
	d.List, err = s.pub.List(r.Context(), web.UserOf(r).Municipality, public.Filter{Queue: d.Queue})
	return d, err
}

// inbox lists what the public sent: the inbox, or the moderation queue.
func (s *ui) inbox(w http.ResponseWriter, r *http.Request) error {
	d, err := s.listSubmissions(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "public_inbox", &web.Page{Title: "公開窓口の受付", Nav: "public-inbox", Data: d})
	return nil
}

// apiSubmissions is the inbox as JSON.
func (s *ui) apiSubmissions(w http.ResponseWriter, r *http.Request) error {
	d, err := s.listSubmissions(r)
	if err != nil {
		return err
	}
	if d.List == nil {
		d.List = []*public.Submission{}
	}
	web.JSON(w, http.StatusOK, d.List)
	return nil
}
