package web

import (
	"strings"
	"testing"

	"hagukumi/staff"
)

// The lists written in Go escape every value as the template would.
func TestOptionsAndRowsEscape(t *testing.T) {
	bad := `<script>alert("x")</script>&'`
	got := string(unitOptions([]staff.Unit{{ID: 7, Path: "総務部/" + bad}, {ID: 8, Path: "市民部"}}, 8))
	if strings.Contains(got, "<script>") || !strings.Contains(got, "&lt;script&gt;") {
		t.Fatalf("unit options not escaped: %s", got)
	}
	if !strings.Contains(got, `<option value="8" selected>市民部</option>`) || strings.Contains(got, `value="7" selected`) {
		t.Fatalf("selection wrong: %s", got)
	}
	got = string(textOptions([]string{"正規", bad}, "正規"))
	if strings.Contains(got, "<script>") || !strings.Contains(got, `<option value="正規" selected>正規</option>`) {
		t.Fatalf("text options: %s", got)
	}
}
