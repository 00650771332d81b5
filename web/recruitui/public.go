package recruitui

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"

	"rsc.io/qr"

	"hagukumi/apperr"
	"hagukumi/public"
	"hagukumi/recruit"
	"hagukumi/staff"
	"hagukumi/web"
)

// render writes a public page in the public site's layout.
func (s *ui) render(w http.ResponseWriter, r *http.Request, status int, name, title string, site staff.Municipality, msg string, data any) {
	s.Render(w, r, status, name, &web.Page{Title: title, Layout: "public", Muni: site, Error: msg, Data: data})
}

type publicListData struct {
	Events []recruit.Event
}

// publicList lists the published briefings with their state.
func (s *ui) publicList(w http.ResponseWriter, r *http.Request) error {
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	list, err := s.st.PublicEvents(r.Context(), site.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "recruit_public_list", "採用説明会", site, "", publicListData{Events: list})
	return nil
}

type formData struct {
	Event    recruit.Event
	Open     []recruit.Session // the sessions one may still choose
	JobTypes []string
	Stamp    string
	PowBits  int
	Values   map[string]string
	Errors   map[string]string
	Year     int
}

// publicEvent is a briefing's page with its registration form.
func (s *ui) publicEvent(w http.ResponseWriter, r *http.Request) error {
	return s.showForm(w, r, http.StatusOK, map[string]string{}, nil, "")
}

