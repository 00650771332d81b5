package training_test

import (
	"testing"

	"hagukumi/staff"
	"hagukumi/training"
)

func staffScope(unit string) staff.Scope { return staff.Scope{UnitPath: unit} }

func TestReportLabels(t *testing.T) {
	for status, want := range map[string]string{"": "未作成", "draft": "下書き", "submitted": "提出済み（確認待ち）", "returned": "差戻し", "accepted": "承認済み"} {
		r := training.Report{Status: status}
		if r.StatusLabel() != want {
			t.Errorf("%q: %q", status, r.StatusLabel())
		}
		if editable := status == "" || status == "draft" || status == "returned"; r.Editable() != editable {
			t.Errorf("%q editable %v", status, r.Editable())
		}
	}
}
