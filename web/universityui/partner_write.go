package universityui

import (
	"net/http"

	"hagukumi/university"
	"hagukumi/web"
)

// apiCreatePartner registers a partner.
func (s *ui) apiCreatePartner(w http.ResponseWriter, r *http.Request) error {
	var p university.Partner
	if err := web.DecodeJSON(r, &p); err != nil {
		return err
	}
	p.ID, p.Agreements = 0, nil
	u := web.UserOf(r)
	if err := s.st.CreatePartner(r.Context(), u.Actor(), u.Municipality, &p); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, p)
	return nil
}

// apiAddAgreement records an agreement with a partner.
func (s *ui) apiAddAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var a university.Agreement
	if err := web.DecodeJSON(r, &a); err != nil {
		return err
	}
	u := web.UserOf(r)
	if err := s.st.AddAgreement(r.Context(), u.Actor(), u.Municipality, id, &a); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, a)
	return nil
}

// apiAddActivity records an activity with a partner.
func (s *ui) apiAddActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var a university.Activity
	if err := web.DecodeJSON(r, &a); err != nil {
		return err
	}
	a.ID, a.PartnerID = 0, id
	u := web.UserOf(r)
	if err := s.st.AddActivity(r.Context(), u.Actor(), u.Municipality, &a); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, a)
	return nil
}
