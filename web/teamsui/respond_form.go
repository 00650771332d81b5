package teamsui

import (
	"fmt"
	"net/http"
	"strconv"

	"hagukumi/teams"
	"hagukumi/web"
)

// respondForm records this fiscal year's answer from the item page.
func (s *ui) respondForm(w http.ResponseWriter, r *http.Request) error {
	progress, err := strconv.Atoi(r.PostFormValue("progress"))
	if err != nil {
		progress = -1
	}
	resp := teams.Response{FY: s.thisFY(), Status: r.PostFormValue("status"), Progress: progress, Action: r.PostFormValue("action"), Note: r.PostFormValue("note")}
	if err := s.respond(r, &resp); web.IsValidation(err) {
		return s.renderItem(w, r, web.Status(err), err, resp)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/proposal-items/%d", resp.ItemID), "回答を登録しました。")
	return nil
}
