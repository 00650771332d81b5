package staffui

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/db"
	"hagukumi/staff"
	"hagukumi/web"
)

// upload stores the file and starts the dry run in the background; the
// status page shows its progress.
func (s *ui) upload(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		if web.Status(err) == http.StatusRequestEntityTooLarge {
			return err
		}
		return apperr.Invalidf("取り込むファイルを選んでください。")
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	asOf, err := parseAsOf(r.PostFormValue("as_of"), s.Now())
	if err != nil {
		return err
	}
	retire := r.PostFormValue("retire_missing") == "1"
	now := s.Now().UTC()
	id, err := db.Insert(r.Context(), s.DB.W, `INSERT INTO imports (municipality_id, user_id, filename, data, as_of, retire_missing, status, created_at, updated_at, lease_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, u.Municipality, u.ID, hdr.Filename, data, asOf.Format(time.DateOnly),
		retire, importPreviewing, now, now, leaseUntil(now))
	if err != nil {
		return err
	}
	s.runImport(u.Municipality, u.Actor(), id, hdr.Filename, data, staff.ImportOptions{AsOf: asOf, RetireMissing: retire, DryRun: true})
	http.Redirect(w, r, fmt.Sprintf("/import/staff/%d", id), http.StatusSeeOther)
	return nil
}
