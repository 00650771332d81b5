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
	if !rec.applicable() {
		return apperr.New(apperr.Conflict, "誤りのある取込や、変更のない取込は適用できません。")
	}
	// Only a previewed import may be applied, and only once: the UPDATE
	// guards against a double submit from two tabs or instances.
	res, err := s.DB.W.ExecContext(r.Context(), `UPDATE imports SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
		importApplying, s.Now().UTC(), id, importPreviewed)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "この取込は確認中か、既に適用されています。")
	}
	asOf, _ := time.Parse(time.DateOnly, rec.AsOf)
	s.runImport(u.Municipality, u.Actor(), id, rec.Filename, data, staff.ImportOptions{AsOf: asOf, RetireMissing: rec.RetireMissing})
	http.Redirect(w, r, fmt.Sprintf("/import/staff/%d", id), http.StatusSeeOther)
	return nil
}
