package web_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"hagukumi/audit"
	"hagukumi/training"
)

// TestHistorySurveyLinkOnlyWhenOpen: わたしの受講履歴 links to a session's
// アンケート only when the survey page would answer the person; a programme
// without a questionnaire gets no link (it used to lead to an error page).
func TestHistorySurveyLinkOnlyWhenOpen(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f)
		ctx := context.Background()
		center, staffMe := f.asCookie(t, "a_center_staff"), f.asCookie(t, "a_staff")
		none := recSession(t, f, "SETTAI", "2026-06-10")
		with := recSession(t, f, "COMPLIANCE", "2026-06-10")
		survey := url.Values{"title": {"研修アンケート"}, "rows": {"1"},
			"ord_0": {"1"}, "kind_0": {"scale"}, "text_0": {"満足度"}, "req_0": {"1"}}
		expectRedirect(t, f.post("/programs/COMPLIANCE/survey", survey, center), "/programs/COMPLIANCE/survey")
		for _, x := range []*training.Session{none, with} {
			recEnrol(t, f, x.ID, "A2001")
			if err := f.Srv.Train.MarkAttendance(ctx, audit.System, f.A.ID, x.ID, []training.Mark{{Number: "A2001", Status: "present"}}); err != nil {
				t.Fatal(err)
			}
		}
		w := f.get("/my/history", staffMe)
		expectBody(t, w, fmt.Sprintf(`href="/sessions/%d/survey"`, with.ID), fmt.Sprintf(`href="/sessions/%d/report"`, none.ID))
		expectNotInBody(t, w, fmt.Sprintf(`href="/sessions/%d/survey"`, none.ID))
	})
}
