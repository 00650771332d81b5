package jointui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/joint"
	"hagukumi/web"
)

// programmeBody is the JSON of a new programme; dates are ISO or 和暦.
type programmeBody struct {
	Name     string  `json:"name"`
	Host     string  `json:"host"`
	Quota    int     `json:"quota"`
	Policy   string  `json:"policy"`
	StartsOn string  `json:"starts_on"`
	EndsOn   string  `json:"ends_on"`
	Hours    float64 `json:"hours"`
	ApplyBy  string  `json:"apply_by"`
}

// programmeOf reads a programme from its fields.
func programmeOf(b programmeBody) (joint.Programme, error) {
	p := joint.Programme{Name: b.Name, Host: b.Host, Quota: b.Quota, Policy: joint.Policy(b.Policy), Hours: b.Hours}
	var errs [3]error
	p.StartsOn, errs[0] = calendar.ParseDate(b.StartsOn)
	p.EndsOn, errs[1] = calendar.ParseDate(b.EndsOn)
	p.ApplyBy, errs[2] = calendar.ParseDate(b.ApplyBy)
	for _, err := range errs {
		if err != nil {
			return p, apperr.Invalidf("日付の形式が正しくありません（例：2026-06-10、令和8年6月10日）。")
		}
	}
	return p, nil
}

// apiCreate registers a programme.
func (s *ui) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var b programmeBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	p, err := programmeOf(b)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	if err := s.st.CreateProgramme(r.Context(), u.Actor(), u.Municipality, &p); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, p)
	return nil
}
