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

// auditRow is one entry with its sentence.
type auditRow struct {
	audit.Entry
	Sentence string
}

type auditData struct {
	web.Paging
	Filter audit.Filter
	Items  []auditRow
}

// auditLog shows a page of the municipality's audit log, newest first, each
// entry as a Japanese sentence with its raw record behind a toggle.
func (s *ui) auditLog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	muni := web.UserOf(r).Municipality
	f := auditFilter(r)
	names, err := s.newAuditNames(ctx, muni)
	if err != nil {
		return err
	}
	f.Also = names.searchKeys(ctx, f.Text)
	var page int
	page, f.Limit, f.Offset = web.PageOf(r)
	items, total, err := audit.List(ctx, s.DB.R, muni, f)
	if err != nil {
		return err
	}
	names.learn(ctx, items)
	d := auditData{Paging: web.Paging{Page: page, Total: total}, Filter: f}
	for _, e := range items {
		d.Items = append(d.Items, auditRow{Entry: e, Sentence: audit.Sentence(e, names.names)})
	}
	d.Links(r, "/audit")
	s.Render(w, r, http.StatusOK, "audit", &web.Page{Title: "監査ログ", Nav: "admin", Data: d})
	return nil
}
