package enrolui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// apiMyEnrolments answers the user's own applications and enrolments.
func (s *ui) apiMyEnrolments(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list := []*training.Enrolment{}
	if u.StaffID != 0 {
		all, err := s.Train.EnrolmentsOfStaff(r.Context(), u.Municipality, u.StaffID)
		if err != nil {
			return err
		}
		list = append(list, all...)
	}
	web.JSON(w, http.StatusOK, list)
	return nil
}
