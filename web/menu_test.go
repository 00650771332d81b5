package web

import (
	"reflect"
	"strconv"
	"testing"
)

// TestMenuGroups: the menu is divided into its labelled parts by the
// order of the entries, empty parts left out, the entries kept in order.
func TestMenuGroups(t *testing.T) {
	items := func(orders ...int) []MenuItem {
		var out []MenuItem
		for _, o := range orders {
			out = append(out, MenuItem{Order: o})
		}
		return out
	}
	labels := func(gs []MenuGroup) (out []string) {
		for _, g := range gs {
			out = append(out, g.Label)
			for _, it := range g.Items {
				out = append(out, " "+strconv.Itoa(it.Order))
			}
		}
		return out
	}
	cases := []struct {
		orders []int
		want   []string
	}{
		{nil, nil},
		{[]int{10, 20}, []string{"研修", " 10", " 20"}},
		{[]int{10, 79, 80, 129, 130, 170}, []string{"研修", " 10", " 79", "職員・組織", " 80", " 129", "センターの事業", " 130", " 170"}},
		{[]int{10, 140}, []string{"研修", " 10", "センターの事業", " 140"}},
	}
	for _, c := range cases {
		if got := labels(MenuGroups(items(c.orders...))); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: %q, want %q", c.orders, got, c.want)
		}
	}
}
