package universityui

import (
	"net/http"

	"hagukumi/web"
)

// apiCopyCourse starts next year's course from this one ({"fy": N}).
func (s *ui) apiCopyCourse(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var b struct {
		FY int `json:"fy"`
	}
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	u := web.UserOf(r)
	c, err := s.st.CopyCourse(r.Context(), u.Actor(), u.Municipality, id, b.FY)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, c)
	return nil
}
