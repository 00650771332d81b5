package secondmentui

import (
	"fmt"
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/secondment"
	"hagukumi/web"
)

type placementBody struct {
	Number string `json:"number"`
	Host   string `json:"host"`
	Kind   string `json:"kind"`
	Basis  string `json:"basis"`
	From   string `json:"from"`
	To     string `json:"to"`
	Costs  string `json:"costs"`
}

func apperrDate() error {
	return apperr.Invalidf("日付の形式が正しくありません（例：2026-04-01、令和8年4月1日）。")
}

// placementOf reads a placement from its fields, with dates ISO or 和暦.
func placementOf(b placementBody) (secondment.Placement, error) {
	from, err1 := calendar.ParseDate(b.From)
	to, err2 := calendar.ParseDate(b.To)
	if err1 != nil || err2 != nil {
		return secondment.Placement{}, apperrDate()
	}
	return secondment.Placement{Number: b.Number, Host: b.Host, Kind: b.Kind, Basis: b.Basis, From: from, To: to, Costs: b.Costs}, nil
}

// createForm registers a placement from the board's form.
func (s *ui) createForm(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	p, err := placementOf(placementBody{Number: strings.TrimSpace(f("number")), Host: strings.TrimSpace(f("host")), Kind: f("kind"), Basis: strings.TrimSpace(f("basis")),
		From: f("from"), To: f("to"), Costs: strings.TrimSpace(f("costs"))})
	if err == nil {
		u := web.UserOf(r)
		err = s.st.Create(r.Context(), u.Actor(), u.Municipality, &p)
	}
	if err != nil {
		if web.IsValidation(err) {
			return s.renderBoard(w, r, web.Status(err), web.Message(err))
		}
		return err
	}
	s.RedirectFlash(w, r, "/secondments", fmt.Sprintf("%s の派遣（%s）を登録しました。", p.Number, p.Host))
	return nil
}

// apiCreate registers a placement and the reports its kind owes.
func (s *ui) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var b placementBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	p, err := placementOf(b)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	if err := s.st.Create(r.Context(), u.Actor(), u.Municipality, &p); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, p)
	return nil
}
