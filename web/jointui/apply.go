package jointui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/joint"
	"hagukumi/web"
)

type applyBody struct {
	Number     string `json:"number"`
	LateReason string `json:"late_reason"`
}

// apiApply applies or recommends a staff member within the user's scope:
// the center anyone, a liaison their department's staff.
func (s *ui) apiApply(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var b applyBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	u := web.UserOf(r)
	a, err := s.st.Apply(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), id, b.Number, b.LateReason)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, a)
	return nil
}

// apiApplications lists a programme's applications the user's scope sees.
func (s *ui) apiApplications(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	if _, err := s.st.Programme(r.Context(), u.Municipality, id); err != nil {
		return err
	}
	apps, err := s.st.Applications(r.Context(), u.Municipality, auth.ScopeOf(u), id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"items": apps})
	return nil
}

// apiStatus moves an application to a new state.
func (s *ui) apiStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var b struct {
		Status string `json:"status"`
	}
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	u := web.UserOf(r)
	if err := s.st.SetStatus(r.Context(), u.Actor(), u.Municipality, id, joint.Status(b.Status)); err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"id": id, "status": b.Status})
	return nil
}
