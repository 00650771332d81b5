package staffui

import (
	"io"
	"net/http"

	"hagukumi/staff"
	"hagukumi/web"
)

// apiImport takes the file as the request body and answers the same JSON
// as the command line; 422 when the file has errors, 409 when an apply was
// refused because its warnings were not confirmed (confirm=true).
func (s *ui) apiImport(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	asOf, err := parseAsOf(q.Get("as_of"), s.Now())
	if err != nil {
		return err
	}
	name := q.Get("filename")
	if name == "" {
		name = "upload"
	}
	res, err := s.Staff.Import(r.Context(), u.Municipality, u.Actor(), name, data,
		staff.ImportOptions{AsOf: asOf, DryRun: q.Get("dry_run") != "false", RetireMissing: q.Get("retire_missing") == "true",
			Confirm: q.Get("confirm") == "true"})
	if err != nil {
		return err
	}
	status := http.StatusOK
	switch {
	case len(res.Errors) > 0:
		status = http.StatusUnprocessableEntity
	case !res.DryRun && !res.Applied && len(res.Warnings) > 0:
		status = http.StatusConflict
	}
	web.JSON(w, status, res)
	return nil
}
