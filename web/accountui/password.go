package accountui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/web"
)

// changePassword sets the user's own password after checking the current
// one; the user's other sessions end, this one stays.
func (s *ui) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	_, hash, err := s.Auth.UserByLogin(r.Context(), u.Login)
	if err != nil {
		return err
	}
	pw := r.PostFormValue("new")
	switch {
	case !auth.CheckPassword(hash, r.PostFormValue("current")):
		err = apperr.Invalidf("現在のパスワードが正しくありません。")
	case pw != r.PostFormValue("confirm"):
		err = apperr.Invalidf("新しいパスワードと確認用の入力が一致しません。")
	case pw == r.PostFormValue("current"):
		err = apperr.Invalidf("新しいパスワードは現在のものと別にしてください。")
	default:
		keep := ""
		if c, cerr := r.Cookie(s.CookieName()); cerr == nil {
			keep = c.Value
		}
		err = s.Auth.SetPassword(r.Context(), u.Municipality, u.Actor(), u.ID, pw, false, keep)
	}
	if web.IsValidation(err) {
		s.Render(w, r, http.StatusBadRequest, "password", &web.Page{Title: "パスワードの変更", Error: web.Message(err), Data: auth.MinPasswordLength})
		return nil
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/", "パスワードを変更しました。")
	return nil
}
