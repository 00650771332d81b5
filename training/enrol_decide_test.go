package training

import (
	"testing"

	"hagukumi/apperr"
	"hagukumi/staff"
)

// TestDecideEnrolment: the one enrolment decision, without a database.
func TestDecideEnrolment(t *testing.T) {
	person := Candidate{Found: true, Number: "A001", StaffStatus: staff.Active}
	with := func(f func(c *Candidate)) Candidate { c := person; f(&c); return c }
	for _, c := range []struct {
		name    string
		who     Candidate
		seats   Seats
		want    string
		status  string
		pos     int
		refusal string
		code    apperr.Code
	}{
		{"free seat", person, Seats{Capacity: 2, Enrolled: 1}, "", EnrolEnrolled, 0, "", ""},
		{"no limit", person, Seats{Capacity: 0, Enrolled: 500}, "", EnrolEnrolled, 0, "", ""},
		{"full: end of the waitlist", person, Seats{Capacity: 2, Enrolled: 2, LastPos: 3}, "", EnrolWaitlisted, 4, "", ""},
		{"application waits for the 所属長 even when full", person, Seats{Capacity: 1, Enrolled: 1}, EnrolApplied, EnrolApplied, 0, "", ""},
		{"not found", Candidate{}, Seats{}, "", "", 0, "職員が見つかりません。", apperr.NotFound},
		{"not in service", with(func(c *Candidate) { c.StaffStatus = staff.Retired }), Seats{}, "", "", 0, "在職中ではありません（" + staff.Retired + "）。", apperr.Invalid},
		{"already enrolled here", with(func(c *Candidate) { c.Current = EnrolEnrolled }), Seats{}, "", "", 0, "既にこの開催回に登録されています（受講決定）。", apperr.Conflict},
		{"already waiting here", with(func(c *Candidate) { c.Current = EnrolApplied }), Seats{}, "", "", 0, "既にこの開催回に登録されています（承認待ち）。", apperr.Conflict},
		{"cancelled here before: may come again", with(func(c *Candidate) { c.Current = EnrolCancelled }), Seats{}, "", EnrolEnrolled, 0, "", ""},
		{"on another session", with(func(c *Candidate) { c.OnOther, c.OtherTitle = true, "第2回" }), Seats{}, "", "", 0, "既にこの研修の別の開催回（第2回）に登録されています。", apperr.Conflict},
		{"on another session without a title", with(func(c *Candidate) { c.OnOther = true }), Seats{}, "", "", 0, "既にこの研修の別の開催回（別の回）に登録されています。", apperr.Conflict},
	} {
		d := DecideEnrolment(c.who, c.seats, c.want)
		if d.Status != c.status || d.Position != c.pos || d.Refusal != c.refusal {
			t.Errorf("%s: got %+v, want %s #%d %q", c.name, d, c.status, c.pos, c.refusal)
		}
		if c.refusal != "" && apperr.CodeOf(d.Err()) != c.code {
			t.Errorf("%s: error code %s, want %s", c.name, apperr.CodeOf(d.Err()), c.code)
		}
		if c.refusal == "" && d.Err() != nil {
			t.Errorf("%s: Err() = %v for a place", c.name, d.Err())
		}
	}
	// Seats count on in memory: two more on a session with one seat left.
	s := Seats{Capacity: 3, Enrolled: 2}
	var got []string
	for range 3 {
		d := DecideEnrolment(person, s, "")
		s.Take(d)
		got = append(got, d.Status)
	}
	if got[0] != EnrolEnrolled || got[1] != EnrolWaitlisted || got[2] != EnrolWaitlisted || s.LastPos != 2 || s.Enrolled != 3 {
		t.Fatalf("three in a row: %v, seats %+v", got, s)
	}
}
