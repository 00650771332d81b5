package ojt

import (
	"fmt"
	"time"
)

// Reminder kinds: who is reminded of what.
const (
	RemindReflection = "reflection" // the trainee: the month's reflection is missing
	RemindComment    = "comment"    // the trainer: a written reflection awaits a comment
	RemindReview     = "review"     // the 所属長: a quarterly or year-end sign-off is due
)

// RemindFacts is what the reminder rule looks at for one plan.
type RemindFacts struct {
	Start, End time.Time // the plan's term
	Completed  bool      // signed off at the year's end
	HasTrainer bool
	Goals      []Goal       // the months of the plan
	Signed     map[int]bool // quarters signed (5: the year's end)
}

// Due is one reminder owed, with the period it is sent once for.
type Due struct {
	Kind    string
	Period  string // YYYY-MM (reflection, comment) or q1–q4, end (review)
	Month   string // the month concerned (reflection, comment)
	Quarter int    // the quarter concerned (review; 5 the year's end)
}

// YearEndFrom is the day of March from which the year-end sign-off is due:
// the 所属長 closes the year in its last month, before the term ends.
const YearEndFrom = 1

// DueReminders tells which reminders a plan owes on a day (JST date):
//   - the trainee, from the 1st of a month, for the previous month of the
//     term whose reflection is empty;
//   - the trainer, for the previous month whose reflection is written and
//     whose comment is empty;
//   - the 所属長, once a quarter (1–3) has ended, for the latest ended
//     quarter of the term not signed; from March YearEndFrom, for the
//     year's end (quarter 4 is signed with it: 4 and 5 are one reminder).
//
// A completed plan owes nothing; nothing is owed before the term starts.
// Each Due is sent once for its period, so a reminder not acted upon is not
// repeated, and a later month or quarter brings its own.
func DueReminders(f RemindFacts, today time.Time) []Due {
	if f.Completed || today.Before(f.Start) {
		return nil
	}
	var out []Due
	prev := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0).Format("2006-01")
	for _, g := range f.Goals {
		if g.Month != prev {
			continue
		}
		if g.Reflection == "" {
			out = append(out, Due{Kind: RemindReflection, Period: prev, Month: prev})
		} else if g.TrainerComment == "" && f.HasTrainer {
			out = append(out, Due{Kind: RemindComment, Period: prev, Month: prev})
		}
	}
	fy := FYOf(f.End)
	yearEnd := time.Date(fy+1, time.March, YearEndFrom, 0, 0, 0, 0, time.UTC)
	if !today.Before(yearEnd) {
		if !f.Signed[5] {
			out = append(out, Due{Kind: RemindReview, Period: "end", Quarter: 5})
		}
		return out
	}
	// The latest quarter (1–3) that ended before today, if the term
	// reached into it.
	for q := 3; q >= 1; q-- {
		qEnd := time.Date(fy, time.April, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3*q, -1)
		if !today.After(qEnd) {
			continue
		}
		if qEnd.Before(f.Start) {
			break
		}
		if !f.Signed[q] {
			out = append(out, Due{Kind: RemindReview, Period: fmt.Sprintf("q%d", q), Quarter: q})
		}
		break
	}
	return out
}
