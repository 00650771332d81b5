package surveyui

import (
	"net/http"
	"strconv"
	"strings"

	"hagukumi/training"
	"hagukumi/web"
)

// maxQuestions bounds the rows the editor form may send.
const maxQuestions = 60

// saveSurvey saves a program's survey; once answered, as a new version.
func (s *ui) saveSurvey(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, err := s.program(r)
	if err != nil {
		return err
	}
	n := min(web.Int(r, "rows"), maxQuestions)
	var qs []training.Question
	for i := 0; i < n; i++ {
		k := strconv.Itoa(i)
		ord, _ := strconv.Atoi(r.PostFormValue("ord_" + k))
		qs = append(qs, training.Question{Ord: ord, Kind: r.PostFormValue("kind_" + k), Text: r.PostFormValue("text_" + k),
			Choices: []string{r.PostFormValue("choices_" + k)}, Required: r.PostFormValue("req_"+k) != ""})
	}
	title := r.PostFormValue("title")
	nv, err := s.Train.SaveSurvey(r.Context(), u.Actor(), u.Municipality, p.ID, title, qs)
	if err != nil {
		if !web.IsValidation(err) {
			return err
		}
		// Show again the questions that were written; empty rows come back by themselves.
		var keep []training.Question
		for _, q := range qs {
			if strings.TrimSpace(q.Text) != "" {
				keep = append(keep, q)
			}
		}
		return s.renderEdit(w, r, p, web.Status(err), web.Message(err), title, keep)
	}
	msg := "アンケートを保存しました。"
	if nv {
		msg = "回答が既にあるため、アンケートを新しい版として保存しました。これまでの回答は元の設問のまま集計されます。"
	}
	s.RedirectFlash(w, r, "/programs/"+p.Code+"/survey", msg)
	return nil
}
