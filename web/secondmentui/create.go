package secondmentui

import (
	"net/http"

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

// apiCreate registers a placement and the reports its kind owes.
func (s *ui) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var b placementBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	from, err1 := calendar.ParseDate(b.From)
	to, err2 := calendar.ParseDate(b.To)
	if err1 != nil || err2 != nil {
		return apperrDate()
	}
	p := secondment.Placement{Number: b.Number, Host: b.Host, Kind: b.Kind, Basis: b.Basis, From: from, To: to, Costs: b.Costs}
	u := web.UserOf(r)
	if err := s.st.Create(r.Context(), u.Actor(), u.Municipality, &p); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, p)
	return nil
}
