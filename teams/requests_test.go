package teams

import (
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
)

// TestReminder is the reminder rule of the yearly answer request: 7 days
// and 1 day before the due date, and after it; none on the windows the
// opening notice already covered.
func TestReminder(t *testing.T) {
	due := calendar.D(2026, 7, 31)
	early := calendar.D(2026, 6, 1)
	cases := []struct {
		name          string
		opened, today time.Time
		want          string
	}{
		{"long before", early, calendar.D(2026, 7, 1), ""},
		{"8 days before", early, calendar.D(2026, 7, 23), ""},
		{"7 days before", early, calendar.D(2026, 7, 24), NoticeWeek},
		{"2 days before", early, calendar.D(2026, 7, 29), NoticeWeek},
		{"the day before", early, calendar.D(2026, 7, 30), NoticeDay},
		{"the due day", early, due, NoticeDay},
		{"the day after", early, calendar.D(2026, 8, 1), NoticeOverdue},
		{"a month after", early, calendar.D(2026, 9, 1), NoticeOverdue},
		{"opened 3 days before: no 7-day reminder", calendar.D(2026, 7, 28), calendar.D(2026, 7, 29), ""},
		{"opened 3 days before: the day before", calendar.D(2026, 7, 28), calendar.D(2026, 7, 30), NoticeDay},
		{"opened the day before: nothing more before", calendar.D(2026, 7, 30), due, ""},
		{"opened the day before: overdue after", calendar.D(2026, 7, 30), calendar.D(2026, 8, 2), NoticeOverdue},
	}
	for _, c := range cases {
		if got := Reminder(c.opened, due, c.today); got != c.want {
			t.Errorf("%s: Reminder = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestRequestProgress counts a request's items per department: asked are
// the items presented before the year and open when it began.
func TestRequestProgress(t *testing.T) {
	due, before, after := calendar.D(2026, 7, 31), calendar.D(2026, 7, 1), calendar.D(2026, 8, 1)
	items := []Item{
		{CohortFY: 2024, Departments: []string{"総務部"}},                                                                           // asked, unanswered
		{CohortFY: 2024, Departments: []string{"総務部", "福祉部"}, Responses: []Response{answered(2026, Partly)}},                     // asked, answered for both
		{CohortFY: 2023, Departments: []string{"福祉部"}, Responses: []Response{answered(2025, Reflected)}},                         // closed last year: not asked
		{CohortFY: 2023, Departments: []string{"福祉部"}, Responses: []Response{answered(2025, Considering)}},                       // asked, unanswered
		{CohortFY: 2026, Departments: []string{"総務部"}},                                                                           // this year's: not asked
		{CohortFY: 2022, Departments: []string{"福祉部"}, Responses: []Response{answered(2025, Partly), answered(2026, Reflected)}}, // closed this year: asked, answered
	}
	got := Progress(items, 2026, due, before)
	want := []DeptProgress{{"福祉部", 3, 2, 0}, {"総務部", 2, 1, 0}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("before the due date %+v, want %+v", got, want)
	}
	got = Progress(items, 2026, due, after)
	want = []DeptProgress{{"福祉部", 3, 2, 1}, {"総務部", 2, 1, 1}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("after the due date %+v, want %+v", got, want)
	}
}

func TestRequestValidate(t *testing.T) {
	today := calendar.D(2026, 6, 1)
	cases := []struct {
		due   string
		field string
	}{
		{"2026-07-31", ""},
		{"2026-06-01", ""},
		{"", "due_on"},
		{"7月31日", "due_on"},
		{"2026-05-31", "due_on"},
		{"2027-04-01", "due_on"},
	}
	for _, c := range cases {
		q := Request{FY: 2026, DueOn: c.due}
		err := q.Validate(today)
		if c.field == "" && err != nil || c.field != "" && apperr.FieldsOf(err)[c.field] == "" {
			t.Errorf("due %q: %v, want field %q", c.due, err, c.field)
		}
	}
}

// TestEditRefusals are the edits refused because they would break the
// record, each with a Japanese message and a 409.
func TestEditRefusals(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"remove a member before presentation", CanRemoveMember(false), false},
		{"remove a member after presentation", CanRemoveMember(true), true},
		{"remove an unanswered item", CanRemoveItem(0, 3), false},
		{"remove an answered item", CanRemoveItem(1, 3), true},
		{"remove the last item", CanRemoveItem(0, 1), true},
		{"present an answered proposal again", CanSetPresented("2026-02-01", 3), false},
		{"make an unanswered proposal a draft", CanSetPresented("", 0), false},
		{"make an answered proposal a draft", CanSetPresented("", 1), true},
		{"drop a department of an unanswered item", CanChangeDepartments([]string{"総務部", "福祉部"}, []string{"総務部"}, 0), false},
		{"add a department to an answered item", CanChangeDepartments([]string{"総務部"}, []string{"総務部", "福祉部"}, 2), false},
		{"drop a department of an answered item", CanChangeDepartments([]string{"総務部", "福祉部"}, []string{"総務部"}, 2), true},
	}
	for _, c := range cases {
		if refused := c.err != nil; refused != c.want {
			t.Errorf("%s: refused %v, want %v", c.name, refused, c.want)
		}
		if c.err != nil && apperr.CodeOf(c.err) != apperr.Conflict {
			t.Errorf("%s: code %s, want conflict", c.name, apperr.CodeOf(c.err))
		}
	}
}
