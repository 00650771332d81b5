package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"hagukumi/audit"
	"hagukumi/training"
)

// TestCenterSeesAllRecommendations: GET /recommendations shows the center
// every department's recommendations with the quota each has used, and
// offers センター選考 for a programme that asks for it; the center comes
// back to the page after selecting.
func TestCenterSeesAllRecommendations(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		ctx := context.Background()
		center, liaison := e.as(t, "a_center_staff"), e.as(t, "a_liaison")
		comp, err := f.Srv.Train.ProgramByCode(ctx, f.A.ID, "COMPLIANCE")
		if err != nil {
			t.Fatal(err)
		}
		comp.Mode, comp.Selection = training.ModeRecommendation, true
		if err := f.Srv.Train.SaveProgram(ctx, audit.System, f.A.ID, comp); err != nil {
			t.Fatal(err)
		}
		r := e.createSession(t, "COMPLIANCE", "", "会議室", 10, "2030-08-06", "10:00", "12:00", "")
		e.publish(t)
		unit := f.Units["A"]["市民文化部"]
		expectStatus(t, f.post("/plan/quotas?fy=2030", url.Values{"program": {fmt.Sprint(comp.ID)}, "unit": {fmt.Sprint(unit)}, "quota": {"2"}}, center), http.StatusSeeOther)
		expectRedirect(t, f.post(fmt.Sprintf("/sessions/%d/recommend", r), url.Values{"numbers": {"A2001"}, "back": {"/recommendations?fy=2030"}}, liaison), "/recommendations?fy=2030")

		w := f.get("/recommendations?fy=2030", center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "全所属", "所属ごとの推薦枠", "市民文化部", "<td>2人</td><td>1人</td><td>1人</td>", "鈴木 次郎", "選考する", `action="/enrolments/`)
		expectStatus(t, f.get("/recommendations?fy=2030", e.as(t, "a_center_admin")), http.StatusOK)
		id := e.enrolmentID(t, r, "A2001")
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/select", id), url.Values{"back": {"/recommendations?fy=2030"}}, center), "/recommendations?fy=2030")
		if st := e.status(t, r, "A2001"); st != "enrolled" {
			t.Fatalf("A2001 is %q after selection", st)
		}
		w = f.get("/recommendations?fy=2030", center)
		expectNotInBody(t, w, "選考する</button>")
		// The liaison's page is unchanged: their department only, with the form.
		expectBody(t, f.get("/recommendations?fy=2030", liaison), "推薦する職員の職員番号")
	})
}
