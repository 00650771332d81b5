package joint

import (
	"context"
	"database/sql"
	"fmt"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// Decision is the outcome of Decide: who was accepted and who was not.
type Decision struct {
	Accepted []int64 `json:"accepted"` // application ids
	Rejected []int64 `json:"rejected"`
	Seed     uint64  `json:"seed"`
}

// Decide enters the host's notice: of the open applications (申込・推薦),
// places are accepted by the programme's policy and the rest rejected. A
// lottery is drawn from seed, which is kept in the audit entry so that the
// draw can be shown again.
func (s *Store) Decide(ctx context.Context, by audit.Actor, muni, programmeID int64, places int, seed uint64) (Decision, error) {
	d := Decision{Seed: seed}
	if places < 0 || places > 1000 {
		return d, apperr.Invalidf("受講決定の人数を0〜1000人で入力してください。")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		p, err := scanProgramme(tx.QueryRowContext(ctx, `SELECT `+programmeCols+` FROM joint_programmes p WHERE p.municipality_id = $1 AND p.id = $2`, muni, programmeID))
		if err == sql.ErrNoRows {
			return apperr.NotFoundf("共同研修が見つかりません。")
		}
		if err != nil {
			return err
		}
		ids, err := db.Int64s(ctx, tx, `SELECT id FROM joint_applications WHERE municipality_id = $1 AND programme_id = $2 AND status IN ('applied', 'recommended')
			ORDER BY applied_at, id`, muni, programmeID)
		if err != nil {
			return err
		}
		d.Accepted, d.Rejected = Allocate(p.Policy, ids, places, seed)
		for _, x := range []struct {
			ids []int64
			st  Status
		}{{d.Accepted, Accepted}, {d.Rejected, Rejected}} {
			for _, id := range x.ids {
				if _, err := tx.ExecContext(ctx, `UPDATE joint_applications SET status = $1 WHERE municipality_id = $2 AND id = $3`, string(x.st), muni, id); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "decide", "joint_programme", fmt.Sprint(programmeID), d)
	})
	return d, err
}
