package staffui

import (
	"net/http"
	"strings"

	"hagukumi/web"
)

// saveRanks stores the rank ladder typed one rank a line, lowest first.
func (s *ui) saveRanks(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := s.Staff.SaveRanks(r.Context(), u.Actor(), u.Municipality, splitLines(r.PostFormValue("ranks"))); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/ranks", "職位の設定を保存しました。")
	return nil
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
