package staffui

import (
	"fmt"
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/staff"
	"hagukumi/web"
)

// applyImport runs a previewed import for real, in the background.
func (s *ui) applyImport(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	rec, data, err := s.loadImport(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	if dead, err := s.recoverIfDead(r.Context(), rec); err != nil {
		return err
	} else if dead {
		if rec, data, err = s.loadImport(r.Context(), u.Municipality, id); err != nil {
			return err
		}
	}
	if !rec.applicable() {
		return apperr.New(apperr.Conflict, "誤りのある取込や、変更のない取込は適用できません。")
	}
	// Warnings (a likely duplicate, a probable typo in a unit name) are
	// applied only when the person ticked that they have read them.
	confirm := r.PostFormValue("confirm") == "1"
	if rec.needsConfirm() && !confirm && rec.Status == importPreviewed {
		d := s.statusData(rec)
		s.Render(w, r, http.StatusUnprocessableEntity, "import_status", &web.Page{Title: "取込の確認", Nav: "import", Data: d,
			Error: "警告の内容を確かめ、「警告を確認しました」にチェックを入れてから適用してください。"})
		return nil
	}
	// Only a previewed import may be applied, and only once: the UPDATE
	// guards against a double submit from two tabs or instances.
	now := s.Now()
	res, err := s.DB.W.ExecContext(r.Context(), `UPDATE imports SET status = $1, updated_at = $2, lease_until = $3, notice = '' WHERE id = $4 AND status = $5`,
		importApplying, now.UTC(), leaseUntil(now), id, importPreviewed)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "この取込は確認中か、既に適用されています。")
	}
	asOf, _ := time.Parse(time.DateOnly, rec.AsOf)
	s.runImport(u.Municipality, u.Actor(), id, rec.Filename, data, staff.ImportOptions{AsOf: asOf, RetireMissing: rec.RetireMissing, Confirm: confirm})
	http.Redirect(w, r, fmt.Sprintf("/import/staff/%d", id), http.StatusSeeOther)
	return nil
}
