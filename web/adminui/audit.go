package adminui

import (
	"net/http"

	"hagukumi/audit"
	"hagukumi/web"
)

// auditFilter reads the audit log's filters; the page and its export share it.
func auditFilter(r *http.Request) audit.Filter {
	return audit.Filter{Actor: r.FormValue("actor"), Action: r.FormValue("action"), Entity: r.FormValue("entity"),
		Text: r.FormValue("q"), From: r.FormValue("from"), To: r.FormValue("to")}
}

type auditData struct {
	web.Paging
	Filter audit.Filter
	Items  []audit.Entry
}

// auditLog shows a page of the municipality's audit log, newest first.
func (s *ui) auditLog(w http.ResponseWriter, r *http.Request) error {
	f := auditFilter(r)
	var page int
	page, f.Limit, f.Offset = web.PageOf(r)
	items, total, err := audit.List(r.Context(), s.DB.R, web.UserOf(r).Municipality, f)
	if err != nil {
		return err
	}
	d := auditData{Paging: web.Paging{Page: page, Total: total}, Filter: f, Items: items}
	d.Links(r, "/audit")
	s.Render(w, r, http.StatusOK, "audit", &web.Page{Title: "監査ログ", Nav: "admin", Data: d})
	return nil
}
