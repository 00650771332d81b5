package staffui

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/staff"
	"hagukumi/staff/stafffile"
	"hagukumi/web"
)

// Import states, kept in the imports table so any instance can show them.
const (
	importPreviewing = "previewing"
	importPreviewed  = "previewed"
	importApplying   = "applying"
	importApplied    = "applied"
	importFailed     = "failed"
)

type importRec struct {
	ID            int64
	Filename      string
	AsOf          string
	RetireMissing bool
	Status        string
	Total, Done   int
	Result        *staff.ImportResult
	UserID        int64
}

func (s *ui) loadImport(ctx context.Context, muni, id int64) (*importRec, []byte, error) {
	var rec importRec
	var data []byte
	var result string
	var uid sql.NullInt64
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, filename, as_of, retire_missing, status, total, done, result, data, user_id FROM imports
		WHERE id = $1 AND municipality_id = $2`, id, muni).Scan(&rec.ID, &rec.Filename, &rec.AsOf, &rec.RetireMissing, &rec.Status, &rec.Total, &rec.Done, &result, &data, &uid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.NotFoundf("取込が見つかりません。")
	} else if err != nil {
		return nil, nil, err
	}
	rec.UserID = uid.Int64
	if result != "" {
		rec.Result = &staff.ImportResult{}
		json.Unmarshal([]byte(result), rec.Result)
	}
	return &rec, data, nil
}

func (s *ui) importPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "import", &web.Page{Title: "職員データの取込", Nav: "import",
		Data: map[string]string{"AsOf": s.Now().In(calendar.JST).Format(time.DateOnly)}})
	return nil
}

// importUpload stores the file and starts the dry run in the background;
// the status page shows its progress.
func (s *ui) importUpload(w http.ResponseWriter, r *http.Request) error {
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
	now := s.Now().UTC()
	id, err := db.Insert(r.Context(), s.DB.W, `INSERT INTO imports (municipality_id, user_id, filename, data, as_of, retire_missing, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, u.Municipality, u.ID, hdr.Filename, data, asOf.Format(time.DateOnly),
		r.PostFormValue("retire_missing") == "1", importPreviewing, now)
	if err != nil {
		return err

	}
	s.runImport(u.Municipality, u.Actor(), id, hdr.Filename, data, staff.ImportOptions{AsOf: asOf, RetireMissing: r.PostFormValue("retire_missing") == "1", DryRun: true})
	http.Redirect(w, r, fmt.Sprintf("/import/staff/%d", id), http.StatusSeeOther)
	return nil
}

func parseAsOf(v string, now time.Time) (time.Time, error) {
	if v == "" {
		y, m, d := now.In(calendar.JST).Date()
		return calendar.D(y, m, d), nil
	}
	t, err := calendar.ParseDate(v)
	if err != nil {
		return t, apperr.Invalidf("基準日: %s", err.Error())
	}
	return t, nil
}

// runImport runs a dry run or the real import in the background and records
// the outcome in the imports row.
func (s *ui) runImport(muni int64, by audit.Actor, id int64, name string, data []byte, opt staff.ImportOptions) {
	s.jobs.set(id, 0, 0)
	opt.Progress = func(done, total int) { s.jobs.set(id, done, total) }
	go func() {
		defer s.jobs.drop(id)
		ctx := context.Background()
		res, err := s.Staff.Import(ctx, muni, by, name, data, opt)
		status := importPreviewed
		if !opt.DryRun {
			status = importApplied
		}
		if err != nil {
			s.Log.Error("import", "id", id, "err", err)
			status = importFailed
			res = &staff.ImportResult{Errors: []stafffile.Problem{{Message: "取込中にエラーが発生しました。変更は行われていません。"}}}
		} else if !opt.DryRun && !res.Applied {
			status = importPreviewed
		}
		b, _ := json.Marshal(res)
		if _, err := s.DB.W.ExecContext(ctx, `UPDATE imports SET status = $1, result = $2, total = $3, done = $3, updated_at = $4 WHERE id = $5`,
			status, string(b), res.Added+res.Updated+res.Unchanged, s.Now().UTC(), id); err != nil {
			s.Log.Error("import status", "id", id, "err", err)
		}
	}()
}

type importStatusData struct {
	Rec         *importRec
	Done, Total int
	Running     bool
	CanApply    bool
}

func (s *ui) importStatus(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rec, _, err := s.loadImport(r.Context(), u.Municipality, id)
	if err != nil {
		return err

	}
	d := importStatusData{Rec: rec}
	d.Running = rec.Status == importPreviewing || rec.Status == importApplying
	if d.Running {
		d.Done, d.Total, _ = s.jobs.get(id)
	}
	d.CanApply = rec.Status == importPreviewed && rec.Result != nil && len(rec.Result.Errors) == 0 &&
		rec.Result.Added+rec.Result.Updated+rec.Result.Retired > 0
	s.Render(w, r, http.StatusOK, "import_status", &web.Page{Title: "取込の確認", Nav: "import", Data: d})
	return nil
}

func (s *ui) importApply(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rec, data, err := s.loadImport(r.Context(), u.Municipality, id)
	if err != nil {
		return err

	}
	if rec.Result == nil || len(rec.Result.Errors) > 0 || rec.Result.Added+rec.Result.Updated+rec.Result.Retired == 0 {
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

// apiImportStaff takes the file as the request body and answers the same
// JSON as the command line.
func (s *ui) apiImportStaff(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return err

	}
	asOf, err := parseAsOf(r.URL.Query().Get("as_of"), s.Now())
	if err != nil {
		return err

	}
	dry := r.URL.Query().Get("dry_run") != "false"
	name := r.URL.Query().Get("filename")
	if name == "" {
		name = "upload"
	}
	res, err := s.Staff.Import(r.Context(), u.Municipality, u.Actor(), name, data,
		staff.ImportOptions{AsOf: asOf, DryRun: dry, RetireMissing: r.URL.Query().Get("retire_missing") == "true"})
	if err != nil {
		return err

	}
	status := http.StatusOK
	if len(res.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	web.JSON(w, status, res)
	return nil
}

// jobs tracks the progress of imports running on this instance.
type jobs struct {
	mu sync.Mutex
	m  map[int64]*jobProgress
}

type jobProgress struct{ done, total int }

func (j *jobs) set(id int64, done, total int) {
	j.mu.Lock()
	j.m[id] = &jobProgress{done, total}
	j.mu.Unlock()
}

func (j *jobs) get(id int64) (int, int, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.m[id]
	if !ok {
		return 0, 0, false
	}
	return p.done, p.total, true
}

func (j *jobs) drop(id int64) {
	j.mu.Lock()
	delete(j.m, id)
	j.mu.Unlock()
}
