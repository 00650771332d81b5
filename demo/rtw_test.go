package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hagukumi/demo"
	"hagukumi/web/webtest"
)

// The demo gives its case manager three cases in different steps, sealed,
// and prints the login; without a key it makes none.
func TestFillRTW(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		ctx := context.Background()
		opt := demo.Options{Now: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
		if err := demo.FillRTW(ctx, f.D, f.A.ID, opt); err != nil || f.Count(t, `SELECT COUNT(*) FROM rtw_cases`) != 0 {
			t.Fatalf("without a key: %v", err)
		}
		var out strings.Builder
		opt.Keys, opt.Out = webtest.TestKeys(), &out
		if err := demo.FillRTW(ctx, f.D, f.A.ID, opt); err != nil {
			t.Fatal(err)
		}
		if n := f.Count(t, `SELECT COUNT(DISTINCT step) FROM rtw_cases`); n != 3 {
			t.Errorf("%d distinct steps, want 3", n)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM rtw_notes WHERE body LIKE $1`, "%架空%"); n != 0 {
			t.Errorf("%d notes in plain text", n)
		}
		if !strings.Contains(out.String(), demo.DemoCaseManager) {
			t.Errorf("login not printed: %q", out.String())
		}
	})
}
