package staffui

import (
	"net/http"
	"time"

	"hagukumi/calendar"
	"hagukumi/web"
)

// importForm shows the upload form of a staff file.
func (s *ui) importForm(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "import", &web.Page{Title: "職員データの取込", Nav: "import",
		Data: map[string]string{"AsOf": calendar.Today(s.Now()).Format(time.DateOnly)}})
	return nil
}
