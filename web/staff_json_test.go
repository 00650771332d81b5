package web_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"hagukumi/web/webtest"
)

// GET /api/v1/staff keeps the shape its clients read: the keys total,
// limit, offset and items in that order, each item with the same field
// names, and an empty page as [] rather than null.
func TestStaffListJSONShape(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		c := f.Bearer(t, webtest.LoginOf("center_admin"))
		w := f.Get("/api/v1/staff?limit=2&offset=1", c)
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		if !regexp.MustCompile(`^\{"total":5,"limit":2,"offset":1,"items":\[\{"number":`).Match(w.Body.Bytes()) {
			t.Fatalf("shape: %s", w.Body.String())
		}
		var page struct{ Items []map[string]any }
		if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil || len(page.Items) != 2 {
			t.Fatalf("decode (%v): %s", err, w.Body.String())
		}
		want := []string{"birth_date", "email", "employment_type", "family_kana", "family_name", "gender", "given_kana", "given_name",
			"hire_date", "job_type", "number", "rank", "rank_since", "status", "title", "unit", "university"}
		if got := slices.Sorted(maps.Keys(page.Items[0])); !slices.Equal(got, want) {
			t.Errorf("item keys %v, want %v", got, want)
		}
		w = f.Get("/api/v1/staff?q=nobody-has-this-name", c)
		if w.Body.String() != `{"total":0,"limit":100,"offset":0,"items":[]}`+"\n" {
			t.Errorf("empty page: %q", w.Body.String())
		}
	})
}
