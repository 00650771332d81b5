package recordsui

import (
	"net/http"
	"strconv"
	"strings"

	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

// saveExternal adds or deletes an external training of a staff member.
func (s *ui) saveExternal(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err
	}
	back := "/staff/" + m.Number + "/external"
	if r.PostFormValue("action") == "delete" {
		if err := s.Train.DeleteExternal(r.Context(), u.Actor(), u.Municipality, m.ID, web.Int64(r, "id")); err != nil {
			return err
		}
		s.RedirectFlash(w, r, back, "外部研修の記録を削除しました。")
		return nil
	}
	x := training.External{StaffID: m.ID, Title: r.PostFormValue("title"), Organiser: r.PostFormValue("organiser"),
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Notes: r.PostFormValue("notes")}
	hours, herr := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("hours")), 64)
	x.Hours = hours
	if herr != nil {
		return s.renderExternal(w, r, http.StatusBadRequest, "時間数を数字で入力してください（例 6.5）。", x)
	}
	if err := s.Train.AddExternal(r.Context(), u.Actor(), u.Municipality, &x); err != nil {
		if web.IsValidation(err) {
			return s.renderExternal(w, r, web.Status(err), web.Message(err), x)
		}
		return err
	}
	s.RedirectFlash(w, r, back, "外部研修を登録しました。")
	return nil
}
