package publicui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/public"
)

// contactData is the contact form's state: the values (kept on an error),
// the errors per field and the guard's fields.
type contactData struct {
	Name, Email, Message string
	Errors               apperr.FieldErrors
	Stamp                string
	PowBits              int
}

// contactForm shows the empty contact form.
func (s *ui) contactForm(w http.ResponseWriter, r *http.Request) error {
	return s.showContact(w, r, http.StatusOK, contactData{}, "")
}

// showContact renders the form with a fresh time stamp.
func (s *ui) showContact(w http.ResponseWriter, r *http.Request, status int, d contactData, msg string) error {
	site, err := s.load(r, false)
	if err != nil {
		return err
	}
	key, err := s.pub.Key(r.Context())
	if err != nil {
		return err
	}
	d.Stamp, d.PowBits = public.Stamp(key, s.Now()), public.PowBits
	if d.Errors == nil {
		d.Errors = apperr.FieldErrors{}
	}
	s.renderErr(w, r, status, "public_contact", "お問い合わせ", site, d, msg)
	return nil
}
