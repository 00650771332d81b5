package notify

import (
	"context"

	"hagukumi/db"
)

// FailingMail counts the mails still queued after at least one failed
// attempt: mail that is not going out, for the center's home page.
func FailingMail(ctx context.Context, d *db.DB, muni int64) (int, error) {
	var n int
	err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_queue WHERE municipality_id = $1 AND status = 'pending' AND attempts > 0`, muni).Scan(&n)
	return n, err
}
