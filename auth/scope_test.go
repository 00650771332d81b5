package auth

import "testing"

func TestScopeCoversAndIncludes(t *testing.T) {
	unit := func(p string) Scope { return Scope{UnitPath: p} }
	for _, c := range []struct {
		sc     Scope
		path   string
		covers bool
	}{
		{Scope{}, "総務部/人事課", true},
		{Scope{}, "", true},
		{Scope{None: true}, "総務部", false},
		{Scope{StaffID: 7}, "総務部", false},
		{unit("総務部"), "総務部", true},
		{unit("総務部"), "総務部/人事課", true},
		{unit("総務部"), "総務部人事課", false},
		{unit("総務部/人事課"), "総務部", false},
		{unit("総_部"), "総務部", false},
		{unit("総_部"), "総_部/課", true},
		{unit("_"), "a", false},
		{unit("%"), "総務部", false},
		{unit("%"), "%", true},
		{unit("%"), "%/x", true},
		{unit(`\`), `\\`, false},
		{unit("100%"), "100", false},
		{unit("100%"), "100%", true},
		{unit("Soumu"), "soumu", false},
		{unit("総務部"), "", false},
	} {
		if got := c.sc.Covers(c.path); got != c.covers {
			t.Errorf("%+v.Covers(%q) = %v, want %v", c.sc, c.path, got, c.covers)
		}
	}
	for _, c := range []struct {
		sc    Scope
		id    int64
		path  string
		wants bool
	}{
		{Scope{}, 1, "", true},
		{Scope{None: true}, 1, "", false},
		{Scope{StaffID: 7}, 7, "どこでも", true},
		{Scope{StaffID: 7}, 8, "どこでも", false},
		{Scope{UnitPath: "%"}, 8, "%", true},
		{Scope{UnitPath: "%"}, 8, "総務部", false},
		{Scope{UnitPath: "総務部", StaffID: 7}, 7, "総務部/課", true},
		{Scope{UnitPath: "総務部", StaffID: 7}, 7, "市民部", false},
	} {
		if got := c.sc.Includes(c.id, c.path); got != c.wants {
			t.Errorf("%+v.Includes(%d, %q) = %v, want %v", c.sc, c.id, c.path, got, c.wants)
		}
	}
}

func TestScopeOf(t *testing.T) {
	for _, c := range []struct {
		u    User
		want Scope
	}{
		{User{Role: CenterAdmin}, Scope{}},
		{User{Role: SysAdmin, StaffID: 3}, Scope{}},
		{User{Role: Liaison, UnitPath: "総_部"}, Scope{UnitPath: "総_部"}},
		{User{Role: Supervisor}, Scope{None: true}},
		{User{Role: Staff, StaffID: 3}, Scope{StaffID: 3}},
		{User{Role: Instructor}, Scope{None: true}},
		{User{Role: CaseManager, StaffID: 3}, Scope{None: true}},
	} {
		if got := ScopeOf(&c.u); got != c.want {
			t.Errorf("ScopeOf(%+v) = %+v, want %+v", c.u, got, c.want)
		}
	}
}

func TestScopeSQLNumbersPlaceholders(t *testing.T) {
	cond, args := Scope{UnitPath: "a", StaffID: 9}.SQL("s.id", "o.path", 3)
	want := "(o.path = $3 OR substr(o.path, 1, length($3) + 1) = $3 || '/') AND s.id = $4"
	if cond != want || len(args) != 2 || args[0] != "a" || args[1] != int64(9) {
		t.Errorf("SQL = %q %v, want %q [a 9]", cond, args, want)
	}
	var list []any = []any{1}
	if w := (Scope{}).And("s.id", "o.path", &list); w != "" || len(list) != 1 {
		t.Errorf("whole-municipality And = %q %v", w, list)
	}
	if w := (Scope{None: true}).And("s.id", "o.path", &list); w != " AND 1 = 0" {
		t.Errorf("None And = %q", w)
	}
}
