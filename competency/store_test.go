package competency

import (
	"context"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

// The version in force is the latest revision on or before today; saving a
// revision date again replaces that version; another city sees nothing.
func TestStoreVersions(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		st := &staff.Store{DB: d}
		a, err := st.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.CreateMunicipality(ctx, "221007", "静岡市")
		if err != nil {
			t.Fatal(err)
		}
		s := &Store{DB: d, Now: func() time.Time { return now }}
		if _, err := s.InForce(ctx, a.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("no framework yet: %v", err)
		}
		for _, f := range []*Framework{
			{RevisedOn: "2024-04-01", Vision: "旧", Competencies: []Competency{{Code: "C1", Name: "旧能力", Levels: []Level{{Rank: "主事", Level: 1}}}}},
			{RevisedOn: "2026-04-01", Vision: "仮", Competencies: []Competency{{Code: "C1", Name: "仮"}}},
			{RevisedOn: "2026-04-01", Vision: "現行", Competencies: []Competency{{Code: "C1", Name: "報連相", Levels: []Level{{Rank: "主事", Level: 2}}}, {Code: "C2", Name: "企画力"}}},
			{RevisedOn: "2027-04-01", Vision: "次期", Competencies: []Competency{{Code: "C9", Name: "未来"}}},
		} {
			if err := s.Save(ctx, audit.System, a.ID, f); err != nil {
				t.Fatal(err)
			}
		}
		f, err := s.InForce(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Vision != "現行" || len(f.Competencies) != 2 || len(f.Competencies[0].Levels) != 1 || f.Competencies[0].Levels[0].Level != 2 {
			t.Errorf("in force %+v", f)
		}
		if _, err := s.InForce(ctx, b.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another city sees a framework: %v", err)
		}
		if err := s.Save(ctx, audit.System, a.ID, &Framework{RevisedOn: "bad"}); err == nil {
			t.Error("an invalid version was saved")
		}
	})
}
