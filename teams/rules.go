package teams

import (
	"bytes"
	"sort"

	"hagukumi/auth"
)

// The four states of an item's answer, as the API spells them.
const (
	Reflected   = "reflected"   // 反映済
	Partly      = "partly"      // 一部反映
	Considering = "considering" // 検討中
	Declined    = "declined"    // 見送り
)

// Statuses lists the states in the order pages show them.
var Statuses = []string{Reflected, Partly, Considering, Declined}

// StatusLabel is the Japanese word of a state, "" for an unknown one.
func StatusLabel(s string) string {
	switch s {
	case Reflected:
		return "反映済"
	case Partly:
		return "一部反映"
	case Considering:
		return "検討中"
	case Declined:
		return "見送り"
	}
	return ""
}

// Closed tells whether an item with this latest state needs no more
// answers: it was carried out, or it was declined with a reason. An item
// partly reflected or under consideration stays open across fiscal years.
func Closed(status string) bool { return status == Reflected || status == Declined }

// LatestAsOf is the last answer given in or before fiscal year fy, nil when
// there is none: a report of an earlier year must not show what was
// decided later.
func LatestAsOf(rs []Response, fy int) *Response {
	var best *Response
	for i := range rs {
		if rs[i].FY <= fy && (best == nil || rs[i].FY > best.FY) {
			best = &rs[i]
		}
	}
	return best
}

// Tally is the follow-up of a set of items as of a fiscal year.
type Tally struct {
	Items      int            `json:"items"`
	Unanswered int            `json:"unanswered"`
	ByStatus   map[string]int `json:"by_status"`
	// ReflectionRate is 反映率: items 反映済 or 一部反映 over items
	// answered, 0 when none is answered yet.
	ReflectionRate float64 `json:"reflection_rate"`
	Open           int     `json:"open"`
}

// Follow counts items by their latest state as of fiscal year fy. An item
// never answered (by fy) counts as unanswered and stays out of the rate's
// denominator, so a new proposal does not pull the rate down before its
// departments could answer; a declined item is answered and counts against
// it.
func Follow(items []Item, fy int) Tally {
	t := Tally{ByStatus: map[string]int{}}
	for _, s := range Statuses {
		t.ByStatus[s] = 0
	}
	answered, reflected := 0, 0
	for _, it := range items {
		t.Items++
		r := LatestAsOf(it.Responses, fy)
		if r == nil {
			t.Unanswered++
			t.Open++
			continue
		}
		answered++
		t.ByStatus[r.Status]++
		if r.Status == Reflected || r.Status == Partly {
			reflected++
		}
		if !Closed(r.Status) {
			t.Open++
		}
	}
	if answered > 0 {
		t.ReflectionRate = float64(reflected) / float64(answered)
	}
	return t
}

// Overdue tells whether an item still lacks this fiscal year's answer: it
// is open, was presented before this year, and nobody answered for fy.
func Overdue(it Item, fy int) bool {
	if it.CohortFY >= fy {
		return false
	}
	r := LatestAsOf(it.Responses, fy)
	if r != nil && (Closed(r.Status) || r.FY == fy) {
		return false
	}
	return true
}

// CanAnswer tells whether a user may record an item's answer: the center
// for any item, a department liaison for an item their department owns.
func CanAnswer(u *auth.User, departments []string) bool {
	switch u.Role {
	case auth.CenterAdmin, auth.CenterStaff:
		return true
	case auth.Liaison:
		sc := auth.ScopeOf(u)
		for _, d := range departments {
			if sc.Covers(d) {
				return true
			}
		}
	}
	return false
}

// CanSeeDrafts tells whether a user sees a cohort's meetings and a
// proposal before it is presented: the center and the cohort's members.
func CanSeeDrafts(u *auth.User, members []Member) bool {
	if u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff {
		return true
	}
	for _, m := range members {
		if u.StaffID != 0 && m.StaffID == u.StaffID {
			return true
		}
	}
	return false
}

// Count is one value of a balance and how many members have it.
type Count struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

// Balance is a cohort's members counted by department, rank and gender,
// shown while choosing so that the center sees a lopsided team.
type Balance struct {
	Departments []Count `json:"departments"`
	Ranks       []Count `json:"ranks"`
	Genders     []Count `json:"genders"`
}

// BalanceOf counts members with the team role メンバー or リーダー (the
// center's support staff and advisers are not part of the balance), by
// the first level of their department path.
func BalanceOf(members []Member) Balance {
	dep, rank, gen := map[string]int{}, map[string]int{}, map[string]int{}
	for _, m := range members {
		if m.Role != "リーダー" && m.Role != "メンバー" {
			continue
		}
		dep[topUnit(m.Unit)]++
		rank[orDash(m.Rank)]++
		gen[orDash(m.Gender)]++
	}
	return Balance{Departments: counts(dep), Ranks: counts(rank), Genders: counts(gen)}
}

func topUnit(path string) string {
	for i, r := range path {
		if r == '/' {
			return path[:i]
		}
	}
	return orDash(path)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// Roles are the roles a person can have in a cohort.
var Roles = []string{"リーダー", "メンバー", "事務局", "支援", "助言者"}

// MaxFile is the largest file a meeting or proposal may keep.
const MaxFile = 10 << 20

// FileType names the content type of an accepted file by its first bytes
// (PDF, Word, Excel, PNG, JPEG), "" when it is none of them. The name a
// browser sends is not trusted.
func FileType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		// docx and xlsx are zip files; their parts name which one it is.
		switch {
		case bytes.Contains(data, []byte("word/")):
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case bytes.Contains(data, []byte("xl/")):
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
	}
	return ""
}
