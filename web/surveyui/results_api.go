package surveyui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// resultsJSON is the answer of GET /api/v1/programs/{code}/survey/results.
type resultsJSON struct {
	ProgramCode string                    `json:"program_code"`
	FY          int                       `json:"fy"`
	Surveys     []training.SurveyResult   `json:"surveys"`
	Sessions    []training.SessionSummary `json:"sessions"`
}

// apiResults answers a program's survey results as JSON.
func (s *ui) apiResults(w http.ResponseWriter, r *http.Request) error {
	d, err := s.resultsData(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, resultsJSON{ProgramCode: d.P.Code, FY: d.FY, Surveys: d.Results, Sessions: d.Sessions})
	return nil
}
