package rtw

import (
	"context"
	"database/sql"
	"fmt"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/seal"
)

// HasSealed tells whether the database holds any sealed case content: the
// command then refuses to make a fresh key in place of a missing one,
// which would leave the old content unreadable.
func HasSealed(ctx context.Context, q db.Q) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM rtw_notes) + (SELECT COUNT(*) FROM rtw_cases WHERE content <> '')`).Scan(&n)
	return n > 0, err
}

// Reseal re-encrypts every sealed value not under the ring's current key
// (after `hagukumi keys rotate` added one), case by case, each case one
// transaction with its audit entry. It returns how many values changed.
func Reseal(ctx context.Context, d *db.DB, keys *seal.Ring) (int, error) {
	if !keys.Ready() {
		return 0, seal.ErrNoKey
	}
	type target struct{ id, muni int64 }
	cases, err := db.QueryAll(ctx, d.R, func(r db.Scanner) (target, error) {
		var t target
		return t, r.Scan(&t.id, &t.muni)
	}, `SELECT id, municipality_id FROM rtw_cases ORDER BY id`)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, c := range cases {
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			n := 0
			reseal := func(table, col string, id int64, v string) error {
				if v == "" || seal.KeyID(v) == keys.Current {
					return nil
				}
				plain, err := keys.Open(v, ad(c.id))
				if err != nil {
					return fmt.Errorf("%s %d of case %d: %w", table, id, c.id, err)
				}
				nv, err := keys.Seal(plain, ad(c.id))
				if err != nil {
					return err
				}
				n++
				_, err = tx.ExecContext(ctx, "UPDATE "+table+" SET "+col+" = $1 WHERE id = $2", nv, id)
				return err
			}
			var content string
			if err := tx.QueryRowContext(ctx, `SELECT content FROM rtw_cases WHERE id = $1`, c.id).Scan(&content); err != nil {
				return err
			}
			if err := reseal("rtw_cases", "content", c.id, content); err != nil {
				return err
			}
			type note struct {
				id   int64
				body string
			}
			notes, err := db.QueryAll(ctx, tx, func(r db.Scanner) (note, error) {
				var x note
				return x, r.Scan(&x.id, &x.body)
			}, `SELECT id, body FROM rtw_notes WHERE case_id = $1`, c.id)
			if err != nil {
				return err
			}
			for _, x := range notes {
				if err := reseal("rtw_notes", "body", x.id, x.body); err != nil {
					return err
				}
			}
			total += n
			if n == 0 {
				return nil
			}
			return audit.Record(ctx, tx, nowUTC(), c.muni, audit.System, "rtw.reseal", "rtw_case", fmt.Sprint(c.id), map[string]any{"key": keys.Current, "values": n})
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
