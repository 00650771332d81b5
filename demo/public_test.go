package demo

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db/dbtest"
	"hagukumi/public"
	"hagukumi/staff"
	"hagukumi/training"
)

// TestFillPublic: the demo city's public site has a published page, 10+
// programmes and topics, a coming event and last year's figures.
func TestFillPublic(t *testing.T) {
	ctx := context.Background()
	d := dbtest.OpenSQLite(t)
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	st := &staff.Store{DB: d}
	m, err := st.EnsureMunicipality(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(ctx, m.ID, audit.System, "demo.csv", CSV(60, 1, 1, now), staff.ImportOptions{AsOf: calendar.FiscalYearStart(2026)}); err != nil {
		t.Fatal(err)
	}
	if err := (&training.Store{DB: d}).EnsureCatalog(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if err := FillPublic(ctx, d, m.ID, now); err != nil {
		t.Fatal(err)
	}
	site, err := (&public.Store{DB: d}).Load(ctx, m.ID, false, 2023, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if !site.PagePublic || len(site.Programmes)+len(site.Topics) < 10 || len(site.Topics) == 0 || len(site.Events) != 1 || len(site.Results) != 1 || site.Results[0].FY != 2025 {
		t.Errorf("public site: page %v, %d programmes, %d topics, %d events, results %+v", site.PagePublic, len(site.Programmes), len(site.Topics), len(site.Events), site.Results)
	}
}
