package publicui

import (
	"net/http"

	"hagukumi/public"
	"hagukumi/web"
)

// site is the center admin's page of the public site: the center page's
// text, and each programme, topic, event and year's figures with whether
// it is published.
func (s *ui) site(w http.ResponseWriter, r *http.Request) error {
	st, err := s.load(r, true)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "public_site", &web.Page{Title: "公開サイトの管理", Nav: "public-inbox", Data: st})
	return nil
}

// preview shows the public site as it would be with every item published.
func (s *ui) preview(w http.ResponseWriter, r *http.Request) error {
	st, err := s.load(r, true)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "public_home", "プレビュー", st, "preview")
	return nil
}

// savePage saves the center page's text and whether it is published.
func (s *ui) savePage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := s.pub.SavePage(r.Context(), u.Actor(), u.Municipality, r.PostFormValue("body"), r.PostFormValue("published") == "on"); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/public-site", "センターのページを保存しました。")
	return nil
}

// publish publishes or withdraws one item.
func (s *ui) publish(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	on := r.PostFormValue("on") == "true"
	if err := s.pub.Publish(r.Context(), u.Actor(), u.Municipality, r.PostFormValue("kind"), web.Int64(r, "ref"), on); err != nil {
		return err
	}
	msg := "公開を取りやめました。"
	if on {
		msg = "公開しました。"
	}
	s.RedirectFlash(w, r, "/public-site", msg)
	return nil
}

// addEvent adds a public event (an open lecture, a briefing), unpublished.
func (s *ui) addEvent(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	e := public.Event{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), HeldOn: r.PostFormValue("held_on"),
		Place: r.PostFormValue("place"), Registration: r.PostFormValue("registration")}
	if _, err := s.pub.AddEvent(r.Context(), u.Actor(), u.Municipality, e); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/public-site", "催しを追加しました（未公開）。")
	return nil
}
