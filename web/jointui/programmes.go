package jointui

import (
	"net/http"

	"hagukumi/joint"
	"hagukumi/web"
)

type programmesData struct {
	FY         int
	Programmes []joint.Programme
}

// load is the one loader of the page and the API: the fiscal year's programmes.
func (s *ui) load(r *http.Request) (programmesData, error) {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return programmesData{}, err
	}
	ps, err := s.st.Programmes(r.Context(), web.UserOf(r).Municipality, fy)
	return programmesData{FY: fy, Programmes: ps}, err
}

// programmes shows the year's joint programmes with the places taken.
func (s *ui) programmes(w http.ResponseWriter, r *http.Request) error {
	d, err := s.load(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "joint_programmes", &web.Page{Title: "共同研修", Nav: "joint", FY: d.FY, Data: d})
	return nil
}

// apiProgrammes answers the year's joint programmes.
func (s *ui) apiProgrammes(w http.ResponseWriter, r *http.Request) error {
	d, err := s.load(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"fy": d.FY, "items": d.Programmes})
	return nil
}
