package rtwui

import (
	"encoding/json"
	"net/http"
	"strings"

	"hagukumi/rtw"
	"hagukumi/web"
)

// createBody is the JSON of a new case. staff_number may be given as a
// string ("A2001") or a number (20001).
type createBody struct {
	StaffNumber json.RawMessage `json:"staff_number"`
	Managers    []string        `json:"managers"`
	LeaveType   string          `json:"leave_type"`
}

// apiCreate opens a case (center admin).
func (s *ui) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var b createBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	number := strings.Trim(strings.TrimSpace(string(b.StaffNumber)), `"`)
	id, err := s.rtw.CreateCase(r.Context(), web.UserOf(r), rtw.NewCase{StaffNumber: number, Managers: b.Managers, LeaveType: b.LeaveType})
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, map[string]int64{"id": id})
	return nil
}
