package staffui

import (
	"net/http"

	"hagukumi/staff"
	"hagukumi/web"
)

// detailJSON is the answer of GET /api/v1/staff/{number}.
type detailJSON struct {
	*staff.Member
	History staff.History `json:"history"`
}

// apiDetail answers one staff member with their history.
func (s *ui) apiDetail(w http.ResponseWriter, r *http.Request) error {
	m, h, err := s.loadMember(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, detailJSON{m, h})
	return nil
}
