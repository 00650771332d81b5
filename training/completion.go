package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/db"
)

// CompletionRule is a program's rule for 修了: a share of the session's hours
// attended, and optionally an accepted report and an answered survey.
type CompletionRule struct {
	MinPct     int  `json:"min_pct"`
	NeedReport bool `json:"need_report"`
	NeedSurvey bool `json:"need_survey"`
}

// CompletionRuleOf reads a program's rule.
func CompletionRuleOf(p *Program) CompletionRule {
	return CompletionRule{MinPct: p.CompletionMinPct, NeedReport: p.CompletionReport, NeedSurvey: p.CompletionSurvey}
}

// Sentence writes the rule in Japanese: 開催時間の75%以上の出席・受講報告書の承認.
func (r CompletionRule) Sentence() string {
	parts := []string{fmt.Sprintf("開催時間の%d%%以上の出席", r.MinPct)}
	if r.NeedReport {
		parts = append(parts, "受講報告書の承認")
	}
	if r.NeedSurvey {
		parts = append(parts, "アンケートへの回答")
	}
	return strings.Join(parts, "・")
}

// CompletionFacts is what is known of one person in one session.
type CompletionFacts struct {
	SessionHours    float64
	Status          string  // attendance status
	Hours           float64 // hours attended
	ReportAccepted  bool
	SurveyAvailable bool // the program has a questionnaire to answer
	SurveyAnswered  bool
}

// Evaluate tells whether the facts meet the rule and, when not, what is
// missing (in Japanese, for the roster). A survey that does not exist
// cannot be asked for, so the survey condition waits until one is built.
func (r CompletionRule) Evaluate(f CompletionFacts) (bool, []string) {
	var missing []string
	if !Attended(f.Status) {
		missing = append(missing, "出席の記録がありません")
	} else {
		hours := f.Hours
		if f.Status == AttendPresent && hours < f.SessionHours {
			hours = f.SessionHours
		}
		pct := min(max(r.MinPct, 0), 100)
		need := f.SessionHours * float64(pct) / 100
		// Hours are entered in quarters at most; a small tolerance keeps
		// 5.25 of 7 hours (75%) from failing on floating-point noise.
		if hours+1e-9 < need {
			missing = append(missing, fmt.Sprintf("出席時間が不足しています（%s時間／必要%s時間）", FormatHours(hours), FormatHours(need)))
		}
	}
	if r.NeedReport && !f.ReportAccepted {
		missing = append(missing, "受講報告書が承認されていません")
	}
	if r.NeedSurvey && f.SurveyAvailable && !f.SurveyAnswered {
		missing = append(missing, "アンケートに回答していません")
	}
	return len(missing) == 0, missing
}

// NendoShort is a fiscal year in the short 和暦 form of certificate numbers:
// 2026 → R8, 2019 → R1, 2018 → H30.
func NendoShort(fy int) string {
	eras := calendar.Eras()
	for i := len(eras) - 1; i >= 0; i-- {
		if eras[i].Start.Year() <= fy {
			return eras[i].Abbr + strconv.Itoa(fy-eras[i].Start.Year()+1)
		}
	}
	return strconv.Itoa(fy)
}

// CertificateNumber is the number a 修了証 prints, without internal codes:
// 「令和8年度 第0001号」 when numbers run per fiscal year, and
// 「令和8年度 新規採用職員研修 第0001号」 when they run per programme, so
// that two programmes' first certificates still differ.
func CertificateNumber(n Numbering, fy int, programName string, seq int) string {
	if n == NumberByProgram {
		return fmt.Sprintf("%s %s 第%04d号", calendar.FormatNendo(fy), programName, seq)
	}
	return fmt.Sprintf("%s 第%04d号", calendar.FormatNendo(fy), seq)
}

