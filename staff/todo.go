package staff

import (
	"context"

	"hagukumi/db"
)

// Setup is how far a fresh install has come through its first steps:
// name the municipality, import the staff, make accounts, build the catalog.
type Setup struct {
	Named    bool `json:"named"`
	Staff    bool `json:"staff"`
	Accounts bool `json:"accounts"` // accounts beyond the first administrator
	Catalog  bool `json:"catalog"`
}

// Done tells whether every first step is taken.
func (s Setup) Done() bool { return s.Named && s.Staff && s.Accounts && s.Catalog }

// SetupOf reads the first steps' progress in one query.
func (s *Store) SetupOf(ctx context.Context, muni int64) (Setup, error) {
	var x Setup
	var name string
	var nStaff, nUsers, nPrograms int
	err := s.DB.R.QueryRowContext(ctx, `SELECT m.name,
		(SELECT COUNT(*) FROM staff WHERE municipality_id = m.id),
		(SELECT COUNT(*) FROM users WHERE municipality_id = m.id),
		(SELECT COUNT(*) FROM programs WHERE municipality_id = m.id)
		FROM municipalities m WHERE m.id = $1`, muni).Scan(&name, &nStaff, &nUsers, &nPrograms)
	x.Named, x.Staff, x.Accounts, x.Catalog = name != "", nStaff > 0, nUsers > 1, nPrograms > 0
	return x, err
}

// PreviewedImports lists the staff files checked and waiting for someone
// to look at the preview and apply it, newest first.
func (s *Store) PreviewedImports(ctx context.Context, muni int64) ([]int64, error) {
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT id FROM imports WHERE municipality_id = $1 AND status = 'previewed' ORDER BY id DESC LIMIT 5`, muni)
}
