package staff

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/textlimit"
)

// Units returns every unit valid in fiscal year fy (0: all, with history),
// ordered as a tree by path, with the number of non-retired staff in each.
func (s *Store) Units(ctx context.Context, muni int64, fy int) ([]Unit, error) {
	d, err := s.directory(ctx, muni)
	if err != nil {
		return nil, err
	}
	return d.unitsIn(fy), nil
}

// Unit loads one unit of the municipality.
func (s *Store) Unit(ctx context.Context, muni, id int64) (Unit, error) {
	var u Unit
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, COALESCE(parent_id, 0), name, level, path, from_fy, COALESCE(to_fy, 0), COALESCE(successor_id, 0)
		FROM org_units WHERE id = $1 AND municipality_id = $2`, id, muni).Scan(&u.ID, &u.ParentID, &u.Name, &u.Level, &u.Path, &u.FromFY, &u.ToFY, &u.SuccessorID)
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundf("所属が見つかりません。")
	}
	return u, err
}

// unitCache finds or creates units by path inside one transaction.
type unitCache struct {
	muni  int64
	fy    int
	now   time.Time
	byKey map[string]int64
	made  []string
}

func newUnitCache(ctx context.Context, q db.Q, muni int64, fy int, now time.Time) (*unitCache, error) {
	c := &unitCache{muni: muni, fy: fy, now: now, byKey: map[string]int64{}}
	rows, err := q.QueryContext(ctx, `SELECT id, path, from_fy, COALESCE(to_fy, 0) FROM org_units WHERE municipality_id = $1`, muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var path string
		var from, to int
		if err := rows.Scan(&id, &path, &from, &to); err != nil {
			return nil, err
		}
		if from <= fy && (to == 0 || fy <= to) {
			c.byKey[path] = id
		}
	}
	return c, rows.Err()
}

// lookup gives the id of a path without creating it (0 when unknown).
func (c *unitCache) lookup(parts []string) int64 { return c.byKey[strings.Join(parts, "/")] }

// ensure gives the id of a path, creating missing units from the top down.
func (c *unitCache) ensure(ctx context.Context, q db.Q, parts []string) (int64, error) {
	var parent int64
	for i := range parts {
		key := strings.Join(parts[:i+1], "/")
		if id, ok := c.byKey[key]; ok {
			parent = id
			continue
		}
		var p any
		if parent != 0 {
			p = parent
		}
		id, err := db.Insert(ctx, q, `INSERT INTO org_units (municipality_id, parent_id, name, level, path, from_fy, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.muni, p, parts[i], i+1, key, c.fy, c.now)
		if err != nil {
			return 0, err
		}
		c.byKey[key] = id
		c.made = append(c.made, key)
		parent = id
	}
	return parent, nil
}

// CreateUnit adds a unit under parent (0 for a 部) valid from fiscal year fy.
func (s *Store) CreateUnit(ctx context.Context, by audit.Actor, muni, parent int64, name string, fy int) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.Contains(name, "/") {
		return 0, apperr.Invalidf("所属名を入力してください（「/」は使えません）。")
	}
	if err := textlimit.Check("所属名", name, textlimit.Name); err != nil {
		return 0, err
	}
	var parts []string
	if parent != 0 {
		p, err := s.Unit(ctx, muni, parent)
		if err != nil {
			return 0, err
		}
		if p.Level >= 3 {
			return 0, apperr.Invalidf("係の下には所属を作れません。")
		}
		parts = strings.Split(p.Path, "/")
	}
	parts = append(parts, name)
	var id int64
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		c, err := newUnitCache(ctx, tx, muni, fy, s.now())
		if err != nil {
			return err
		}
		if c.lookup(parts) != 0 {
			return apperr.New(apperr.Conflict, "「%s」は既にあります。", strings.Join(parts, " "))
		}
		if id, err = c.ensure(ctx, tx, parts); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "create", "org_unit", strconv.FormatInt(id, 10), audit.Change{After: map[string]any{"path": strings.Join(parts, "/"), "from_fy": fy}})
	})
	return id, err
}

// RenameUnit is a 組織改正: from fiscal year fy the unit (and the units
// below it) carry a new name. The old rows stay valid until fy−1 and point to
// their successors, so history keeps the names of its time; staff move to
// the new units.
func (s *Store) RenameUnit(ctx context.Context, by audit.Actor, muni, id int64, newName string, fy int) error {
	newName = strings.TrimSpace(newName)
	if newName == "" || strings.Contains(newName, "/") {
		return apperr.Invalidf("新しい所属名を入力してください（「/」は使えません）。")
	}
	if err := textlimit.Check("所属名", newName, textlimit.Name); err != nil {
		return err
	}
	u, err := s.Unit(ctx, muni, id)
	if err != nil {
		return err
	}
	if u.ToFY != 0 {
		return apperr.Invalidf("廃止された所属は変更できません。")
	}
	if fy <= u.FromFY {
		return apperr.Invalidf("変更年度は設置年度（%s）より後にしてください。", calendar.FormatNendo(u.FromFY))
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		oldPrefix := u.Path
		parts := strings.Split(u.Path, "/")
		parts[len(parts)-1] = newName
		newPrefix := strings.Join(parts, "/")
		rows, err := tx.QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0), name, level, path FROM org_units
			WHERE municipality_id = $1 AND to_fy IS NULL AND `+auth.InPathSQL("path", "$2")+` ORDER BY path`, muni, oldPrefix)
		if err != nil {
			return err
		}
		type row struct {
			id, parent int64
			name       string
			level      int
			path       string
		}
		var olds []row
		for rows.Next() {
			var r row
			rows.Scan(&r.id, &r.parent, &r.name, &r.level, &r.path)
			olds = append(olds, r)
		}
		rows.Close()
		newID := map[int64]int64{}
		for _, r := range olds {
			name := r.name
			if r.id == id {
				name = newName
			}
			parent := any(nil)
			if p, ok := newID[r.parent]; ok {
				parent = p
			} else if r.parent != 0 {
				parent = r.parent
			}
			path := newPrefix + strings.TrimPrefix(r.path, oldPrefix)
			nid, err := db.Insert(ctx, tx, `INSERT INTO org_units (municipality_id, parent_id, name, level, path, from_fy, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, muni, parent, name, r.level, path, fy, now)
			if err != nil {
				return err
			}
			newID[r.id] = nid
			if _, err := tx.ExecContext(ctx, `UPDATE org_units SET to_fy = $1, successor_id = $2 WHERE id = $3`, fy-1, nid, r.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE staff SET unit_id = $1, updated_at = $2 WHERE unit_id = $3`, nid, now, r.id); err != nil {
				return err
			}
			// Open assignments move to the new unit from the first day of fy.
			start := calendar.FiscalYearStart(fy).Format(time.DateOnly)
			if _, err := tx.ExecContext(ctx, `INSERT INTO staff_assignments (municipality_id, staff_id, unit_id, from_date)
				SELECT municipality_id, staff_id, $1, $2 FROM staff_assignments WHERE unit_id = $3 AND to_date IS NULL`, nid, start, r.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE staff_assignments SET to_date = $1 WHERE unit_id = $2 AND to_date IS NULL`, start, r.id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "rename", "org_unit", strconv.FormatInt(id, 10),
			audit.Change{Before: map[string]any{"path": oldPrefix}, After: map[string]any{"path": newPrefix, "from_fy": fy}})
	})
}
