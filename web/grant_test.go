package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"hagukumi/auth"
	"hagukumi/web/webtest"
)

// TestRoleGrant checks that an administrator cannot hand out a role above
// their powers (auth.CanGrant): the form offers only grantable roles, and a
// forged form answers 403 in Japanese and changes nothing.
func TestRoleGrant(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		ctx := context.Background()
		admin := f.CreateUser(t, f.A.ID, "A", "a_grant_admin", auth.CenterAdmin)
		inst := f.CreateUser(t, f.A.ID, "A", "a_grant_inst", auth.Instructor)
		const refused = "センター管理者の利用者を作成・変更する権限がありません。"
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "sysadmin's form offers no center roles", As: auth.SysAdmin, URL: "/users/new", Want: http.StatusOK,
				Body: []string{`<option value="liaison"`, `<option value="sysadmin"`}, NotBody: []string{`value="center_admin"`, `value="center_staff"`, `value="case_manager"`}},
			{Name: "center admin's form offers every role", As: auth.CenterAdmin, URL: "/users/new", Want: http.StatusOK,
				Body: []string{`<option value="center_admin"`, `<option value="case_manager"`}},
			{Name: "sysadmin cannot create a center admin", As: auth.SysAdmin, Method: http.MethodPost, URL: "/users",
				Form: url.Values{"login": {"a_forged"}, "role": {"center_admin"}, "password": {webtest.Password}}, Want: http.StatusForbidden, Body: []string{refused}},
			{Name: "sysadmin cannot raise an instructor", As: auth.SysAdmin, Method: http.MethodPost, URL: fmt.Sprintf("/users/%d", inst.ID),
				Form: url.Values{"display_name": {"昇格"}, "role": {"center_admin"}}, Want: http.StatusForbidden, Body: []string{refused}},
			{Name: "sysadmin cannot edit a center admin", As: auth.SysAdmin, Method: http.MethodPost, URL: fmt.Sprintf("/users/%d", admin.ID),
				Form: url.Values{"display_name": {"降格"}, "role": {"staff"}, "disabled": {"1"}}, Want: http.StatusForbidden, Body: []string{refused}},
			{Name: "sysadmin cannot open a center admin's form", As: auth.SysAdmin, URL: fmt.Sprintf("/users/%d", admin.ID), Want: http.StatusForbidden},
			{Name: "sysadmin cannot reset a center admin's password", As: auth.SysAdmin, Method: http.MethodPost, URL: fmt.Sprintf("/users/%d/password", admin.ID), Want: http.StatusForbidden},
			{Name: "the list links only manageable accounts", As: auth.SysAdmin, URL: "/users", Want: http.StatusOK,
				Body: []string{fmt.Sprintf(`<a href="/users/%d">a_grant_inst</a>`, inst.ID)}, NotBody: []string{fmt.Sprintf(`href="/users/%d"`, admin.ID)}},
			{Name: "sysadmin may still raise an instructor to liaison", As: auth.SysAdmin, Method: http.MethodPost, URL: fmt.Sprintf("/users/%d", inst.ID),
				Form: url.Values{"display_name": {"所属担当"}, "role": {"liaison"}, "unit": {fmt.Sprint(f.Units["A"]["市民文化部"])}}, Want: http.StatusSeeOther},
		})
		if n := f.Count(t, `SELECT COUNT(*) FROM users WHERE login = 'a_forged'`); n != 0 {
			t.Fatalf("forged account created")
		}
		x, err := f.Srv.Auth.UserByID(ctx, admin.ID)
		if err != nil || x.Role != auth.CenterAdmin || x.Disabled || x.DisplayName == "降格" {
			t.Fatalf("center admin changed: %+v %v", x, err)
		}
	})
}
