package publicui

import (
	"errors"
	"net"
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/public"
)

// contactSend takes the contact form through the guards every public form
// shares: the honeypot, the signed time stamp (minimum fill time), the
// field limits, the rate limits, and the proof of work, whose absence
// sends the submission to the moderation queue instead of refusing it.
func (s *ui) contactSend(w http.ResponseWriter, r *http.Request) error {
	d := contactData{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Message: r.PostFormValue("message")}
	// A person never sees the honeypot field; a robot fills it. It is
	// told the form was sent, and nothing is stored.
	if r.PostFormValue("website") != "" {
		site, err := s.load(r, false)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "public_sent", "送信しました", site, nil)
		return nil
	}
	c := public.Contact{Name: d.Name, Email: d.Email, Message: d.Message}
	c.Normalize()
	if err := c.Validate(); err != nil {
		d.Errors = apperr.FieldsOf(err)
		return s.showContact(w, r, http.StatusUnprocessableEntity, d, "入力内容を確かめてください。")
	}
	key, err := s.pub.Key(r.Context())
	if err != nil {
		return err
	}
	stamp := r.PostFormValue("stamp")
	switch public.CheckStamp(key, stamp, s.Now()) {
	case public.StampTooFast:
		return s.showContact(w, r, http.StatusUnprocessableEntity, d, "送信が早すぎます。内容を確かめてから、もう一度「送信する」を押してください。")
	case public.StampBad, public.StampExpired:
		return s.showContact(w, r, http.StatusUnprocessableEntity, d, "フォームの有効期限が切れました。内容はそのままです。もう一度「送信する」を押してください。")
	}
	solved := public.Solved(stamp, r.PostFormValue("pow"))
	site, err := s.load(r, false)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	got, err := s.pub.Submit(r.Context(), site.Muni, c, clientAddr(r), solved, func(token string) (string, string) {
		return "【" + site.CenterName + "】お問い合わせを受け付けました",
			"お問い合わせを受け付けました。\n\n対応の状況は次のページで確かめられます（取り下げもできます）。\n" +
				base + "/public/track/" + token + "\n\nこのリンクはお問い合わせされた方だけのものです。ほかの人に知らせないでください。\n\n" +
				site.MuniName + " " + site.CenterName + "\n"
	})
	if errors.Is(err, public.ErrTooMany) {
		s.render(w, r, http.StatusTooManyRequests, "public_limited", "しばらくしてからお試しください", site, nil)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/public/track/"+got.Token, http.StatusSeeOther)
	return nil
}

// clientAddr is the address a request came from, which the rate limit
// counts. Behind the reverse proxy every request comes from the proxy:
// the per-address limit then acts as a second global one.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// baseURL is where the public reaches the site, for mailed links.
func (s *ui) baseURL(r *http.Request) string {
	if u := strings.TrimRight(s.Cfg.PublicURL, "/"); u != "" {
		return u
	}
	scheme := "http"
	if r.TLS != nil || s.Cfg.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
