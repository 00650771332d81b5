package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/jtext"
	"hagukumi/sheet"
)

// Plan statuses. A draft plan is seen by the center only; publishing it
// shows it to every department and opens its application-mode sessions.
const (
	PlanDraft     = "draft"
	PlanPublished = "published"
)

// Plan is the annual training plan (年度研修計画) of one fiscal year. Its
// content is the year's sessions; the row holds only its state.
type Plan struct {
	FY          int        `json:"fy"`
	Status      string     `json:"status"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// Published tells whether the plan has been published.
func (p *Plan) Published() bool { return p.Status == PlanPublished }

// StatusLabel is the Japanese name of the plan's state.
func (p *Plan) StatusLabel() string {
	if p.Published() {
		return "公開済み"
	}
	return "作成中（センター内のみ）"
}

// PlanFor loads the plan of a fiscal year; a year nobody has touched is a draft.
func (s *Store) PlanFor(ctx context.Context, muni int64, fy int) (*Plan, error) {
	p := &Plan{FY: fy, Status: PlanDraft}
	var at sql.NullTime
	err := s.DB.R.QueryRowContext(ctx, `SELECT status, published_at FROM plans WHERE municipality_id = $1 AND fy = $2`, muni, fy).Scan(&p.Status, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	} else if err != nil {
		return nil, err
	}
	if at.Valid {
		t := at.Time
		p.PublishedAt = &t
	}
	return p, nil
}

// SetPlanPublished publishes (or takes back to draft) a fiscal year's plan.
func (s *Store) SetPlanPublished(ctx context.Context, by audit.Actor, muni int64, fy int, publish bool) error {
	if fy < 2000 || fy > 2100 {
		return apperr.Invalidf("年度が正しくありません。")
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		status, at, action := PlanDraft, any(nil), "unpublish"
		if publish {
			status, at, action = PlanPublished, now, "publish"
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions_training WHERE municipality_id = $1 AND fy = $2 AND status <> 'cancelled'`, muni, fy).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Invalidf("%sの開催回がまだありません。開催回を登録してから公開してください。", calendar.FormatNendo(fy))
			}
		}
		if err := ensurePlanRow(ctx, tx, muni, fy); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET status = $1, published_at = $2 WHERE municipality_id = $3 AND fy = $4`, status, at, muni, fy); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, action, "plan", fmt.Sprint(fy), nil)
	})
}

func ensurePlanRow(ctx context.Context, q db.Q, muni int64, fy int) error {
	_, err := q.ExecContext(ctx, `INSERT INTO plans (municipality_id, fy, status) VALUES ($1, $2, 'draft') ON CONFLICT (municipality_id, fy) DO NOTHING`, muni, fy)
	return err
}

// CopyPlan starts fiscal year fy from the sessions of fy−1: each session is
// copied with its venue, capacity, times and instructors, its days moved one
// year to the same weekday (NearestSameWeekday). Enrolments are not copied.
// A year that already has sessions is refused, so a copy never doubles a plan.
func (s *Store) CopyPlan(ctx context.Context, by audit.Actor, muni int64, fy int) (int, error) {
	if fy < 2000 || fy > 2100 {
		return 0, apperr.Invalidf("年度が正しくありません。")
	}
	prev, err := s.Sessions(ctx, muni, SessionFilter{FY: fy - 1})
	if err != nil {
		return 0, err
	}
	if len(prev) == 0 {
		return 0, apperr.Invalidf("%sの開催回がないため、複写できません。", calendar.FormatNendo(fy-1))
	}
	var copies []*Session
	for _, p := range prev {
		days, err := ShiftDays(p.Days, fy)
		if err != nil {
			return 0, err
		}
		c := *p
		c.ID, c.FY, c.Days, c.Status, c.Enrolled, c.Waitlisted = 0, fy, days, SessionPlanned, 0, 0
		c.Instructors = append([]Instructor(nil), p.Instructors...)
		copies = append(copies, &c)
	}
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions_training WHERE municipality_id = $1 AND fy = $2`, muni, fy).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "%sには既に開催回が %d 件あるため、前年度の計画を複写できません。", calendar.FormatNendo(fy), n)
		}
		if err := ensurePlanRow(ctx, tx, muni, fy); err != nil {
			return err
		}
		ids := make([]int64, 0, len(copies))
		for _, c := range copies {
			if err := c.Validate(); err != nil {
				return err
			}
			if err := insertSession(ctx, tx, muni, c, now); err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		return audit.Record(ctx, tx, now, muni, by, "copy", "plan", fmt.Sprint(fy), map[string]any{"from_fy": fy - 1, "sessions": ids})
	})
	if err != nil {
		return 0, err
	}
	return len(copies), nil
}