// recompute brings the completions of the given staff in a session in line
// with their attendance, report and survey, inside the caller's transaction.
// A new completion gets the next certificate number of its program and
// year; a completion whose conditions no longer hold is withdrawn.
func (s *Store) recompute(ctx context.Context, w *writeTx, sessionID int64, staffIDs []int64) error {
	tx, muni := w.Tx, w.muni
	if len(staffIDs) == 0 {
		return nil
	}
	var programID int64
	var fy, minPct int
	var name, last string
	var hours float64
	var needReport, needSurvey bool
	err := tx.QueryRowContext(ctx, `SELECT t.program_id, t.fy, t.hours, p.name, p.completion_min_pct, p.completion_report, p.completion_survey,
		COALESCE((SELECT MAX(day) FROM session_days d WHERE d.session_id = t.id), '')
		FROM sessions_training t JOIN programs p ON p.id = t.program_id WHERE t.municipality_id = $1 AND t.id = $2`, muni, sessionID).
		Scan(&programID, &fy, &hours, &name, &minPct, &needReport, &needSurvey, &last)
	if err != nil {
		return err
	}
	numbering, err := certificateNumbering(ctx, tx, muni)
	if err != nil {
		return err
	}
	rule := CompletionRule{MinPct: minPct, NeedReport: needReport, NeedSurvey: needSurvey}
	var surveys int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM surveys WHERE municipality_id = $1 AND program_id = $2`, muni, programID).Scan(&surveys); err != nil {
		return err
	}
	today := todayOf(s.now())
	if last == "" {
		last = today
	}
	changed := false
	seq := 0 // the next certificate number, 0 until read
	for _, id := range staffIDs {
		f := CompletionFacts{SessionHours: hours, SurveyAvailable: surveys > 0}
		var report string
		var answered, done int
		err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT status FROM attendance WHERE session_id = $1 AND staff_id = $2), ''),
			COALESCE((SELECT hours FROM attendance WHERE session_id = $1 AND staff_id = $2), 0),
			COALESCE((SELECT status FROM reports WHERE session_id = $1 AND staff_id = $2), ''),
			(SELECT COUNT(*) FROM survey_responses WHERE session_id = $1 AND staff_id = $2),
			(SELECT COUNT(*) FROM completions WHERE session_id = $1 AND staff_id = $2)`, sessionID, id).
			Scan(&f.Status, &f.Hours, &report, &answered, &done)
		if err != nil {
			return err
		}
		f.ReportAccepted, f.SurveyAnswered = report == ReportAccepted, answered > 0
		ok, _ := rule.Evaluate(f)
		credited := f.Hours
		if f.Status == AttendPresent {
			credited = hours
		}
		switch {
		case ok && done > 0:
			if _, err := tx.ExecContext(ctx, `UPDATE completions SET hours = $1 WHERE session_id = $2 AND staff_id = $3`, credited, sessionID, id); err != nil {
				return err
			}
		case ok:
			// A completion that waited for a report or a survey dates from
			// the day the last condition was met; otherwise from the last day.
			on := last
			if (rule.NeedReport || rule.NeedSurvey) && today > on {
				on = today
			}
			// The highest number is read once and then counted on in
			// memory: reading it again would only see this loop's inserts.
			if seq == 0 {
				if seq, err = nextCertificateSeq(ctx, tx, numbering, muni, programID, fy); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO completions (municipality_id, program_id, session_id, staff_id, fy, hours, completed_on, certificate_no, certificate_seq)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, muni, programID, sessionID, id, fy, credited, on, CertificateNumber(numbering, fy, name, seq), seq); err != nil {
				return err
			}
			seq++
			changed = true
		case done > 0:
			if _, err := tx.ExecContext(ctx, `DELETE FROM completions WHERE session_id = $1 AND staff_id = $2`, sessionID, id); err != nil {
				return err
			}
			seq = 0 // the highest may have gone: read it again when needed
			changed = true
		}
	}
	if changed {
		w.completionsChanged = true
	}
	return nil
}

// recomputeSession brings every completion of a session in line with its
// records, inside the caller's transaction. The plan and catalog call it
// after changing a session's hours or a program's completion rule; the
// caller records its audit entry first, as that orders certificate numbers.
func (s *Store) recomputeSession(ctx context.Context, w *writeTx, sessionID int64) error {
	tx, muni := w.Tx, w.muni
	ids, err := db.Int64s(ctx, tx, `SELECT staff_id FROM attendance WHERE municipality_id = $1 AND session_id = $2
		UNION SELECT staff_id FROM completions WHERE municipality_id = $1 AND session_id = $2`, muni, sessionID)
	if err != nil {
		return err
	}
	return s.recompute(ctx, w, sessionID, ids)
}

// RecomputeCompletions brings every completion of a session in line with
// its records in a transaction of its own (a repair after a fault).
func (s *Store) RecomputeCompletions(ctx context.Context, muni, sessionID int64) error {
	return s.write(ctx, muni, func(w *writeTx) error { return s.recomputeSession(ctx, w, sessionID) })
}

