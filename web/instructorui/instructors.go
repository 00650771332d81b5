package instructorui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

type poolData struct {
	Pool []*training.PoolEntry
}

// instructors lists the staff who taught or registered a topic.
func (s *ui) instructors(w http.ResponseWriter, r *http.Request) error {
	pool, err := s.Train.InstructorPool(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "instructors", &web.Page{Title: "職員講師", Nav: "instructors", Data: poolData{Pool: pool}})
	return nil
}
