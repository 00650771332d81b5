package dispatch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/public"
)

// The workflow: moves between states, their conditions, the mail that
// tells the requester, and the requester's withdrawal.

func lockRequest(ctx context.Context, tx *sql.Tx, muni, rid int64) (*Request, string, error) {
	return request(ctx, tx, muni, rid)
}

// ErrMoved is the answer when another person changed the request first.
var ErrMoved = apperr.New(apperr.Conflict, "ほかの担当者が先にこの依頼の状態を変えました。画面を読み込み直してください。")

// Move is a change of state asked through the workflow.
type Move struct {
	From   string // the state the mover saw; when given, a request moved since is refused
	To     string
	Reason string // a reason code or label for 不承認
	Text   string // free text: the 不承認 reason's detail, or a note
}

// CheckMove applies the workflow and each state's conditions to a move of
// the request r. It is the whole rule, without the database.
func CheckMove(r *Request, m *Move) error {
	if !ValidState(m.To) {
		return apperr.Invalidf("移す先の状態が正しくありません。")
	}
	if !Allowed(r.State, m.To) {
		return apperr.New(apperr.Conflict, "「%s」の依頼は「%s」にできません。", StateLabel(r.State), StateLabel(m.To))
	}
	switch m.To {
	case LecturerSet:
		if r.LecturerID == 0 || r.Agreement != AgreeYes {
			return apperr.New(apperr.Conflict, "講師決定には、講師を選び、その所属長の同意を得ていることが必要です。")
		}
	case Approved:
		if r.WorkMode == "" || r.LectureOn == "" {
			return apperr.New(apperr.Conflict, "承認の前に、実施日と勤務の扱い（公務・職務専念義務免除・兼業許可）を決めてください。")
		}
	case Declined:
		code := ReasonOf(m.Reason)
		if code == "" {
			// A reason given as text alone is その他 with that text.
			if strings.TrimSpace(m.Reason) == "" && strings.TrimSpace(m.Text) == "" {
				return apperr.Fields(apperr.FieldErrors{"reason": "不承認の理由を選んでください。"})
			}
			if m.Text == "" {
				m.Text = m.Reason
			}
			code = ReasonOther
		}
		if code == ReasonOther && strings.TrimSpace(m.Text) == "" {
			return apperr.Fields(apperr.FieldErrors{"reason": "「その他」の理由を書いてください。"})
		}
		m.Reason = code
	}
	if len([]rune(m.Text)) > 500 {
		return apperr.Fields(apperr.FieldErrors{"reason": "理由は500文字以内で入力してください。"})
	}
	return nil
}

