package app_test

import (
	"strings"
	"testing"

	"hagukumi/app"
	"hagukumi/auth"
	"hagukumi/db/dbtest"
	"hagukumi/web"
)

func newServer(t *testing.T) *web.Server {
	t.Helper()
	s, err := app.New(dbtest.OpenSQLite(t), web.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every API route must be described in the OpenAPI document.
func TestEveryAPIRouteIsDescribed(t *testing.T) {
	for _, r := range newServer(t).Routes() {
		if strings.Contains(r.Pattern, " /api/v1/") && r.Roles != nil && r.Summary == "" {
			t.Errorf("API route %q has no Summary in its web.Route", r.Pattern)
		}
	}
}

// The menu shows each role the entries of the routes it may use, and
// marks the current page. A case manager or system administrator linked to
// a staff member does not see わたしの研修, which would answer 403.
func TestMenuByRole(t *testing.T) {
	s := newServer(t)
	labels := func(u *auth.User) string {
		var out []string
		for _, m := range s.Menu(u, "staff") {
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
		{&auth.User{Role: auth.CenterAdmin}, "ホーム,研修計画,研修,承認,推薦,報告書,職員*,組織,職員講師,取込,管理,政策提言チーム,公開窓口,OJT,共同研修,能力の体系,連携先,大学連携講座,講師派遣,講師派遣のテーマ,採用広報,派遣"},
		{&auth.User{Role: auth.Staff, StaffID: 3}, "ホーム,わたしの研修,研修計画,研修,政策提言チーム,キャリアデザイン,共同研修,大学連携講座,わたしの講師派遣,説明会の担当,派遣"},
		{&auth.User{Role: auth.SysAdmin, StaffID: 5}, "ホーム,研修,職員*,組織,取込,管理,政策提言チーム"},
		{&auth.User{Role: auth.CaseManager, StaffID: 4}, "ホーム,研修,政策提言チーム,復職支援"},
		{&auth.User{Role: auth.Liaison}, "ホーム,研修計画,研修,推薦,報告書,職員*,組織,政策提言チーム,OJT,共同研修,大学連携講座,講師派遣のテーマ,派遣"},
		{&auth.User{Role: auth.Supervisor}, "ホーム,研修計画,研修,承認,講師派遣の承認,報告書,職員*,組織,政策提言チーム,OJT,共同研修,大学連携講座,派遣,就業上の配慮"},
	}
	for _, c := range cases {
		if got := labels(c.u); got != c.want {
			t.Errorf("%s: %s, want %s", c.u.Role, got, c.want)
		}
	}
	if s.Menu(nil, "") != nil {
		t.Error("anonymous pages have no menu")
	}
}
