package training

import (
	"context"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/staff"
)

// Select is the center's selection (センター選考) of a person recommended
// (推薦済): selected, they take a seat or the end of the waitlist; declined,
// with a reason, they are told so. Both are audited and notified.
func (s *Store) Select(ctx context.Context, by audit.Actor, muni, id int64, accept bool, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if !accept && reason == "" {
		return "", apperr.Invalidf("選考しない理由を入力してください。")
	}
	if len([]rune(reason)) > 500 {
		return "", apperr.Invalidf("理由は500文字以内で入力してください。")
	}
	e, err := s.EnrolmentByID(ctx, muni, staff.Scope{}, id)
	if err != nil {
		return "", err
	}
	return s.settle(ctx, by, muni, e, settlement{what: "推薦", waiting: EnrolRecommended,
		acceptAction: "select", declineAction: "reject", declinedNotice: NoticeNotSelected, mustBeOpen: true}, accept, reason)
}
