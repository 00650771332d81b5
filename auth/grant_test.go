package auth_test

import (
	"slices"
	"testing"

	"hagukumi/auth"
)

func TestCanGrant(t *testing.T) {
	all := auth.Roles
	want := map[auth.Role][]auth.Role{
		auth.CenterAdmin: all,
		auth.SysAdmin:    {auth.Liaison, auth.Supervisor, auth.Staff, auth.Instructor, auth.SysAdmin},
	}
	for _, actor := range append(slices.Clone(all), auth.Role("nobody")) {
		for _, target := range append(slices.Clone(all), auth.Role("root")) {
			got := auth.CanGrant(actor, target)
			if exp := slices.Contains(want[actor], target); got != exp {
				t.Errorf("CanGrant(%s, %s) = %v, want %v", actor, target, got, exp)
			}
		}
		if got := auth.Grantable(actor); !slices.Equal(got, want[actor]) {
			t.Errorf("Grantable(%s) = %v, want %v", actor, got, want[actor])
		}
	}
}
