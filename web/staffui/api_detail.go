package staffui

import (
	"net/http"

	"hagukumi/staff"
	"hagukumi/web"
)

// apiDetail answers one staff member with their history.
func (s *ui) apiDetail(w http.ResponseWriter, r *http.Request) error {
	m, h, err := s.loadMember(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, struct {
		*staff.Member
		History staff.History `json:"history"`
	}{m, h})
	return nil
}
