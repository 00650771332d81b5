package adminui

import (
	"net/http"

	"hagukumi/notify"
	"hagukumi/web"
)

// mailLimit is how many mails each list of the outbox page shows.
const mailLimit = 200

type mailData struct {
	Counts  notify.OutboxCounts
	Waiting []notify.Queued
	Done    []notify.Queued
	Relay   bool
}

// mail is the outbox: the mails waiting (those failing first, with the
// relay's last answer), and the last ones sent or given up, so that a
// mail that cannot leave is seen and not only logged.
func (s *ui) mail(w http.ResponseWriter, r *http.Request) error {
	c, waiting, done, err := notify.Outbox(r.Context(), s.DB.R, web.UserOf(r).Municipality, s.Now(), mailLimit)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_mail", &web.Page{Title: "メールの送信状況", Nav: "admin",
		Data: mailData{Counts: c, Waiting: waiting, Done: done, Relay: s.Cfg.MailRelay}})
	return nil
}

// outboxJSON is the outbox as the API answers it.
type outboxJSON struct {
	Counts  notify.OutboxCounts `json:"counts"`
	Waiting []notify.Queued     `json:"waiting"`
	Done    []notify.Queued     `json:"done"`
}

// apiMail answers the outbox as JSON.
func (s *ui) apiMail(w http.ResponseWriter, r *http.Request) error {
	c, waiting, done, err := notify.Outbox(r.Context(), s.DB.R, web.UserOf(r).Municipality, s.Now(), mailLimit)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, outboxJSON{Counts: c, Waiting: waiting, Done: done})
	return nil
}

// retryMail makes a waiting mail due now.
func (s *ui) retryMail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	if err := notify.RetryNow(r.Context(), s.DB, u.Actor(), u.Municipality, id, s.Now()); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/mail", "次の送信の回（30秒以内）に送り直します。")
	return nil
}

// cancelMail gives a waiting mail up.
func (s *ui) cancelMail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	if err := notify.GiveUp(r.Context(), s.DB, u.Actor(), u.Municipality, id, s.Now()); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/mail", "このメールの送信をやめました。")
	return nil
}