// insertSession writes a new session with its days and instructors (staff
// instructors by id) inside the caller's transaction.
func insertSession(ctx context.Context, tx *sql.Tx, muni int64, x *Session, now time.Time) error {
	id, err := db.Insert(ctx, tx, `INSERT INTO sessions_training (municipality_id, program_id, fy, title, venue, capacity, hours, notes, status, checkin_token, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		muni, x.ProgramID, x.FY, x.Title, x.Venue, x.Capacity, x.Hours, x.Notes, x.Status, auth.RandomToken(), now)
	if err != nil {
		return err
	}
	x.ID = id
	for _, d := range x.Days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_days (municipality_id, session_id, day, start_time, end_time) VALUES ($1, $2, $3, $4, $5)`,
			muni, x.ID, d.Date, d.Start, d.End); err != nil {
			return err
		}
	}
	for _, in := range x.Instructors {
		name := in.Name
		if in.StaffID != 0 {
			name = ""
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_instructors (municipality_id, session_id, staff_id, name, hours) VALUES ($1, $2, $3, $4, $5)`,
			muni, x.ID, nullID(in.StaffID), name, in.Hours); err != nil {
			return err
		}
	}
	return nil
}

// NearestSameWeekday moves a date to fiscal year fy keeping its month and
// day as nearly as possible and its weekday exactly: a Tuesday session on
// 15 April is copied to the Tuesday nearest 15 April a year later. When the
// nearest such day falls outside fy (1 April moving back into March), the
// one a week the other way is taken.
func NearestSameWeekday(d time.Time, fy int) time.Time {
	years := fy - calendar.FiscalYear(d)
	y, m, day := d.Date()
	if m == time.February && day == 29 {
		day = 28
	}
	t := calendar.D(y+years, m, day)
	diff := (int(d.Weekday()) - int(t.Weekday()) + 7) % 7 // days forward to the weekday
	var c time.Time
	if diff <= 3 {
		c = t.AddDate(0, 0, diff)
	} else {
		c = t.AddDate(0, 0, diff-7)
	}
	if calendar.FiscalYear(c) != fy {
		if c.Before(t) {
			c = c.AddDate(0, 0, 7)
		} else {
			c = c.AddDate(0, 0, -7)
		}
	}
	return c
}

// ShiftDays moves a session's days into fiscal year fy: the first day goes
// to NearestSameWeekday and the others keep their distance from it, so a
// two-day session stays on consecutive days.
func ShiftDays(days []Day, fy int) ([]Day, error) {
	if len(days) == 0 {
		return nil, nil
	}
	first, err := time.Parse(time.DateOnly, days[0].Date)
	if err != nil {
		return nil, apperr.Invalidf("開催日 %s が正しくありません。", days[0].Date)
	}
	offset := int(NearestSameWeekday(first, fy).Sub(first).Hours() / 24)
	shift := func(off int) ([]Day, bool) {
		out := make([]Day, len(days))
		for i, d := range days {
			t, err := time.Parse(time.DateOnly, d.Date)
			if err != nil {
				return nil, false
			}
			n := t.AddDate(0, 0, off)
			if calendar.FiscalYear(n) != fy {
				return nil, false
			}
			out[i] = Day{Date: n.Format(time.DateOnly), Start: d.Start, End: d.End}
		}
		return out, true
	}
	if out, ok := shift(offset); ok {
		return out, nil
	}
	// A session spanning the end of March may not fit when moved forward by
	// the longer offset; a week earlier keeps the weekdays.
	if out, ok := shift(offset - 7); ok {
		return out, nil
	}
	return nil, apperr.Invalidf("開催日 %s を%sに移せません。", days[0].Date, calendar.FormatNendo(fy))
}

// Clash kinds.
const (
	ClashVenue      = "venue"
	ClashInstructor = "instructor"
	ClashHoliday    = "holiday"
	ClashClosing    = "closing"
)

// Clash is one problem of a session's day the center should look at.
type Clash struct {
	SessionID int64  `json:"session_id"`
	Date      string `json:"date"`
	Kind      string `json:"kind"`
	OtherID   int64  `json:"other_session_id,omitempty"`
	Message   string `json:"message"`
}

var weekdayJA = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// DateLabel writes a date in 和暦 with its weekday: 令和7年4月15日（火）.
func DateLabel(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return calendar.FormatWareki(t) + "（" + weekdayJA[t.Weekday()] + "）"
}

// DayLabel writes a session day: 令和7年4月15日（火） 9:00〜17:00.
func DayLabel(d Day) string {
	return DateLabel(d.Date) + " " + strings.TrimPrefix(d.Start, "0") + "〜" + strings.TrimPrefix(d.End, "0")
}

// DayLabels writes every day of a session.
func DayLabels(days []Day) []string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = DayLabel(d)
	}
	return out
}

// venueKey folds width and spaces, so 「本庁舎５階 大会議室」 and
// 「本庁舎5階大会議室」 are the same room.
func venueKey(v string) string { return jtext.SearchKey(v) }

func overlaps(a, b Day) bool { return a.Date == b.Date && a.Start < b.End && b.Start < a.End }

// FindClashes flags, for each session, the days that clash with another
// session (same venue or the same staff instructor at overlapping times)
// and the days the office is closed (a national holiday, a weekend, the
// year-end break). Cancelled sessions are ignored. It is pure: the plan page
// and the session page both call it over the year's sessions.
func FindClashes(sessions []*Session) map[int64][]Clash {
	out := map[int64][]Clash{}
	var live []*Session
	for _, s := range sessions {
		if s.Status != SessionCancelled {
			live = append(live, s)
		}
	}
	add := func(c Clash) { out[c.SessionID] = append(out[c.SessionID], c) }
	for i, a := range live {
		for _, d := range a.Days {
			t, err := time.Parse(time.DateOnly, d.Date)
			if err != nil {
				continue
			}
			if name, ok := calendar.HolidayName(t); ok {
				add(Clash{SessionID: a.ID, Date: d.Date, Kind: ClashHoliday, Message: fmt.Sprintf("%sは祝日（%s）です。", DateLabel(d.Date), name)})
			} else if calendar.IsClosingDay(t) {
				why := "年末年始"
				if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
					why = weekdayJA[wd] + "曜日"
				}
				add(Clash{SessionID: a.ID, Date: d.Date, Kind: ClashClosing, Message: fmt.Sprintf("%sは閉庁日（%s）です。", DateLabel(d.Date), why)})
			}
		}
		for j, b := range live {
			if i == j {
				continue
			}
			for _, da := range a.Days {
				for _, db := range b.Days {
					if !overlaps(da, db) {
						continue
					}
					if k := venueKey(a.Venue); k != "" && k == venueKey(b.Venue) {
						add(Clash{SessionID: a.ID, Date: da.Date, Kind: ClashVenue, OtherID: b.ID,
							Message: fmt.Sprintf("会場「%s」が%sに「%s」と重なっています。", a.Venue, DayLabel(da), b.Label())})
					}
					for _, ia := range a.Instructors {
						for _, ib := range b.Instructors {
							if ia.StaffID != 0 && ia.StaffID == ib.StaffID {
								add(Clash{SessionID: a.ID, Date: da.Date, Kind: ClashInstructor, OtherID: b.ID,
									Message: fmt.Sprintf("講師 %s は%sに「%s」も担当しています。", ia.Name, DayLabel(da), b.Label())})
							}
						}
					}
				}
			}
		}
	}
	for id := range out {
		cs := out[id]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].Date < cs[j].Date })
	}
	return out
}

// PlanHeader is the header of the plan's CSV and xlsx export.
var PlanHeader = []string{"年度", "研修コード", "研修名", "区分", "開催回", "開催日", "開催日（西暦）", "時間数", "会場", "定員", "受講決定", "キャンセル待ち", "講師", "状況", "確認事項"}

// PlanRow is one session as the export writes it; hours and head counts
// are numbers a spreadsheet can sum.
func PlanRow(p *Program, x *Session, clashes []Clash) []sheet.Cell {
	var iso, ins, notes []string
	for _, d := range x.Days {
		iso = append(iso, d.Date+" "+d.Start+"-"+d.End)
	}
	for _, in := range x.Instructors {
		n := in.Name
		if in.Number != "" {
			n += "（" + in.Number + "）"
		}
		ins = append(ins, n)
	}
	for _, c := range clashes {
		notes = append(notes, c.Message)
	}
	capacity := sheet.Text("定員なし")
	if x.Capacity > 0 {
		capacity = sheet.Int(x.Capacity)
	}
	category := ""
	if p != nil {
		category = p.Category
	}
	return []sheet.Cell{sheet.Text(calendar.FormatNendo(x.FY)), sheet.Text(x.ProgramCode), sheet.Text(x.ProgramName), sheet.Text(category),
		sheet.Text(x.Title), sheet.Text(strings.Join(DayLabels(x.Days), "、")), sheet.Text(strings.Join(iso, "、")), sheet.Number(x.Hours),
		sheet.Text(x.Venue), capacity, sheet.Int(x.Enrolled), sheet.Int(x.Waitlisted), sheet.Text(strings.Join(ins, "、")),
		sheet.Text(SessionStatusLabel(x.Status)), sheet.Text(strings.Join(notes, " "))}
}

// SessionStatusLabel is the Japanese name of a session's state.
func SessionStatusLabel(st string) string {
	switch st {
	case SessionHeld:
		return "実施済"
	case SessionCancelled:
		return "中止"
	}
	return "予定"
}

// Quota is how many staff a department may recommend (推薦) to a program in
// a fiscal year, and how many it has.
type Quota struct {
	ProgramID   int64  `json:"-"`
	ProgramCode string `json:"program_code"`
	ProgramName string `json:"program_name"`
	UnitID      int64  `json:"-"`
	Unit        string `json:"unit"`
	Quota       int    `json:"quota"`
	Used        int    `json:"used"`
}

// Left is what remains of the quota.
func (q Quota) Left() int {
	if q.Used >= q.Quota {
		return 0
	}
	return q.Quota - q.Used
}

// Quotas lists a fiscal year's quotas, optionally of one unit only.
func (s *Store) Quotas(ctx context.Context, muni int64, fy int, unitID int64) ([]Quota, error) {
	args := []any{muni, fy}
	w := ""
	if unitID != 0 {
		args = append(args, unitID)
		w = " AND q.unit_id = $3"
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT q.program_id, p.code, p.name, q.unit_id, o.path, q.quota FROM program_quotas q
		JOIN programs p ON p.id = q.program_id JOIN org_units o ON o.id = q.unit_id
		WHERE q.municipality_id = $1 AND q.fy = $2`+w+` ORDER BY p.id, o.path`, args...)
	if err != nil {
		return nil, err
	}
	var out []Quota
	for rows.Next() {
		var q Quota
		if err := rows.Scan(&q.ProgramID, &q.ProgramCode, &q.ProgramName, &q.UnitID, &q.Unit, &q.Quota); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Used, err = quotaUsed(ctx, s.DB.R, muni, out[i].ProgramID, fy, out[i].Unit); err != nil {
			return nil, err
		}
		out[i].Unit = strings.ReplaceAll(out[i].Unit, "/", " ")
	}
	return out, nil
}