// Transition moves a request by the center (or, for 取下げ, the
// requester): the workflow is checked, the state changes only if nobody
// changed it since it was read, the move is audited and the requester told.
func (s *Store) Transition(ctx context.Context, by audit.Actor, muni, rid int64, m Move) (*Request, error) {
	var out *Request
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		r, _, err := lockRequest(ctx, tx, muni, rid)
		if err != nil {
			return err
		}
		if err := s.move(ctx, tx, c, now, by, muni, r, m); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// move changes r's state inside a write.
func (s *Store) move(ctx context.Context, tx *sql.Tx, c *audit.Chain, now time.Time, by audit.Actor, muni int64, r *Request, m Move) error {
	if m.From != "" && m.From != r.State {
		return ErrMoved
	}
	if err := CheckMove(r, &m); err != nil {
		return err
	}
	set := `state = $1, updated_at = $2`
	args := []any{m.To, now, muni, r.ID, r.State}
	switch m.To {
	case Declined:
		set += `, decline_reason = $6, decline_text = $7`
		args = append(args, m.Reason, strings.TrimSpace(m.Text))
	case Approved:
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dispatch_requests WHERE municipality_id = $1 AND fy = $2 AND notice_no <> ''`, muni, r.FY).Scan(&n); err != nil {
			return err
		}
		r.NoticeNo = fmt.Sprintf("%s 第%d号", calendar.FormatNendo(r.FY), n+1)
		set += `, notice_no = $6, approved_at = $2`
		args = append(args, r.NoticeNo)
		r.ApprovedAt = &now
	case Coordinating:
		if r.State == LecturerSet {
			// Back to coordination: the lecturer is to be found again.
			set += `, lecturer_id = NULL, lecturer_unit = '', agreement = ''`
			r.LecturerID, r.Agreement = 0, ""
		}
	}
	if Ended(m.To) {
		set += `, ended_at = $2`
	}
	res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET `+set+` WHERE municipality_id = $3 AND id = $4 AND state = $5`, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return ErrMoved
	}
	from := r.State
	r.State, r.StateLabel, r.UpdatedAt = m.To, StateLabel(m.To), now
	if m.To == Declined {
		r.DeclineReason, r.DeclineText = m.Reason, strings.TrimSpace(m.Text)
	}
	// The detail names states and the reason's code only: the audit chain
	// cannot be purged, so it keeps nothing the requester wrote.
	detail := map[string]any{"from": from, "to": m.To}
	if m.To == Declined {
		detail["reason"] = m.Reason
	}
	if err := c.Add(ctx, now, by, "move", "lecture_request", id(r.ID), detail); err != nil {
		return err
	}
	return s.tell(ctx, tx, muni, r, now)
}

// tell mails the requester the request's new state, tied to the public
// submission so that the mail is purged with it.
func (s *Store) tell(ctx context.Context, tx *sql.Tx, muni int64, r *Request, now time.Time) error {
	if r.Email == "" || r.SubmissionID == 0 {
		return nil
	}
	var center, city string
	if err := tx.QueryRowContext(ctx, `SELECT center_name, name FROM municipalities WHERE id = $1`, muni).Scan(&center, &city); err != nil {
		return err
	}
	subject, body := StateMail(r, city, center)
	return public.QueueMail(ctx, tx, muni, r.SubmissionID, r.Email, subject, body, now)
}

// StateMail is the mail that tells the requester a new state.
func StateMail(r *Request, city, center string) (string, string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 様\n\n講師派遣（出前講座）のお申込み「%s」の状況が「%s」になりました。\n", r.Organisation, r.Topic, r.StateLabel)
	switch r.State {
	case Approved:
		b.WriteString("決定通知は、お申込みのときにお送りした状況確認のリンクから表示・印刷できます。\n")
	case Declined:
		fmt.Fprintf(&b, "理由: %s\n", r.ReasonText())
	case Delivered, Reported:
		b.WriteString("よろしければ、状況確認のリンクからアンケート（満足度とご感想）にお答えください。\n")
	}
	b.WriteString("\n詳しくは、お申込みのときにお送りした状況確認のリンクでご覧ください。\n\n")
	b.WriteString(city + " " + center + "\n")
	return "【" + center + "】講師派遣のお申込み: " + r.StateLabel, b.String()
}

// Requester is the actor of what the requester does from the private link.
var Requester = audit.Actor{Login: "public"}

// Withdraw lets the requester withdraw the request from the private link.
func (s *Store) Withdraw(ctx context.Context, subID int64) error {
	r, muni, err := s.BySubmission(ctx, subID)
	if err != nil {
		return err
	}
	_, err = s.Transition(ctx, Requester, muni, r.ID, Move{To: Withdrawn})
	return err
}

// CanFeedback tells whether the requester may give feedback now.
func (r *Request) CanFeedback() bool {
	return (r.State == Delivered || r.State == Reported) && !r.FeedbackGiven
}

// CanWithdraw tells whether the requester may still withdraw.
func (r *Request) CanWithdraw() bool { return Allowed(r.State, Withdrawn) }

// Feedback records the requester's answer after the lecture, once.
func (s *Store) Feedback(ctx context.Context, subID int64, satisfaction int, comment string) error {
	comment = strings.TrimSpace(strings.ReplaceAll(comment, "\r\n", "\n"))
	fe := apperr.FieldErrors{}
	if satisfaction < 1 || satisfaction > 5 {
		fe["satisfaction"] = "満足度を1〜5から選んでください。"
	}
	if len([]rune(comment)) > 2000 {
		fe["comment"] = "ご感想は2000文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	r, muni, err := s.BySubmission(ctx, subID)
	if err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET satisfaction = $1, feedback = $2, feedback_at = $3, updated_at = $3
			WHERE id = $4 AND feedback_at IS NULL AND state IN ('delivered', 'reported')`, satisfaction, comment, now, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "アンケートは講座の実施後に一度だけお答えいただけます。")
		}
		return c.Add(ctx, now, Requester, "feedback", "lecture_request", id(r.ID), map[string]any{"satisfaction": satisfaction})
	})
}

// IsConflict tells whether err is a refused move.
func IsConflict(err error) bool {
	var e *apperr.Error
	return errors.As(err, &e) && e.Code == apperr.Conflict
}
