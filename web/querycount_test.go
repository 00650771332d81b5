package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/training"
	"hagukumi/web/webtest"
)

// maxStatements is the most SQL statements one GET page may run, session
// check and all (issue 12, finding 10). A page that reads more should batch
// its reads: under load every statement is a wait in line for a connection.
const maxStatements = 15

// TestStatementsPerPage opens, as every account of the fixture, the home
// page, every menu entry and every link and GET form on them (the walk of
// TestEveryLinkOpens), counts each request's statements (db.WithCounter)
// and fails for a page over maxStatements. The counts are in the test log
// (go test -v -run TestStatementsPerPage ./web/).
func TestStatementsPerPage(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		enrolSomeSessions(t, f)
		worst := map[string]int64{} // page pattern → most statements seen
		for _, login := range f.Logins() {
			c := f.Cookie(t, login)
			u := f.User(t, login)
			seen := map[string]bool{}
			get := func(path string) string {
				if seen[path] {
					return ""
				}
				seen[path] = true
				r := httptest.NewRequest(http.MethodGet, path, nil)
				ctx, n := db.WithCounter(r.Context())
				w := f.Do(r.WithContext(ctx), c)
				key, _, _ := strings.Cut(path, "?")
				if w.Code == http.StatusOK && n.N() > worst[key] {
					worst[key] = n.N()
				}
				if n.N() > maxStatements {
					t.Errorf("%s as %s ran %d statements (at most %d)", path, login, n.N(), maxStatements)
				}
				return w.Body.String()
			}
			pages := []string{"/"}
			for _, m := range f.Srv.Menu(u, "") {
				if !slices.Contains(pages, m.Href) {
					pages = append(pages, m.Href)
				}
			}
			bodies := map[string]string{}
			for _, p := range pages {
				bodies[p] = get(p)
			}
			for _, p := range pages {
				for _, l := range linksOf(bodies[p]) {
					get(l)
				}
			}
		}
		var lines []string
		for p, n := range worst {
			lines = append(lines, fmt.Sprintf("%3d %s", n, p))
		}
		sort.Sort(sort.Reverse(sort.StringSlice(lines)))
		t.Logf("statements per page (most over all roles), %d pages:\n%s", len(lines), strings.Join(lines, "\n"))
	})
}

// enrolSomeSessions gives the pages something to read: a published plan of
// this 年度 with a coming session of each of four programmes, and the
// staff account's member (A2001) enrolled on all of them. A page that
// reads each enrolment's session on its own (わたしの研修 did) runs three
// statements per session more.
func enrolSomeSessions(t *testing.T, f *webtest.Fixture) {
	t.Helper()
	ctx := context.Background()
	if err := f.Srv.Train.EnsureCatalog(ctx, f.A.ID); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	fy := calendar.CurrentFY(now)
	for i, code := range []string{"NEW_HIRE", "YEAR2", "TERAKOYA", "COMPLIANCE"} {
		day := calendar.Today(now).AddDate(0, 0, 1+i)
		if calendar.FiscalYear(day) != fy {
			t.Skipf("too close to the end of the 年度 for coming sessions: %s", day.Format(time.DateOnly))
		}
		p, err := f.Srv.Train.ProgramByCode(ctx, f.A.ID, code)
		if err != nil {
			t.Fatal(err)
		}
		x := &training.Session{ProgramID: p.ID, FY: fy, Title: "第1回", Venue: "本庁舎", Capacity: 30,
			Days: []training.Day{{Date: day.Format(time.DateOnly), Start: "09:00", End: "17:00"}}, Instructors: []training.Instructor{{Number: "A2002"}}}
		if err := f.Srv.Train.SaveSession(ctx, audit.System, f.A.ID, x); err != nil {
			t.Fatal(err)
		}
		if err := f.Srv.Train.SetPlanPublished(ctx, audit.System, f.A.ID, fy, true); err != nil {
			t.Fatal(err)
		}
		res, err := f.Srv.Train.Nominate(ctx, audit.System, f.A.ID, x.ID, []string{"A2001"})
		if err != nil || len(res.Enrolled) != 1 {
			t.Fatalf("nominate A2001 to %s: %+v, %v", code, res, err)
		}
	}
}
