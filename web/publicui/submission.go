package publicui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/public"
	"hagukumi/web"
)

type submissionData struct {
	Sub    *public.Submission
	Notes  []public.Note
	Staff  []*auth.User
	States []string
}

// submission shows one submission with its history and the center's
// actions: assign, state, note, reply by mail, release from the queue.
func (s *ui) submission(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	sub, notes, err := s.pub.Get(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	users, err := s.centerUsers(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "public_submission", &web.Page{Title: "受付 #" + itoa(sub.ID), Nav: "public-inbox",
		Data: submissionData{Sub: sub, Notes: notes, Staff: users, States: public.States}})
	return nil
}
