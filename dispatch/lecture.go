package dispatch

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
)

// The lecture itself: its terms and the lecturer's delivery report.

// Terms are the conditions of a lecture the center settles.
type Terms struct {
	LectureOn  string
	WorkMode   string
	Fee        int
	FeeStatus  string
	Travel     string
	Conditions string
}

// Validate checks the terms.
func (t *Terms) Validate() error {
	fe := apperr.FieldErrors{}
	if _, err := time.Parse(day, t.LectureOn); err != nil {
		fe["lecture_on"] = "実施日を入力してください（例: 2026-05-20）。"
	}
	ok := false
	for _, m := range WorkModes {
		ok = ok || m == t.WorkMode
	}
	if !ok {
		fe["work_mode"] = "勤務の扱いを選んでください。"
	}
	if t.Fee < 0 || t.Fee > 10000000 {
		fe["fee"] = "謝金は0〜10,000,000円で入力してください。"
	}
	if t.FeeStatus == "" {
		t.FeeStatus = "なし"
	}
	ok = false
	for _, f := range FeeStates {
		ok = ok || f == t.FeeStatus
	}
	if !ok {
		fe["fee_status"] = "謝金の扱いを選んでください。"
	}
	if t.WorkMode == WorkDuty && t.FeeStatus == "受領" {
		fe["fee_status"] = "公務での講師は謝金を受け取れません（辞退またはなし）。"
	}
	if len([]rune(t.Travel)) > 200 || len([]rune(t.Conditions)) > 500 {
		fe["travel"] = "旅費は200文字、条件は500文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// SetTerms saves the terms of a request whose lecturer is set.
func (s *Store) SetTerms(ctx context.Context, by audit.Actor, muni, rid int64, t Terms) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET lecture_on = $1, work_mode = $2, fee = $3, fee_status = $4, travel = $5, conditions = $6, updated_at = $7
			WHERE municipality_id = $8 AND id = $9 AND state IN ('coordinating', 'lecturer_set', 'approved')`,
			t.LectureOn, t.WorkMode, t.Fee, t.FeeStatus, t.Travel, t.Conditions, now, muni, rid)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "この依頼の条件は、調整中から承認までの間に決めます。")
		}
		return c.Add(ctx, now, by, "terms", "lecture_request", id(rid), map[string]any{"work_mode": t.WorkMode, "fee": t.Fee, "fee_status": t.FeeStatus})
	})
}

// Delivery is what the lecturer records after the lecture.
type Delivery struct {
	On        string
	Hours     float64
	Attendees int
	Materials string
}

// Validate checks a delivery record.
func (d *Delivery) Validate(today time.Time) error {
	fe := apperr.FieldErrors{}
	if t, err := time.Parse(day, d.On); err != nil {
		fe["delivered_on"] = "実施日を入力してください（例: 2026-05-20）。"
	} else if t.After(today) {
		fe["delivered_on"] = "実施日が今日より後です。"
	}
	if d.Hours <= 0 || d.Hours > 24 {
		fe["hours"] = "時間は0.5〜24で入力してください。"
	}
	if d.Attendees < 0 || d.Attendees > 100000 {
		fe["attendees"] = "参加者数を入力してください。"
	}
	if len([]rune(d.Materials)) > 1000 {
		fe["materials"] = "資料は1000文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Record saves the delivery report of an approved or delivered lecture by
// its lecturer or the center, and moves it to 報告済 (through 実施済).
func (s *Store) Record(ctx context.Context, v Viewer, muni, rid int64, d Delivery) (*Request, error) {
	if err := d.Validate(calendar.Today(s.now())); err != nil {
		return nil, err
	}
	var out *Request
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		r, _, err := lockRequest(ctx, tx, muni, rid)
		if err != nil {
			return err
		}
		if !v.Center && (v.StaffID == 0 || v.StaffID != r.LecturerID) {
			return errNoRequest
		}
		if r.State != Approved && r.State != Delivered {
			return apperr.New(apperr.Conflict, "「%s」の依頼には実施の報告ができません。", r.StateLabel)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET delivered_on = $1, hours = $2, attendees = $3, materials = $4, updated_at = $5 WHERE municipality_id = $6 AND id = $7`,
			d.On, d.Hours, d.Attendees, d.Materials, now, muni, rid); err != nil {
			return err
		}
		r.DeliveredOn, r.Hours, r.Attendees, r.Materials = d.On, d.Hours, d.Attendees, d.Materials
		if err := c.Add(ctx, now, v.Actor, "record", "lecture_request", id(rid), map[string]any{"hours": d.Hours, "attendees": d.Attendees}); err != nil {
			return err
		}
		if r.State == Approved {
			if err := s.move(ctx, tx, c, now, v.Actor, muni, r, Move{To: Delivered}); err != nil {
				return err
			}
		}
		out = r
		return s.move(ctx, tx, c, now, v.Actor, muni, r, Move{To: Reported})
	})
	return out, err
}
