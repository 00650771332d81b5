package teamsui

import (
	"fmt"
	"net/http"
	"strings"

	"hagukumi/calendar"
	"hagukumi/sheet"
	"hagukumi/teams"
	"hagukumi/web"
)

// export downloads a team's items with their latest answer as of ?fy=
// (CSV, or xlsx with ?format=xlsx).
func (s *ui) export(w http.ResponseWriter, r *http.Request) error {
	f, err := s.followUpOf(r)
	if err != nil {
		return err
	}
	out, err := web.Sheet(w, r, fmt.Sprintf("提言の反映状況_%d", f.FY), "反映状況")
	if err != nil {
		return err
	}
	if err := out.Row(sheet.Text("期"), sheet.Text("番号"), sheet.Text("提言項目"), sheet.Text("担当部局"), sheet.Text("施策"), sheet.Text("概算費用"),
		sheet.Text("状況"), sheet.Text("進捗"), sheet.Text("回答年度"), sheet.Text("取組"), sheet.Text("内容")); err != nil {
		return err
	}
	for _, it := range f.Items {
		status, progress, answered, action, note := "未回答", "", "", "", ""
		if last := teams.LatestAsOf(it.Responses, f.FY); last != nil {
			status, progress, answered, action, note = teams.StatusLabel(last.Status), fmt.Sprint(last.Progress), calendar.FormatNendo(last.FY), last.Action, last.Note
		}
		if err := out.Row(sheet.Text(calendar.FormatNendo(it.CohortFY)), sheet.Text(fmt.Sprint(it.Position)), sheet.Text(it.Text), sheet.Text(strings.Join(it.Departments, "、")),
			sheet.Text(it.Measure), sheet.Text(it.Cost), sheet.Text(status), sheet.Text(progress), sheet.Text(answered), sheet.Text(action), sheet.Text(note)); err != nil {
			return err
		}
	}
	return out.Close()
}
