package staffui

import (
	"strings"
	"testing"

	"hagukumi/staff"
)

// The rows written in Go escape every value as the template would.
func TestRowsEscape(t *testing.T) {
	bad := `<script>alert("x")</script>&'`
	rows := string(staffRows([]*staff.Member{{Number: "1/2?", FamilyName: bad, GivenName: "太郎", Unit: "総務部/人事課", Title: "主事"}}))
	if strings.Contains(rows, "<script>") || !strings.Contains(rows, `href="/staff/1%2F2%3F"`) || !strings.Contains(rows, "総務部 人事課") {
		t.Fatalf("rows: %s", rows)
	}
	if !strings.Contains(string(staffRows(nil)), "該当する職員はいません") {
		t.Fatal("empty list has no message")
	}
}
