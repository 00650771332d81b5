package surveyui

import (
	"net/http"

	"hagukumi/web"
)

// apiResults answers a program's survey results as JSON.
func (s *ui) apiResults(w http.ResponseWriter, r *http.Request) error {
	d, err := s.resultsData(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"program_code": d.P.Code, "fy": d.FY, "surveys": d.Results, "sessions": d.Sessions})
	return nil
}