// nextCertificateSeq is one more than the highest sequence issued in a
// fiscal year, for the whole municipality or for one program as the
// numbering says, among the completions that exist. The maximum is taken
// in the database over an index (completions_fy_seq, completions_program_fy).
func nextCertificateSeq(ctx context.Context, tx db.Q, n Numbering, muni, programID int64, fy int) (int, error) {
	var top int64
	var err error
	if n == NumberByProgram {
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(certificate_seq), 0) FROM completions
			WHERE municipality_id = $1 AND program_id = $2 AND fy = $3`, muni, programID, fy).Scan(&top)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(certificate_seq), 0) FROM completions
			WHERE municipality_id = $1 AND fy = $2`, muni, fy).Scan(&top)
	}
	return int(top) + 1, err
}

// CompletionStatus explains, for one person in a session, whether they
// completed and what is missing.
func (s *Store) CompletionStatus(ctx context.Context, muni, sessionID, staffID int64) (bool, []string, error) {
	p, x, err := s.sessionProgram(ctx, muni, sessionID)
	if err != nil {
		return false, nil, err
	}
	f := CompletionFacts{SessionHours: x.Hours}
	var report string
	var answered, surveys int
	err = s.DB.R.QueryRowContext(ctx, `SELECT COALESCE((SELECT status FROM attendance WHERE session_id = $1 AND staff_id = $2), ''),
		COALESCE((SELECT hours FROM attendance WHERE session_id = $1 AND staff_id = $2), 0),
		COALESCE((SELECT status FROM reports WHERE session_id = $1 AND staff_id = $2), ''),
		(SELECT COUNT(*) FROM survey_responses WHERE session_id = $1 AND staff_id = $2),
		(SELECT COUNT(*) FROM surveys WHERE program_id = $3)`, sessionID, staffID, p.ID).Scan(&f.Status, &f.Hours, &report, &answered, &surveys)
	if err != nil {
		return false, nil, err
	}
	f.ReportAccepted, f.SurveyAnswered, f.SurveyAvailable = report == ReportAccepted, answered > 0, surveys > 0
	ok, missing := CompletionRuleOf(p).Evaluate(f)
	return ok, missing, nil
}

func (s *Store) sessionProgram(ctx context.Context, muni, sessionID int64) (*Program, *Session, error) {
	x, err := s.SessionByID(ctx, muni, sessionID)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.ProgramByID(ctx, muni, x.ProgramID)
	return p, x, err
}

// Certificate is what a 修了証 prints.
type Certificate struct {
	Number      string  `json:"certificate_no"`
	StaffID     int64   `json:"-"`
	StaffNumber string  `json:"number"`
	Name        string  `json:"name"`
	ProgramCode string  `json:"program_code"`
	ProgramName string  `json:"program_name"`
	Session     string  `json:"session"`
	First       string  `json:"first"`
	Last        string  `json:"last"`
	Hours       float64 `json:"hours"`
	FY          int     `json:"fy"`
	CompletedOn string  `json:"completed_on"`
}

// CertificateOf loads the certificate of a completion; someone who has not
// completed the session has none (NotFound).
func (s *Store) CertificateOf(ctx context.Context, muni, sessionID, staffID int64) (*Certificate, error) {
	var c Certificate
	var fam, given string
	err := s.DB.R.QueryRowContext(ctx, `SELECT c.certificate_no, s.id, s.number, s.family_name, s.given_name, p.code, p.name, t.title, c.hours, c.fy, c.completed_on,
		COALESCE((SELECT MIN(day) FROM session_days d WHERE d.session_id = t.id), ''), COALESCE((SELECT MAX(day) FROM session_days d WHERE d.session_id = t.id), '')
		FROM completions c JOIN staff s ON s.id = c.staff_id JOIN sessions_training t ON t.id = c.session_id JOIN programs p ON p.id = c.program_id
		WHERE c.municipality_id = $1 AND c.session_id = $2 AND c.staff_id = $3`, muni, sessionID, staffID).
		Scan(&c.Number, &c.StaffID, &c.StaffNumber, &fam, &given, &c.ProgramCode, &c.ProgramName, &c.Session, &c.Hours, &c.FY, &c.CompletedOn, &c.First, &c.Last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("修了証が見つかりません。")
	}
	if err == nil {
		err = MayIssueCertificate(&Session{Days: []Day{{Date: c.First}}}, s.today())
	}
	c.Name = recName(fam, given)
	return &c, err
}
