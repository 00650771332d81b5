package training_test

import (
	"strings"
	"testing"

	"hagukumi/training"
)

func TestRenderNoticeKinds(t *testing.T) {
	// Every kind renders; the text reads as a Japanese notice.
	x := &training.Session{ID: 1, ProgramName: "接遇研修", Title: "第1回", Venue: "大会議室",
		Days: []training.Day{{Date: "2025-06-10", Start: "09:00", End: "12:00"}}}
	for _, kind := range []string{training.NoticeEnrolled, training.NoticeWaitlisted, training.NoticePromoted, training.NoticeApplied,
		training.NoticeApprovalRequest, training.NoticeDeclined, training.NoticeCancelled, training.NoticeMoved, training.NoticeSessionCancel} {
		sub, body, err := training.RenderNotice(kind, training.NoticeData{Name: "職員 一郎", Muni: "藤枝市", Center: "人財育成センター",
			Program: x.ProgramName, Title: x.Title, Venue: x.Venue, Days: training.DayLabels(x.Days), Reason: "理由", Position: 2,
			FromLabel: "接遇研修 第2回", FromDays: []string{"令和7年6月17日（火） 9:00〜12:00"}, Applicant: "職員 二郎", ApplicantUnit: "総務部 人事課"})
		if err != nil || !strings.HasPrefix(sub, "【") || !strings.Contains(body, "令和7年6月10日（火） 9:00〜12:00") || strings.Contains(body, "<no value>") {
			t.Errorf("%s: %q %q %v", kind, sub, body, err)
		}
	}
}
