package training

import (
	"slices"
	"testing"
)

func TestDeciderFor(t *testing.T) {
	// 市民文化部 has a 部長 (user 1, staff 100) and its 市民課 a 課長 (user
	// 2, staff 200); 総務部 has a 所属長 account not linked to staff (user
	// 3); 建設部 has nobody.
	approvers := []Approver{
		{UserID: 1, StaffID: 100, Name: "部長", UnitPath: "市民文化部"},
		{UserID: 2, StaffID: 200, Name: "課長", UnitPath: "市民文化部/市民課"},
		{UserID: 3, Name: "総務部長", UnitPath: "総務部"},
		{UserID: 4, StaffID: 400, Name: "係長", UnitPath: "市民文化部/市民課/窓口係"},
		{UserID: 5, StaffID: 500, Name: "副課長", UnitPath: "市民文化部/市民課"},
	}
	for _, c := range []struct {
		name      string
		applicant int64
		unit      string
		approvers []Approver
		center    bool
		unitPath  string
		users     []int64
	}{
		{"a staff member goes to their unit's 所属長s", 900, "市民文化部/市民課", approvers, false, "市民文化部/市民課", []int64{2, 5}},
		{"a unit without a 所属長 goes up", 900, "市民文化部/文化課", approvers, false, "市民文化部", []int64{1}},
		{"a sub-unit without a 所属長 goes up one level", 900, "総務部/人事課/人事係", approvers, false, "総務部", []int64{3}},
		{"the 課長 does not decide their own application: the 部長 does", 200, "市民文化部/市民課", approvers, false, "市民文化部", []int64{1}},
		{"nor does a fellow 所属長 of their unit", 500, "市民文化部/市民課", approvers, false, "市民文化部", []int64{1}},
		{"the 係長 goes to the 課長s", 400, "市民文化部/市民課/窓口係", approvers, false, "市民文化部/市民課", []int64{2, 5}},
		{"the 部長 goes to the center", 100, "市民文化部", approvers, true, "", nil},
		{"a department without a 所属長 goes to the center", 900, "建設部/道路課", approvers, true, "", nil},
		{"no 所属長 accounts at all", 900, "市民文化部/市民課", nil, true, "", nil},
		{"staff without a unit go to the center", 900, "", approvers, true, "", nil},
		{"a unit name that is a prefix of another is not its parent", 900, "市民文化部長室", approvers, true, "", nil},
		{"an account not linked to staff is no applicant", 0, "総務部", approvers, false, "総務部", []int64{3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := DeciderFor(c.applicant, c.unit, c.approvers)
			var users []int64
			for _, a := range d.Approvers {
				users = append(users, a.UserID)
			}
			if d.Center != c.center || d.UnitPath != c.unitPath || !slices.Equal(users, c.users) {
				t.Fatalf("got %+v, want center=%v unit=%q users=%v", d, c.center, c.unitPath, c.users)
			}
			for _, u := range c.users {
				if !d.Includes(u) {
					t.Errorf("Includes(%d) = false", u)
				}
			}
		})
	}
	if got := DeciderFor(900, "市民文化部/文化課", approvers).Label("センター"); got != "市民文化部 の所属長（部長）" {
		t.Errorf("label: %q", got)
	}
	if got := DeciderFor(100, "市民文化部", approvers).Label("人財育成センター"); got != "人財育成センター" {
		t.Errorf("center label: %q", got)
	}
}

func TestOverQuota(t *testing.T) {
	for _, c := range []struct {
		takes       []string
		quota, used int
		want        []string
	}{
		{[]string{"A", "B"}, 2, 0, nil},
		{[]string{"A", "B", "C"}, 2, 0, []string{"C"}},
		{[]string{"A", "B"}, 2, 1, []string{"B"}},
		{[]string{"A"}, 2, 3, []string{"A"}},
		{nil, 0, 0, nil},
	} {
		if got := OverQuota(c.takes, c.quota, c.used); !slices.Equal(got, c.want) {
			t.Errorf("OverQuota(%v, %d, %d) = %v, want %v", c.takes, c.quota, c.used, got, c.want)
		}
	}
}
