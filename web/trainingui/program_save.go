package trainingui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// createProgram adds a program from the form.
func (s *ui) createProgram(w http.ResponseWriter, r *http.Request) error {
	return s.saveProgram(w, r, &training.Program{}, "研修の追加")
}

// updateProgram changes the program named in the path.
func (s *ui) updateProgram(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	return s.saveProgram(w, r, p, "研修の編集")
}

// saveProgram stores the form into p, or shows the form again with the
// message when the user has something to correct.
func (s *ui) saveProgram(w http.ResponseWriter, r *http.Request, p *training.Program, title string) error {
	u := web.UserOf(r)
	err := readProgramForm(r, p)
	if err == nil {
		err = s.Train.SaveProgram(r.Context(), u.Actor(), u.Municipality, p)
	}
	if web.IsValidation(err) {
		s.Render(w, r, web.Status(err), "program_form", &web.Page{Title: title, Nav: "programs", Error: web.Message(err), Data: s.formData(r, p)})
		return nil
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/programs/"+p.Code, "研修「"+p.Name+"」を保存しました。")
	return nil
}
