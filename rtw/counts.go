package rtw

import (
	"context"
	"time"

	"hagukumi/db"
)

// MinCell is the smallest count a report shows; fewer are suppressed, so
// that a count of one or two cannot point at a person.
const MinCell = 5

// Counts are a fiscal year's anonymous figures for the center's yearly
// account (実績). A nil field is a suppressed cell (under MinCell).
type Counts struct {
	FY       int  `json:"fy"`
	Opened   *int `json:"opened"`   // cases opened in the year
	Returned *int `json:"returned"` // returns to work (④→⑤) in the year
	Closed   *int `json:"closed"`   // cases closed in the year
}

// Suppress returns n, or nil when it is under MinCell (zero is shown).
func Suppress(n int) *int {
	if n > 0 && n < MinCell {
		return nil
	}
	return &n
}

// CountsFY counts a municipality's cases for fiscal year fy (1 April to
// 31 March), with small cells
// suppressed. It reads no content and names no case.
func CountsFY(ctx context.Context, q db.Q, muni int64, fy int, start, end time.Time) (Counts, error) {
	var opened, returned, closed int
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM rtw_cases WHERE municipality_id = $1 AND opened_at >= $2 AND opened_at < $3),
		(SELECT COUNT(*) FROM rtw_cases WHERE municipality_id = $1 AND returned_on >= $4 AND returned_on < $5),
		(SELECT COUNT(*) FROM rtw_cases WHERE municipality_id = $1 AND closed_at >= $2 AND closed_at < $3)`,
		muni, start, end, start.Format(time.DateOnly), end.Format(time.DateOnly)).Scan(&opened, &returned, &closed)
	return Counts{FY: fy, Opened: Suppress(opened), Returned: Suppress(returned), Closed: Suppress(closed)}, err
}
