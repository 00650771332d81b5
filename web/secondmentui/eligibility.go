package secondmentui

import (
	"net/http"
	"strconv"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/secondment"
	"hagukumi/web"
)

// apiEligibility checks a staff member against a placement programme's
// rule (?number=, min_years=, max_age=, committed=true, as_of=).
func (s *ui) apiEligibility(w http.ResponseWriter, r *http.Request) error {
	asOf := calendar.Today(s.Now())
	if v := r.FormValue("as_of"); v != "" {
		d, err := calendar.ParseDate(v)
		if err != nil {
			return apperrDate()
		}
		asOf = d
	}
	minYears, _ := strconv.Atoi(r.FormValue("min_years"))
	maxAge, _ := strconv.Atoi(r.FormValue("max_age"))
	rule := secondment.Rule{MinYears: minYears, MaxAge: maxAge, NeedCommitment: r.FormValue("need_commitment") == "true"}
	u := web.UserOf(r)
	why, err := s.st.Eligibility(r.Context(), u.Municipality, auth.ScopeOf(u), r.FormValue("number"), rule, asOf, r.FormValue("committed") == "true")
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"number": r.FormValue("number"), "as_of": asOf.Format("2006-01-02"), "eligible": len(why) == 0, "reasons": why})
	return nil
}
