package teamsui

import (
	"fmt"
	"net/http"
	"strings"

	"hagukumi/teams"
	"hagukumi/web"
)

// proposalSave records a cohort's 提言書. Items are typed one a line as
// 「内容 | 担当部局（/ で区切って複数） | 総合計画の施策 | 概算費用」.
func (s *ui) proposalSave(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.cohortOf(r)
	if err != nil {
		return err
	}
	p := teams.Proposal{CohortID: c.ID, Title: r.PostFormValue("title"), PresentedOn: r.PostFormValue("presented_on"), Items: parseItems(r.PostFormValue("items"))}
	u := web.UserOf(r)
	if err := s.teams.SaveProposal(r.Context(), u.Actor(), u.Municipality, &p); web.IsValidation(err) {
		return s.renderCohort(w, r, web.Status(err), err)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/cohorts/%d#proposal", c.ID), "提言書を登録しました。")
	return nil
}

// parseItems reads the item lines of the proposal form; departments are
// separated by 「、」 or 「,」 and name top-level units.
func parseItems(text string) []teams.Item {
	var out []teams.Item
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(strings.ReplaceAll(line, "｜", "|"), "|")
		for len(parts) < 4 {
			parts = append(parts, "")
		}
		it := teams.Item{Text: strings.TrimSpace(parts[0]), Measure: strings.TrimSpace(parts[2]), Cost: strings.TrimSpace(parts[3])}
		for _, d := range strings.FieldsFunc(parts[1], func(r rune) bool { return r == '、' || r == ',' || r == '，' }) {
			if d = strings.TrimSpace(d); d != "" {
				it.Departments = append(it.Departments, d)
			}
		}
		out = append(out, it)
	}
	return out
}
