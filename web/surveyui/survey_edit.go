package surveyui

import (
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/training"
	"hagukumi/web"
)

type questionRow struct {
	training.Question
	ChoicesText string
}

type editData struct {
	P      *training.Program
	Title  string
	Rows   []questionRow
	Kinds  []struct{ Kind, Label string }
	Answer int
}

// editSurvey shows a program's survey for editing.
func (s *ui) editSurvey(w http.ResponseWriter, r *http.Request) error {
	p, err := s.program(r)
	if err != nil {
		return err
	}
	return s.renderEdit(w, r, p, http.StatusOK, "", "", nil)
}

func (s *ui) program(r *http.Request) (*training.Program, error) {
	return s.Train.ProgramByCode(r.Context(), web.UserOf(r).Municipality, r.PathValue("code"))
}

// renderEdit shows the editor: the saved survey when qs is nil, else the
// questions as entered after a mistake.
func (s *ui) renderEdit(w http.ResponseWriter, r *http.Request, p *training.Program, status int, errMsg, title string, qs []training.Question) error {
	u := web.UserOf(r)
	d := editData{P: p, Title: title, Kinds: training.QuestionKinds}
	if qs == nil {
		sv, err := s.Train.SurveyOf(r.Context(), u.Municipality, p.ID)
		if err == nil {
			d.Title, qs, d.Answer = sv.Title, sv.Questions, sv.Responses
		} else if apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
	}
	for _, q := range qs {
		d.Rows = append(d.Rows, questionRow{q, strings.Join(q.Choices, "\n")})
	}
	// Three empty rows to add questions without JavaScript.
	for i := 0; i < 3; i++ {
		d.Rows = append(d.Rows, questionRow{Question: training.Question{Ord: len(d.Rows) + 1, Kind: training.QuestionScale}})
	}
	if d.Title == "" {
		d.Title = "受講後アンケート"
	}
	s.Render(w, r, status, "survey_edit", &web.Page{Title: "アンケートの作成 " + p.Name, Nav: "training", Error: errMsg, Data: d})
	return nil
}
