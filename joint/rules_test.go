package joint

import (
	"slices"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
)

func TestCheckQuota(t *testing.T) {
	for _, c := range []struct {
		quota, taken int
		ok           bool
	}{{3, 0, true}, {3, 2, true}, {3, 3, false}, {3, 4, false}, {0, 0, false}} {
		err := CheckQuota(c.quota, c.taken)
		if (err == nil) != c.ok || (err != nil && apperr.CodeOf(err) != apperr.Conflict) {
			t.Errorf("CheckQuota(%d, %d) = %v, want ok=%v", c.quota, c.taken, err, c.ok)
		}
	}
}

func TestCheckApplyDeadline(t *testing.T) {
	by := calendar.D(2026, 5, 15)
	for _, c := range []struct {
		today  time.Time
		reason string
		ok     bool
	}{
		{calendar.D(2026, 5, 15), "", true},
		{calendar.D(2026, 5, 16), "", false},
		{calendar.D(2026, 5, 16), "新規採用", true},
		{calendar.D(2026, 5, 16), "新任係長", true},
		{calendar.D(2026, 5, 16), "新任課長", true},
		{calendar.D(2026, 5, 16), "異動", false},
	} {
		if err := CheckApplyDeadline(by, c.today, c.reason); (err == nil) != c.ok {
			t.Errorf("%s %q: %v, want ok=%v", c.today.Format("01-02"), c.reason, err, c.ok)
		}
	}
}

func TestChangeDeadline(t *testing.T) {
	for _, c := range []struct {
		starts time.Time
		want   string
	}{
		{calendar.D(2026, 6, 10), "2026-06-09 17:00"}, // Wednesday: Tuesday
		{calendar.D(2026, 6, 8), "2026-06-05 17:00"},  // Monday: the Friday before
		{calendar.D(2026, 5, 7), "2026-05-01 17:00"},  // after Golden Week
	} {
		if got := ChangeDeadline(c.starts).Format("2006-01-02 15:04"); got != c.want {
			t.Errorf("ChangeDeadline(%s) = %s, want %s", c.starts.Format("01-02"), got, c.want)
		}
	}
	start := calendar.D(2026, 6, 10)
	if !CanChange(start, time.Date(2026, 6, 9, 16, 59, 0, 0, calendar.JST)) || CanChange(start, time.Date(2026, 6, 9, 17, 1, 0, 0, calendar.JST)) {
		t.Error("CanChange must close at 17:00 of the business day before")
	}
}

func TestAllocate(t *testing.T) {
	apps := []int64{11, 12, 13, 14, 15}
	for _, c := range []struct {
		name     string
		policy   Policy
		quota    int
		accepted []int64
	}{
		{"先着", FirstCome, 3, []int64{11, 12, 13}},
		{"先着・定員内", FirstCome, 9, apps},
		{"全員", AllIn, 1, apps},
		{"定員0", FirstCome, 0, []int64{}},
	} {
		acc, rej := Allocate(c.policy, apps, c.quota, 1)
		if !slices.Equal(acc, c.accepted) && !(len(acc) == 0 && len(c.accepted) == 0) {
			t.Errorf("%s: accepted %v, want %v", c.name, acc, c.accepted)
		}
		if len(acc)+len(rej) != len(apps) {
			t.Errorf("%s: %v + %v lose applicants", c.name, acc, rej)
		}
	}
	// The lottery is repeatable from its seed and differs between seeds.
	a1, _ := Allocate(Lottery, apps, 2, 42)
	a2, _ := Allocate(Lottery, apps, 2, 42)
	if !slices.Equal(a1, a2) || len(a1) != 2 {
		t.Fatalf("lottery not repeatable: %v %v", a1, a2)
	}
	differs := false
	for seed := uint64(1); seed < 20; seed++ {
		if b, _ := Allocate(Lottery, apps, 2, seed); !slices.Equal(b, a1) {
			differs = true
		}
	}
	if !differs {
		t.Error("the lottery gives the same draw for every seed")
	}
	if apps[0] != 11 {
		t.Error("Allocate must not reorder the caller's slice")
	}
}
