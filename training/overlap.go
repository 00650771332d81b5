package training

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"hagukumi/db"
)

// Double booking: a person enrolled in two sessions held at the same time
// cannot attend both. Enrolling is not refused for it (the center may mean
// it, e.g. to move the person later), but the one who acts, the person and
// the roster are told.

// span is a day's times with an open start or end taken as the whole day.
func span(d Day) (string, string) {
	start, end := d.Start, d.End
	if start == "" {
		start = "00:00"
	}
	if end == "" {
		end = "24:00"
	}
	return start, end
}

// Overlaps tells whether two sessions' days meet: a date in common whose
// times intersect. Times are "HH:MM"; a session that ends when the other
// begins does not overlap it. A day without times counts as the whole day.
func Overlaps(a, b []Day) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Date != y.Date {
				continue
			}
			xs, xe := span(x)
			ys, ye := span(y)
			if xs < ye && ys < xe {
				return true
			}
		}
	}
	return false
}

// otherSession is another session a person holds or waits for a place in,
// with its days on the dates in question.
type otherSession struct {
	label string
	days  []Day
}

// clashesOf reads, for each live enrolment of session x, the person's other
// live enrolments in sessions (not cancelled) held on one of x's dates, and
// returns by enrolment id the labels of those that overlap x (Overlaps).
// only limits the enrolments looked at to one staff member (0 for all).
func clashesOf(ctx context.Context, q db.Q, x *Session, only int64) (map[int64][]string, error) {
	args := []any{x.ID}
	who := ""
	if only != 0 {
		args = append(args, only)
		who = ` AND me.staff_id = $` + strconv.Itoa(len(args))
	}
	type row struct {
		enrolment, session int64
		name, title        string
		day                Day
	}
	rows, err := db.QueryAll(ctx, q, func(r db.Scanner) (row, error) {
		var v row
		err := r.Scan(&v.enrolment, &v.session, &v.name, &v.title, &v.day.Date, &v.day.Start, &v.day.End)
		return v, err
	}, `SELECT me.id, t.id, p.name, t.title, d.day, d.start_time, d.end_time
		FROM enrolments me JOIN enrolments e ON e.staff_id = me.staff_id AND e.session_id <> me.session_id
		JOIN sessions_training t ON t.id = e.session_id JOIN programs p ON p.id = t.program_id
		JOIN session_days d ON d.session_id = t.id
		WHERE me.session_id = $1 AND me.status IN ('applied', 'enrolled', 'waitlisted', 'recommended') AND e.status IN ('applied', 'enrolled', 'waitlisted', 'recommended')
		AND t.status <> 'cancelled' AND d.day IN (SELECT sd.day FROM session_days sd WHERE sd.session_id = $1)`+who+`
		ORDER BY me.id, t.id, d.day`, args...)
	if err != nil {
		return nil, err
	}
	others := map[int64]map[int64]*otherSession{}
	for _, r := range rows {
		if others[r.enrolment] == nil {
			others[r.enrolment] = map[int64]*otherSession{}
		}
		o := others[r.enrolment][r.session]
		if o == nil {
			o = &otherSession{label: strings.TrimSpace(r.name + " " + r.title)}
			others[r.enrolment][r.session] = o
		}
		o.days = append(o.days, r.day)
	}
	out := map[int64][]string{}
	for id, list := range others {
		for _, o := range list {
			if Overlaps(x.Days, o.days) {
				out[id] = append(out[id], o.label)
			}
		}
		sort.Strings(out[id])
	}
	return out, nil
}

// clashOf is the labels, joined, of the sessions overlapping x that the
// staff member also holds or waits for a place in ("" for none).
func clashOf(ctx context.Context, q db.Q, x *Session, staffID int64) (string, error) {
	m, err := clashesOf(ctx, q, x, staffID)
	if err != nil {
		return "", err
	}
	for _, labels := range m {
		return strings.Join(labels, "、"), nil
	}
	return "", nil
}
