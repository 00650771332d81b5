package accountui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/web"
)

// tokensData is what the token page shows: the user's tokens, the lifetime
// limits for the form, and, once only, a token just made.
type tokensData struct {
	Tokens      []auth.Token
	DefaultDays int
	MaxDays     int
	Name        string // the form's name field, kept when it is refused
	Days        int
	New         string // the secret of a token just made; shown now, never again
}

const day = 24 * time.Hour

// tokens lists the user's own API tokens with a form to make one.
func (s *ui) tokens(w http.ResponseWriter, r *http.Request) error {
	return s.renderTokens(w, r, http.StatusOK, tokensData{}, "")
}

// renderTokens shows the token page with the user's current list.
func (s *ui) renderTokens(w http.ResponseWriter, r *http.Request, status int, d tokensData, errMsg string) error {
	u := web.UserOf(r)
	list, err := s.Auth.Tokens(r.Context(), u.Municipality, u.ID)
	if err != nil {
		return err
	}
	d.Tokens = list
	d.DefaultDays, d.MaxDays = int(auth.DefaultTokenLifetime/day), int(auth.MaxTokenLifetime/day)
	if d.Days == 0 {
		d.Days = d.DefaultDays
	}
	s.Render(w, r, status, "tokens", &web.Page{Title: "APIトークン", Error: errMsg, Data: d})
	return nil
}

// createToken makes an API token for the user and shows it once, in the
// answer to this request: only its hash is stored, so it cannot be shown
// again, and it is not put in a redirect or a flash cookie.
func (s *ui) createToken(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	d := tokensData{Name: strings.TrimSpace(r.PostFormValue("name"))}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil || days < 1 || days > int(auth.MaxTokenLifetime/day) {
		err = apperr.Invalidf("有効期間は1日から%d日までの日数で指定してください。", int(auth.MaxTokenLifetime/day))
	} else {
		d.Days = days
		d.New, err = s.Auth.CreateTokenFor(r.Context(), u.Actor(), u, d.Name, time.Duration(days)*day)
	}
	if web.IsValidation(err) {
		return s.renderTokens(w, r, http.StatusBadRequest, d, web.Message(err))
	}
	if err != nil {
		return err
	}
	d.Name, d.Days = "", 0
	return s.renderTokens(w, r, http.StatusCreated, d, "")
}

// revokeToken deletes one of the user's own tokens.
func (s *ui) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeToken(r.Context(), web.UserOf(r), id); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/account/tokens", "APIトークンを失効させました。")
	return nil
}
