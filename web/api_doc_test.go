package web

import (
	"strings"
	"testing"

	"hagukumi/db/dbtest"
)

// Every API route must be described in the OpenAPI document.
func TestEveryAPIRouteIsDescribed(t *testing.T) {
	s, err := New(dbtest.OpenSQLite(t), Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Routes() {
		if strings.Contains(r.Pattern, " /api/v1/") && r.Pattern != "GET /api/v1/openapi.json" && apiSummaries[r.Pattern] == "" {
			t.Errorf("API route %q has no entry in apiSummaries (web/api.go)", r.Pattern)
		}
	}
}
