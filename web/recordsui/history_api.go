package recordsui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// historyJSON is the answer of GET /api/v1/staff/{number}/history.
type historyJSON struct {
	Number string                 `json:"number"`
	Name   string                 `json:"name"`
	Unit   string                 `json:"unit"`
	ByFY   []training.FYHours     `json:"by_fy"`
	Items  []training.HistoryItem `json:"items"`
}

// apiHistory answers a staff member's training history as JSON.
func (s *ui) apiHistory(w http.ResponseWriter, r *http.Request) error {
	h, err := s.numberedHistory(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, historyJSON{Number: h.M.Number, Name: h.M.Name(), Unit: h.M.Unit, ByFY: h.H.ByFY, Items: h.H.Items})
	return nil
}
