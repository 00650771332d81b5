package dispatchui

import (
	"database/sql"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/dispatch"
	"hagukumi/public"
	"hagukumi/staff"
	"hagukumi/web"
)

// formData is the request form's state: the values (kept on an error),
// the errors per field, the rules and the guard's fields.
type formData struct {
	F        dispatch.Form
	Errors   apperr.FieldErrors
	Topics   []*dispatch.Topic
	Types    []string
	Settings dispatch.Settings
	Earliest string
	Stamp    string
	PowBits  int
}

// requestForm shows the empty request form with the published menu.
func (s *ui) requestForm(w http.ResponseWriter, r *http.Request) error {
	return s.showForm(w, r, http.StatusOK, formData{F: dispatch.Form{RequesterType: "自治会"}}, "")
}

// showForm renders the form with a fresh time stamp.
func (s *ui) showForm(w http.ResponseWriter, r *http.Request, status int, d formData, msg string) error {
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	key, err := s.pub.Key(r.Context())
	if err != nil {
		return err
	}
	now := s.Now()
	d.Stamp, d.PowBits = public.Stamp(key, now), public.PowBits
	if d.Errors == nil {
		d.Errors = apperr.FieldErrors{}
	}
	if d.Settings, err = s.st.Settings(r.Context(), nil, site.ID); err != nil {
		return err
	}
	d.Earliest = calendar.Today(now).AddDate(0, 0, d.Settings.LeadDays).Format("2006-01-02")
	if d.Topics, err = s.st.Topics(r.Context(), site.ID, allScope, calendar.CurrentFY(now), true); err != nil {
		return err
	}
	d.Types = dispatch.RequesterTypes
	s.Render(w, r, status, "public_lecture_request", &web.Page{Title: "講師派遣（出前講座）のお申込み", Layout: "public", Muni: site, Error: msg, Data: d})
	return nil
}

// requestSend takes the request form through the guards every public form
// shares and the municipality's rules. A refused form stores nothing; a
// form without the time stamp or the proof of work is accepted and waits
// for the center's review.
func (s *ui) requestSend(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	form := dispatch.Form{Organisation: f("organisation"), ContactName: f("contact_name"), Email: f("email"), Phone: f("phone"), RequesterType: f("requester_type"),
		Topic: f("topic"), TopicText: f("topic_text"), Dates: [3]string{f("date1"), f("date2"), f("date3")}, Place: f("place"), Online: f("online") == "on",
		Audience: f("audience"), AudienceSize: f("audience_size"), Purpose: f("purpose"), PurposeOK: f("purpose_ok") == "on"}
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	key, err := s.pub.Key(r.Context())
	if err != nil {
		return err
	}
	verdict := public.Check(key, f("website"), f("stamp"), f("pow"), s.Now())
	if verdict == public.Robot {
		// A robot is told the form was sent, and nothing is stored.
		s.Render(w, r, http.StatusOK, "public_lecture_sent", &web.Page{Title: "送信しました", Layout: "public", Muni: site})
		return nil
	}
	base := s.baseURL(r)
	var token string
	_, err = s.st.Submit(r.Context(), site.ID, &form, dispatch.Submission{
		Insert: func(tx *sql.Tx) (int64, error) {
			got, err := s.pub.Insert(r.Context(), tx, site.ID, public.NewSubmission{Kind: dispatch.Kind, Name: form.ContactName, Email: form.Email,
				Message: "講師派遣の申込: " + form.Organisation, Client: clientAddr(r), Queued: verdict == public.Queue})
			token = got.Token
			return got.ID, err
		},
		Mail: func(tx *sql.Tx, subID int64, req *dispatch.Request, now time.Time) error {
			subject, body := receivedMail(site, req, base+"/public/track/"+token)
			return public.QueueMail(r.Context(), tx, site.ID, subID, req.Email, subject, body, now)
		},
	})
	if errors.Is(err, public.ErrTooMany) {
		s.Render(w, r, http.StatusTooManyRequests, "public_lecture_sent", &web.Page{Title: "しばらくしてからお試しください", Layout: "public", Muni: site, Error: "送信が集中しています。しばらくしてからもう一度お試しください。"})
		return nil
	}
	if err != nil {
		if web.IsValidation(err) {
			return s.showForm(w, r, http.StatusUnprocessableEntity, formData{F: form, Errors: apperr.FieldsOf(err)}, "お申込みの内容を確かめてください。"+firstError(apperr.FieldsOf(err)))
		}
		return err
	}
	http.Redirect(w, r, "/public/track/"+token, http.StatusSeeOther)
	return nil
}