// quotaUsed counts the live recommendations of a unit (and below) for a
// program in a fiscal year.
func quotaUsed(ctx context.Context, q db.Q, muni, programID int64, fy int, unitPath string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrolments e JOIN sessions_training t ON t.id = e.session_id
		JOIN staff s ON s.id = e.staff_id LEFT JOIN org_units o ON o.id = s.unit_id
		WHERE e.municipality_id = $1 AND t.program_id = $2 AND t.fy = $3 AND e.source = 'recommendation'
		AND e.status IN ('applied', 'enrolled', 'waitlisted', 'recommended') AND `+auth.InPathSQL("o.path", "$4"),
		muni, programID, fy, unitPath).Scan(&n)
	return n, err
}

// SetQuota sets (or with 0 removes) a department's recommendation quota.
func (s *Store) SetQuota(ctx context.Context, by audit.Actor, muni, programID int64, fy int, unitID int64, quota int) error {
	if quota < 0 || quota > 10000 {
		return apperr.Invalidf("推薦枠は0から10000の間で入力してください。")
	}
	if fy < 2000 || fy > 2100 {
		return apperr.Invalidf("年度が正しくありません。")
	}
	if _, err := s.ProgramByID(ctx, muni, programID); err != nil {
		return err
	}
	var path string
	if err := s.DB.R.QueryRowContext(ctx, `SELECT path FROM org_units WHERE id = $1 AND municipality_id = $2`, unitID, muni).Scan(&path); err != nil {
		return apperr.Invalidf("所属を選んでください。")
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		if quota == 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM program_quotas WHERE program_id = $1 AND fy = $2 AND unit_id = $3 AND municipality_id = $4`,
				programID, fy, unitID, muni); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO program_quotas (municipality_id, program_id, fy, unit_id, quota) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (program_id, fy, unit_id) DO UPDATE SET quota = excluded.quota`, muni, programID, fy, unitID, quota); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "set", "quota", fmt.Sprintf("%d/%d/%s", programID, fy, path),
			map[string]any{"program_id": programID, "fy": fy, "unit": path, "quota": quota})
	})
}