func (s *ui) showForm(w http.ResponseWriter, r *http.Request, status int, values, errs map[string]string, msg string) error {
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	id, err := web.ID(r, "event_id")
	if err != nil {
		return err
	}
	e, err := s.st.PublicEvent(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	key, err := s.pub.Key(r.Context())
	if err != nil {
		return err
	}
	now := s.Now()
	d := formData{Event: e, JobTypes: recruit.JobTypes, Stamp: public.Stamp(key, now), PowBits: public.PowBits, Values: values, Errors: errs, Year: now.Year()}
	if e.InWindow(now) {
		for _, x := range e.Sessions {
			if recruit.SessionOpen(&x, now) {
				d.Open = append(d.Open, x)
			}
		}
	}
	s.render(w, r, status, "recruit_public_event", e.Title, site, msg, d)
	return nil
}

var formFields = []string{"name", "kana", "email", "university", "faculty", "graduation_year", "interest", "session_id", "question", "consent"}

// register takes the public registration form through the guards every
// public form shares. A form without its stamp or proof of work is
// accepted and marked for the center's review, never refused for it.
func (s *ui) register(w http.ResponseWriter, r *http.Request) error {
	values := map[string]string{}
	for _, f := range formFields {
		values[f] = r.PostFormValue(f)
	}
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	key, err := s.pub.Key(r.Context())
	if err != nil {
		return err
	}
	verdict := public.Check(key, r.PostFormValue("website"), r.PostFormValue("stamp"), r.PostFormValue("pow"), s.Now())
	if verdict == public.Robot {
		// A robot filled the honeypot: it is told it succeeded, and nothing is stored.
		s.render(w, r, http.StatusOK, "recruit_public_sent", "登録を受け付けました", site, "", nil)
		return nil
	}
	id, err := web.ID(r, "event_id")
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(strings.TrimSpace(values["graduation_year"]))
	g := recruit.Registration{Name: values["name"], Kana: values["kana"], Email: values["email"], University: values["university"], Faculty: values["faculty"],
		GraduationYear: year, Interest: values["interest"], Question: values["question"], SessionID: web.Int64(r, "session_id")}
	if values["consent"] != "on" {
		g.Normalize()
		fe := apperr.FieldsOf(g.Validate(false, s.Now().Year()))
		if fe == nil {
			fe = apperr.FieldErrors{}
		}
		fe["consent"] = "個人情報の取扱いに同意いただける場合は、同意の欄にチェックを入れてください（同意がないと登録できません）。"
		return s.showForm(w, r, http.StatusUnprocessableEntity, values, fe, "入力内容を確かめてください。")
	}
	base := s.baseURL(r)
	center := strings.TrimSpace(site.Name + " " + site.CenterName)
	var title string
	if e, err := s.st.PublicEvent(r.Context(), site.ID, id); err == nil {
		title = e.Title
	}
	got, err := s.st.Register(r.Context(), site.ID, id, &g, clientAddr(r), verdict == public.Queue, func(token, state string) (string, string) {
		link := base + "/public/track/" + token
		return "【" + site.CenterName + "】" + title + "：" + recruit.StateLabel(state) + "として受け付けました",
			"「" + title + "」へのご登録を「" + recruit.StateLabel(state) + "」として受け付けました。\n\n" +
				"登録内容の確認、参加する回の変更、キャンセルは次のページで行えます。当日の受付で使うQRコードもこのページに表示されます。\n" +
				link + "\n\n受付用QRコードの画像: " + link + "/qr.png\n\n" +
				"このリンクはご本人だけのものです。ほかの人に知らせないでください。\n" +
				"お預かりした個人情報は説明会の運営と連絡のためにだけ使い、保存期間が過ぎたら削除します。\n\n" + center + "\n"
	})
	switch {
	case errors.Is(err, public.ErrTooMany):
		s.render(w, r, http.StatusTooManyRequests, "recruit_public_sent", "しばらくしてからお試しください", site,
			"短い時間に多くの登録があったため、受け付けられませんでした。しばらくしてから、もう一度お試しください。", nil)
		return nil
	case web.Status(err) == http.StatusConflict:
		return s.showForm(w, r, http.StatusConflict, values, nil, web.Message(err))
	case web.IsValidation(err):
		return s.showForm(w, r, http.StatusUnprocessableEntity, values, apperr.FieldsOf(err), "入力内容を確かめてください。")
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/public/track/"+got.Token, http.StatusSeeOther)
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

type trackData struct {
	Token    string
	Mine     recruit.Mine
	Open     []recruit.Session
	Change   bool
	Cancel   bool
	QR       bool
	Survey   bool
	Intents  []string
	Label    string
	Sessions map[int64]string
}

// track is the registrant's private link: the state, the QR code for the
// desk, a change of session or a cancellation, and the survey once they
// came.
func (s *ui) track(w http.ResponseWriter, r *http.Request, token string, submissionID int64) error {
	return s.showTrack(w, r, http.StatusOK, token, submissionID, "")
}

func (s *ui) showTrack(w http.ResponseWriter, r *http.Request, status int, token string, submissionID int64, msg string) error {
	m, _, err := s.st.BySubmission(r.Context(), submissionID)
	if err != nil {
		return err
	}
	site, err := s.pub.Head(r.Context())
	if err != nil {
		return err
	}
	now := s.Now()
	live := m.State == recruit.Registered || m.State == recruit.Waitlisted
	started := m.Session != nil && !recruit.SessionOpen(m.Session, now)
	d := trackData{Token: token, Mine: m, Intents: recruit.Intents, Label: recruit.StateLabel(m.State), Sessions: sessionLabels(m.Event),
		Cancel: live && !started, QR: (live || m.State == recruit.Attended) && m.CheckinCode != "",
		Survey: m.State == recruit.Attended && !m.Answered}
	if live && !started && m.Event.InWindow(now) {
		for _, x := range m.Event.Sessions {
			if x.ID != m.SessionID && recruit.SessionOpen(&x, now) {
				d.Open = append(d.Open, x)
			}
		}
		d.Change = len(d.Open) > 0
	}
	s.render(w, r, status, "recruit_track", "ご登録の状況", site, msg, d)
	return nil
}

// mineOf reads the registration of the {token} private link.
func (s *ui) mineOf(r *http.Request) (string, recruit.Mine, error) {
	token := r.PathValue("token")
	t, err := s.pub.Track(r.Context(), token)
	if err != nil {
		return token, recruit.Mine{}, err
	}
	if t.Kind != recruit.Kind {
		return token, recruit.Mine{}, apperr.NotFoundf("このリンクは無効です。")
	}
	m, _, err := s.st.BySubmission(r.Context(), t.ID)
	return token, m, err
}

// afterTrack answers a form of the private link: back to it, or the page
// again with the reason when the registrant can fix or must know it.
func (s *ui) afterTrack(w http.ResponseWriter, r *http.Request, token string, err error) error {
	if err != nil {
		if web.IsValidation(err) || web.Status(err) == http.StatusConflict {
			t, terr := s.pub.Track(r.Context(), token)
			if terr != nil {
				return terr
			}
			return s.showTrack(w, r, web.Status(err), token, t.ID, web.Message(err))
		}
		return err
	}
	http.Redirect(w, r, "/public/track/"+token, http.StatusSeeOther)
	return nil
}

// cancel cancels the registration of a private link.
func (s *ui) cancel(w http.ResponseWriter, r *http.Request) error {
	token, _, err := s.mineOf(r)
	if err != nil {
		return err
	}
	return s.afterTrack(w, r, token, s.st.Cancel(r.Context(), token))
}

// changeSession moves the registration of a private link to another session.
func (s *ui) changeSession(w http.ResponseWriter, r *http.Request) error {
	token, _, err := s.mineOf(r)
	if err != nil {
		return err
	}
	return s.afterTrack(w, r, token, s.st.ChangeSession(r.Context(), token, web.Int64(r, "session_id")))
}

// answer stores the survey answer of a registrant who came, once.
func (s *ui) answer(w http.ResponseWriter, r *http.Request) error {
	token, _, err := s.mineOf(r)
	if err != nil {
		return err
	}
	sat, _ := strconv.Atoi(r.PostFormValue("satisfaction"))
	return s.afterTrack(w, r, token, s.st.Answer(r.Context(), token, recruit.Answer{Satisfaction: sat, Intent: r.PostFormValue("intent"), Comment: r.PostFormValue("comment")}))
}

// qr draws the registration's check-in code as a PNG: the desk's scanner
// reads it and types the code into the desk page's field.
func (s *ui) qr(w http.ResponseWriter, r *http.Request) error {
	_, m, err := s.mineOf(r)
	if err != nil {
		return err
	}
	if m.CheckinCode == "" || m.State == recruit.Cancelled {
		return apperr.NotFoundf("この登録には受付用のQRコードがありません。")
	}
	code, err := qr.Encode(m.CheckinCode, qr.M)
	if err != nil {
		return err
	}
	code.Scale = 8
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(code.PNG())
	return nil
}
