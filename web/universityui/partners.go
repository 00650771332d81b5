package universityui

import (
	"net/http"

	"hagukumi/university"
	"hagukumi/web"
)

type partnersData struct {
	FY         int
	Partners   []university.Partner
	Activities []university.Activity
	Kinds      []string
}

// loadPartners is the one loader of the page and the API.
func (s *ui) loadPartners(r *http.Request) (partnersData, error) {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return partnersData{}, err
	}
	muni := web.UserOf(r).Municipality
	ps, err := s.st.Partners(r.Context(), muni)
	if err != nil {
		return partnersData{}, err
	}
	acts, err := s.st.Activities(r.Context(), muni, fy)
	return partnersData{FY: fy, Partners: ps, Activities: acts, Kinds: university.PartnerKinds}, err
}

// partners shows the partners with their agreements and the year's activities.
func (s *ui) partners(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadPartners(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "partners", &web.Page{Title: "連携先", Nav: "partners", FY: d.FY, Data: d})
	return nil
}

// apiPartners answers the partners with their agreements and the year's activities.
func (s *ui) apiPartners(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadPartners(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"items": d.Partners, "fy": d.FY, "activities": d.Activities})
	return nil
}
