package enrolui

import (
	"fmt"
	"strings"

	"hagukumi/training"
)

// resultMessage tells in one line what a nomination or recommendation did,
// naming at most eight of the staff it left out and why.
func resultMessage(res *training.EnrolResult) string {
	msg := fmt.Sprintf("受講決定 %d人、キャンセル待ち %d人を登録しました。", len(res.Enrolled), len(res.Waitlisted))
	if len(res.Skipped) > 0 {
		var parts []string
		for i, sk := range res.Skipped {
			if i == 8 {
				parts = append(parts, fmt.Sprintf("ほか%d人", len(res.Skipped)-8))
				break
			}
			parts = append(parts, sk.Number+"："+strings.TrimSuffix(sk.Reason, "。"))
		}
		msg += "登録しなかった職員：" + strings.Join(parts, "、") + "。"
	}
	if len(res.Overlaps) > 0 {
		var parts []string
		for i, o := range res.Overlaps {
			if i == 8 {
				parts = append(parts, fmt.Sprintf("ほか%d人", len(res.Overlaps)-8))
				break
			}
			parts = append(parts, o.Number+"（"+o.With+"）")
		}
		msg += "注意：日時が重なる研修にも登録されている職員がいます：" + strings.Join(parts, "、") + "。"
	}
	return msg
}

// overlapWarning warns that the person holds another session at the same
// time, or is "".
func overlapWarning(e *training.Enrolment) string {
	if e.Overlap == "" {
		return ""
	}
	return "注意：" + e.Name + " さんは、日時が重なる「" + e.Overlap + "」にも登録されています。"
}
