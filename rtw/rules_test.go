package rtw

import (
	"fmt"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
)

func TestCanRead(t *testing.T) {
	for _, r := range auth.Roles {
		if got := CanRead(r, 7, []int64{3, 7}); got != (r == auth.CaseManager) {
			t.Errorf("CanRead(%s, assigned) = %v", r, got)
		}
		if CanRead(r, 8, []int64{3, 7}) {
			t.Errorf("CanRead(%s, unassigned) = true", r)
		}
	}
	for _, r := range auth.Roles {
		if CanAssign(r) != (r == auth.CenterAdmin) {
			t.Errorf("CanAssign(%s)", r)
		}
	}
}

func TestCheckManager(t *testing.T) {
	cases := []struct {
		name string
		c    Candidate
		ok   bool
	}{
		{"case manager", Candidate{Role: auth.CaseManager, StaffID: 2}, true},
		{"not a case manager", Candidate{Role: auth.CenterAdmin}, false},
		{"the person", Candidate{Role: auth.CaseManager, StaffID: 1}, false},
		{"their 所属長", Candidate{Role: auth.CaseManager, StaffID: 2, SupervisorPaths: []string{"市民文化部"}}, false},
		{"another unit's 所属長", Candidate{Role: auth.CaseManager, StaffID: 2, SupervisorPaths: []string{"総務部"}}, true},
	}
	for _, c := range cases {
		err := CheckManager(c.c, 1, "市民文化部/市民課")
		if (err == nil) != c.ok || (err != nil && apperr.CodeOf(err) != apperr.Invalid) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestConsentInForce(t *testing.T) {
	d := func(n int) time.Time { return time.Date(2026, 4, n, 0, 0, 0, 0, time.UTC) }
	w := d(5)
	cases := []struct {
		name string
		cs   []Consent
		ok   bool
	}{
		{"none", nil, false},
		{"given", []Consent{{ID: 1, Party: "doctor", Given: true, At: d(1)}}, true},
		{"other party", []Consent{{ID: 1, Party: "family", Given: true, At: d(1)}}, false},
		{"refused", []Consent{{ID: 1, Party: "doctor", Given: false, At: d(1)}}, false},
		{"withdrawn", []Consent{{ID: 1, Party: "doctor", Given: true, At: d(1), Withdrawn: &w}}, false},
		{"refused later", []Consent{{ID: 1, Party: "doctor", Given: true, At: d(1)}, {ID: 2, Party: "doctor", At: d(3)}}, false},
		{"given again", []Consent{{ID: 1, Party: "doctor", At: d(1)}, {ID: 2, Party: "doctor", Given: true, At: d(3)}}, true},
	}
	for _, c := range cases {
		if _, ok := ConsentInForce(c.cs, "doctor"); ok != c.ok {
			t.Errorf("%s: in force = %v, want %v", c.name, ok, c.ok)
		}
	}
}

func TestFollowUps(t *testing.T) {
	got := FollowUps(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	want := []string{"2026-11-01", "2027-01-01", "2027-04-01", "2027-10-01"}
	for i := range want {
		if got[i].Format(time.DateOnly) != want[i] {
			t.Errorf("follow-up %d: %s, want %s", i, got[i].Format(time.DateOnly), want[i])
		}
	}
}

func TestSuppress(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "-", 4: "-", 5: "5", 12: "12"} {
		got := "-"
		if p := Suppress(n); p != nil {
			got = fmt.Sprint(*p)
		}
		if got != want {
			t.Errorf("Suppress(%d) = %s, want %s", n, got, want)
		}
	}
}
