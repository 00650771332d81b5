package web

import (
	"strings"
	"testing"

	"hagukumi/auth"
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
	rows := string(staffRows([]*staff.Member{{Number: "1/2?", FamilyName: bad, GivenName: "太郎", Unit: "総務部/人事課", Title: "主事"}}))
	if strings.Contains(rows, "<script>") || !strings.Contains(rows, `href="/staff/1%2F2%3F"`) || !strings.Contains(rows, "総務部 人事課") {
		t.Fatalf("rows: %s", rows)
	}
	if !strings.Contains(string(staffRows(nil)), "該当する職員はいません") {
		t.Fatal("empty list has no message")
	}
}

// The menu shows each role its entries, and marks the current page.
func TestMenuByRole(t *testing.T) {
	labels := func(u *auth.User) string {
		var out []string
		for _, m := range menuFor(u, "staff") {
			l := m.Label
			if m.Current {
				l += "*"
			}
			out = append(out, l)
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		u    *auth.User
		want string
	}{
		{&auth.User{Role: auth.CenterAdmin}, "ホーム,研修計画,研修,報告書,職員*,組織,職員講師,取込,管理"},
		{&auth.User{Role: auth.Staff, StaffID: 3}, "ホーム,わたしの研修,研修計画,研修"},
		{&auth.User{Role: auth.SysAdmin}, "ホーム,研修,職員*,組織,取込,管理"},
		{&auth.User{Role: auth.CaseManager, StaffID: 4}, "ホーム,わたしの研修,研修"},
		{&auth.User{Role: auth.Liaison}, "ホーム,研修計画,研修,推薦,報告書,職員*,組織"},
		{&auth.User{Role: auth.Supervisor}, "ホーム,研修計画,研修,承認,報告書,職員*,組織"},
	}
	for _, c := range cases {
		if got := labels(c.u); got != c.want {
			t.Errorf("%s: %s, want %s", c.u.Role, got, c.want)
		}
	}
	if menuFor(nil, "") != nil {
		t.Error("anonymous pages have no menu")
	}
}
