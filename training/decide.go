package training

import (
	"context"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/staff"
)

// Decide is the decider's approval (enrolled or waitlisted by the seats) or
// decline (with a reason) of an application. v is the viewer deciding, by
// their account: the center may decide any application, a 所属長 only those
// DeciderFor gives them; an application outside the 所属長's unit is not
// found.
func (s *Store) Decide(ctx context.Context, by audit.Actor, muni int64, v Viewer, id int64, approve bool, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return "", apperr.Invalidf("不承認の理由を入力してください。")
	}
	if len([]rune(reason)) > 500 {
		return "", apperr.Invalidf("理由は500文字以内で入力してください。")
	}
	sc := staff.Scope{}
	if !v.Center() {
		sc = v.Unit
	}
	e, err := s.EnrolmentByID(ctx, muni, sc, id)
	if err != nil {
		return "", err
	}
	if e.Status == EnrolApplied {
		if err := s.checkDecider(ctx, muni, v, by.UserID, e); err != nil {
			return "", err
		}
	}
	return s.settle(ctx, by, muni, e, settlement{what: "申込", waiting: EnrolApplied,
		acceptAction: "approve", declineAction: "decline", declinedNotice: NoticeDeclined}, approve, reason)
}
