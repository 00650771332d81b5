package staffui

import (
	"net/http"
	"net/url"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/web"
)

// filterOf reads the list's filters from the query string.
func filterOf(r *http.Request) staff.Filter {
	return staff.Filter{Q: r.FormValue("q"), UnitID: web.Int64(r, "unit"), RankID: web.Int64(r, "rank"),
		EmploymentType: r.FormValue("type"), Status: r.FormValue("status")}
}

// loadList reads the filters of the request and returns that window of
// the staff the user may see, with the count of all matches. The list page
// and GET /api/v1/staff both use it.
func (s *ui) loadList(r *http.Request, limit, offset int) (staff.Filter, []*staff.Member, int, error) {
	u := web.UserOf(r)
	f := filterOf(r)
	f.Limit, f.Offset = limit, offset
	items, total, err := s.Staff.List(r.Context(), u.Municipality, auth.ScopeOf(u), f)
	return f, items, total, err
}

type listData struct {
	web.Paging
	Filter   staff.Filter
	Items    []*staff.Member
	Pages    int
	Units    []staff.Unit
	Ranks    []staff.Rank
	Types    []string
	Statuses []string
	Query    url.Values // the filters, for the export links
}

// list shows a page of the staff list with its filters.
func (s *ui) list(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	page, limit, offset := web.PageOf(r)
	f, items, total, err := s.loadList(r, limit, offset)
	if err != nil {
		return err
	}
	d := listData{Paging: web.Paging{Page: page, Total: total}, Filter: f, Items: items,
		Pages: (total + web.PageSize - 1) / web.PageSize, Types: staff.EmploymentTypes, Statuses: staff.Statuses}
	d.Units, _ = s.Staff.Units(r.Context(), u.Municipality, s.fy())
	d.Ranks, _ = s.Staff.Ranks(r.Context(), u.Municipality)
	d.Links(r, "/staff")
	d.Query = r.URL.Query()
	d.Query.Del("page")
	s.Render(w, r, http.StatusOK, "staff_list", &web.Page{Title: "職員一覧", Nav: "staff", Data: d})
	return nil
}