// firstError names one refusal in the page's message, so a reader of the
// status line alone knows why.
func firstError(fe apperr.FieldErrors) string {
	for _, k := range []string{"date1", "date2", "date3", "audience_size", "purpose_ok", "organisation", "contact_name", "email", "topic", "requester_type"} {
		if m := fe[k]; m != "" {
			return m
		}
	}
	return ""
}

// receivedMail is the mail with the private link.
func receivedMail(site staff.Municipality, r *dispatch.Request, link string) (string, string) {
	var b strings.Builder
	b.WriteString(r.Organisation + " " + r.ContactName + " 様\n\n")
	b.WriteString("講師派遣（出前講座）のお申込みを受け付けました。\n\nテーマ: " + r.Topic + "\n第1希望日: " + r.Dates[0] + "\n\n")
	b.WriteString("調整の状況と決定通知は、次のページでいつでも確かめられます（取下げもできます）。\n" + link + "\n\n")
	b.WriteString("このリンクはお申込みの方だけのものです。ほかの人に知らせないでください。\n\n" + site.Name + " " + site.CenterName + "\n")
	return "【" + site.CenterName + "】講師派遣のお申込みを受け付けました", b.String()
}

type trackData struct {
	Token string
	R     *dispatch.Request
	Steps []step
}

// step is one state of the requester's progress line.
type step struct {
	Label   string
	Done    bool
	Current bool
}

// steps are the requester's states in order, with where the request is.
func steps(state string) []step {
	order := []string{dispatch.Received, dispatch.Coordinating, dispatch.LecturerSet, dispatch.Approved, dispatch.Delivered, dispatch.Reported}
	at := -1
	for i, s := range order {
		if s == state {
			at = i
		}
	}
	out := make([]step, len(order))
	for i, s := range order {
		out[i] = step{Label: dispatch.StateLabel(s), Done: i < at, Current: i == at}
	}
	return out
}

// onTrack is the requester's private link: the state in the center's own
// words (the internal step of the 所属長's agreement is not shown), the
// decision notice once decided, the withdrawal and the feedback.
func (s *ui) onTrack(w http.ResponseWriter, r *http.Request, token string, subID int64) error {
	req, _, err := s.st.BySubmission(r.Context(), subID)
	if err != nil {
		return err
	}
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "public_lecture_track", &web.Page{Title: "講師派遣のお申込みの状況", Layout: "public", Muni: site, Data: trackData{Token: token, R: req, Steps: steps(req.State)}})
	return nil
}

// tracked finds the lecture request of a private link; any other link is not found.
func (s *ui) tracked(r *http.Request) (string, int64, error) {
	token := r.PathValue("token")
	t, err := s.pub.Track(r.Context(), token)
	if err != nil {
		return "", 0, err
	}
	if t.Kind != dispatch.Kind {
		return "", 0, apperr.NotFoundf("このリンクは無効です。")
	}
	return token, t.ID, nil
}

// onWithdraw lets the requester withdraw from the private link (the
// public site's 取り下げ route hands a lecture request's link to it).
func (s *ui) onWithdraw(w http.ResponseWriter, r *http.Request, token string, subID int64) error {
	if err := s.st.Withdraw(r.Context(), subID); err != nil {
		return err
	}
	http.Redirect(w, r, "/public/track/"+token, http.StatusSeeOther)
	return nil
}

// publicFeedback records the requester's feedback after the lecture, once.
func (s *ui) publicFeedback(w http.ResponseWriter, r *http.Request) error {
	token, subID, err := s.tracked(r)
	if err != nil {
		return err
	}
	sat := 0
	switch v := r.PostFormValue("satisfaction"); v {
	case "1", "2", "3", "4", "5":
		sat = int(v[0] - '0')
	}
	if err := s.st.Feedback(r.Context(), subID, sat, r.PostFormValue("comment")); err != nil {
		return err
	}
	http.Redirect(w, r, "/public/track/"+token, http.StatusSeeOther)
	return nil
}

// publicNotice shows the requester the 決定通知 once decided.
func (s *ui) publicNotice(w http.ResponseWriter, r *http.Request) error {
	token, subID, err := s.tracked(r)
	if err != nil {
		return err
	}
	req, _, err := s.st.BySubmission(r.Context(), subID)
	if err != nil {
		return err
	}
	if !decided(req) {
		return apperr.NotFoundf("決定通知はまだありません。")
	}
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "public_lecture_notice", &web.Page{Title: "講師派遣決定通知書", Layout: "public", Muni: site,
		Data: noticeData{R: req, City: site.Name, Center: site.CenterName, Public: true, IssuedOn: issued(req), Token: token}})
	return nil
}

// clientAddr is the address a request came from, which the rate limit counts.
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
