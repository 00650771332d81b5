package jointui

import (
	"net/http"

	"hagukumi/web"
)

// apiDecide enters the host's notice: {"places": N, "seed": S}. The seed
// draws a lottery programme's places; the same seed draws the same people.
func (s *ui) apiDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var b struct {
		Places int    `json:"places"`
		Seed   uint64 `json:"seed"`
	}
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	u := web.UserOf(r)
	d, err := s.st.Decide(r.Context(), u.Actor(), u.Municipality, id, b.Places, b.Seed)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, d)
	return nil
}
