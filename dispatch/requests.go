package dispatch

import (
	"context"
	"database/sql"
	"strings"

	"hagukumi/apperr"
	"hagukumi/db"
)

// Reading requests: one, a year's list, a lecturer's and a 所属長's.

const requestCols = `r.id, r.fy, COALESCE(r.submission_id, 0), r.state, r.organisation, r.requester_type, r.contact_name, r.email, r.phone,
	COALESCE(r.topic_id, 0), r.topic_title, r.unit_path, r.date1, r.date2, r.date3, r.place, r.online, r.audience, r.audience_size, r.purpose,
	COALESCE(r.lecturer_id, 0), COALESCE(st.number, ''), COALESCE(st.family_name, ''), COALESCE(st.given_name, ''), r.lecturer_unit, r.agreement,
	r.lecture_on, r.work_mode, r.fee, r.fee_status, r.travel, r.conditions, r.notice_no, r.approved_at, r.decline_reason, r.decline_text,
	r.delivered_on, r.hours, r.attendees, r.materials, r.satisfaction, r.feedback, r.feedback_at, r.created_at, r.updated_at, r.purged_at, COALESCE(o.path, ''), CASE WHEN ps.queued THEN 1 ELSE 0 END`

const requestFrom = ` FROM dispatch_requests r LEFT JOIN staff st ON st.id = r.lecturer_id LEFT JOIN org_units o ON o.id = st.unit_id
	LEFT JOIN public_submissions ps ON ps.id = r.submission_id `

// scanRequest reads one request and its lecturer's current unit path.
func scanRequest(row db.Scanner) (*Request, string, error) {
	r := &Request{}
	var d1, d2, d3, fam, given, path string
	var approved, feedbackAt, purged sql.NullTime
	var queued int
	err := row.Scan(&r.ID, &r.FY, &r.SubmissionID, &r.State, &r.Organisation, &r.RequesterType, &r.ContactName, &r.Email, &r.Phone,
		&r.TopicID, &r.Topic, &r.UnitPath, &d1, &d2, &d3, &r.Place, &r.Online, &r.Audience, &r.AudienceSize, &r.Purpose,
		&r.LecturerID, &r.LecturerNo, &fam, &given, &r.LecturerUnit, &r.Agreement,
		&r.LectureOn, &r.WorkMode, &r.Fee, &r.FeeStatus, &r.Travel, &r.Conditions, &r.NoticeNo, &approved, &r.DeclineReason, &r.DeclineText,
		&r.DeliveredOn, &r.Hours, &r.Attendees, &r.Materials, &r.Satisfaction, &r.Feedback, &feedbackAt, &r.CreatedAt, &r.UpdatedAt, &purged, &path, &queued)
	if err != nil {
		return nil, "", err
	}
	r.Lecturer = strings.TrimSpace(fam + " " + given)
	for _, d := range []string{d1, d2, d3} {
		if d != "" {
			r.Dates = append(r.Dates, d)
		}
	}
	if approved.Valid {
		t := approved.Time
		r.ApprovedAt = &t
	}
	r.FeedbackGiven, r.Purged, r.LecturerPath, r.Queued = feedbackAt.Valid, purged.Valid, path, queued == 1
	r.StateLabel = StateLabel(r.State)
	return r, path, nil
}

// request reads one request of the municipality, or a not-found error.
func request(ctx context.Context, q db.Q, muni, rid int64) (*Request, string, error) {
	r, path, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestCols+requestFrom+`WHERE r.municipality_id = $1 AND r.id = $2`, muni, rid))
	if err == sql.ErrNoRows {
		return nil, "", errNoRequest
	}
	return r, path, err
}

var errNoRequest = apperr.NotFoundf("講師派遣の依頼が見つかりません。")

// Get reads one request the viewer may see; others are not found.
func (s *Store) Get(ctx context.Context, muni int64, v Viewer, rid int64) (*Request, error) {
	r, path, err := request(ctx, s.DB.R, muni, rid)
	if err != nil {
		return nil, err
	}
	if !v.Sees(r, path) {
		return nil, errNoRequest
	}
	return r, nil
}

// BySubmission reads the request sent as a public submission.
func (s *Store) BySubmission(ctx context.Context, subID int64) (*Request, int64, error) {
	var muni int64
	var r *Request
	row := s.DB.R.QueryRowContext(ctx, `SELECT r.municipality_id, `+requestCols+requestFrom+`WHERE r.submission_id = $1`, subID)
	r, _, err := scanRequest(scannerWith{row, &muni})
	if err == sql.ErrNoRows {
		return nil, 0, apperr.NotFoundf("このリンクは無効です。")
	}
	return r, muni, err
}

// scannerWith scans one leading column into first, then the rest.
type scannerWith struct {
	row   db.Scanner
	first *int64
}

func (s scannerWith) Scan(dest ...any) error { return s.row.Scan(append([]any{s.first}, dest...)...) }

// List lists a fiscal year's requests the viewer sees, newest first.
func (s *Store) List(ctx context.Context, muni int64, v Viewer, fy int) ([]*Request, error) {
	return s.list(ctx, muni, v, `r.municipality_id = $1 AND r.fy = $2`, muni, fy)
}

// Mine lists the lectures of the lecturer (staff id), every year.
func (s *Store) Mine(ctx context.Context, muni int64, v Viewer) ([]*Request, error) {
	if v.StaffID == 0 {
		return []*Request{}, nil
	}
	return s.list(ctx, muni, v, `r.municipality_id = $1 AND r.lecturer_id = $2`, muni, v.StaffID)
}

// Agreements lists the requests whose lecturer's 所属長 the viewer is, with
// the agreement asked (pending first), every year.
func (s *Store) Agreements(ctx context.Context, muni int64, v Viewer) ([]*Request, []*Request, error) {
	args := []any{muni}
	cond := v.Scope.And("r.lecturer_id", "o.path", &args)
	list, err := s.list(ctx, muni, v, `r.municipality_id = $1 AND r.agreement <> ''`+cond, args...)
	if err != nil {
		return nil, nil, err
	}
	as, err := approvers(ctx, s.DB.R, muni)
	if err != nil {
		return nil, nil, err
	}
	pending, other := []*Request{}, []*Request{}
	for _, r := range list {
		if !v.Center && !decider(r.LecturerID, r.LecturerPath, as).Includes(v.UserID) {
			continue
		}
		if r.Agreement == AgreePending && r.State == Coordinating {
			pending = append(pending, r)
		} else {
			other = append(other, r)
		}
	}
	return pending, other, nil
}

func (s *Store) list(ctx context.Context, muni int64, v Viewer, where string, args ...any) ([]*Request, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+requestCols+requestFrom+`WHERE `+where+` ORDER BY r.created_at DESC, r.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Request{}
	for rows.Next() {
		r, path, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		if v.Sees(r, path) {
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// lockRequest reads a request inside a write, for a change.
