package adminui

import (
	"net/http"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/sheet"
	"hagukumi/web"
)

// exportAudit downloads the filtered audit log as CSV (or xlsx), a
// thousand entries a query so that a long log never sits in memory whole.
func (s *ui) exportAudit(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	f := auditFilter(r)
	names, err := s.newAuditNames(r.Context(), u.Municipality)
	if err != nil {
		return err
	}
	f.Also = names.searchKeys(r.Context(), f.Text)
	sw, err := web.Sheet(w, r, "監査ログ", "監査ログ")
	if err != nil {
		return err
	}
	sw.Row(sheet.Texts("番号", "日時", "内容", "利用者", "操作", "対象", "対象ID", "詳細", "ハッシュ")...)
	for off := 0; ; off += 1000 {
		f.Limit, f.Offset = 1000, off
		items, _, err := audit.List(r.Context(), s.DB.R, u.Municipality, f)
		if err != nil || len(items) == 0 {
			break
		}
		names.learn(r.Context(), items)
		for _, e := range items {
			sw.Row(sheet.Int(int(e.Seq)), sheet.Text(e.At.In(calendar.JST).Format("2006-01-02 15:04:05")), sheet.Text(audit.Sentence(e, names.names)), sheet.Text(e.Actor), sheet.Text(e.Action),
				sheet.Text(e.Entity), sheet.Text(e.EntityID), sheet.Text(e.Detail), sheet.Text(e.Hash))
		}
	}
	if err := sw.Close(); err != nil {
		s.Log.Error("audit export", "err", err)
	}
	return nil
}
