package publicui

import (
	"net/http"

	"hagukumi/calendar"
	"hagukumi/public"
	"hagukumi/staff"
	"hagukumi/web"
)

// publicData is what every public page gets: the site's municipality and
// the page's own data.
type publicData struct {
	Site *public.Site
	Page any
}

// load reads the public site of the municipality it speaks for, with the
// fiscal years whose figures may be published: the last three.
func (s *ui) load(r *http.Request, all bool) (*public.Site, error) {
	muni, err := s.pub.SiteMuni(r.Context(), "")
	if err != nil {
		return nil, err
	}
	if u := web.UserOf(r); all && u != nil {
		muni = u.Municipality
	}
	fy := calendar.CurrentFY(s.Now())
	return s.pub.Load(r.Context(), muni, all, fy-3, fy)
}

// render writes a public page in the public layout: no menu, no user.
func (s *ui) render(w http.ResponseWriter, r *http.Request, status int, name, title string, site *public.Site, data any) {
	s.renderErr(w, r, status, name, title, site, data, "")
}

// renderErr is render with a message above the page (a form's error).
func (s *ui) renderErr(w http.ResponseWriter, r *http.Request, status int, name, title string, site *public.Site, data any, msg string) {
	p := &web.Page{Title: title, Layout: "public", Error: msg, Data: publicData{Site: site, Page: data}}
	if site != nil {
		p.Muni = staff.Municipality{ID: site.Muni, Name: site.MuniName, CenterName: site.CenterName}
	}
	s.Render(w, r, status, name, p)
}

// page is a public page that shows the site and nothing else.
func (s *ui) page(name, title string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		site, err := s.load(r, false)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, name, title, site, nil)
		return nil
	}
}
