package adminui

import (
	"net/http"
	"strconv"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/web"
)

// exportAudit downloads the filtered audit log as CSV, a thousand entries
// a query so that a long log never sits in memory whole.
func (s *ui) exportAudit(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	f := auditFilter(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", web.ContentDisposition("監査ログ.csv"))
	cw, err := staff.NewCSVWriter(w)
	if err != nil {
		return nil
	}
	cw.Write([]string{"番号", "日時", "利用者", "操作", "対象", "対象ID", "内容", "ハッシュ"})
	for off := 0; ; off += 1000 {
		f.Limit, f.Offset = 1000, off
		items, _, err := audit.List(r.Context(), s.DB.R, u.Municipality, f)
		if err != nil || len(items) == 0 {
			break
		}
		for _, e := range items {
			cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.In(calendar.JST).Format("2006-01-02 15:04:05"), e.Actor, e.Action, e.Entity, e.EntityID, e.Detail, e.Hash})
		}
	}
	cw.Flush()
	return nil
}
