// Package staff holds the organisation (部/課/係 by fiscal year), the rank
// ladder, the staff registry with its effective-dated history, 昇格候補 lists,
// and the import and export of staff files (PRODUCT F1–F3).
package staff

import (
	"strings"
	"time"

	"hagukumi/calendar"
)

// Employment types (雇用区分).
const (
	Regular    = "正規"
	Reappoint  = "再任用"
	FixedTerm  = "任期付"
	FiscalYear = "会計年度任用"
)

// EmploymentTypes lists them in display order.
var EmploymentTypes = []string{Regular, Reappoint, FixedTerm, FiscalYear}

// Statuses (在職状況).
const (
	Active  = "在職"
	OnLeave = "休職"
	Retired = "退職"
)

var Statuses = []string{Active, OnLeave, Retired}

// DefaultRanks is the ladder a new municipality starts with; an admin edits
// it, since names and order differ between cities (DOMAIN §1).
var DefaultRanks = []string{"主事・技師", "主任主事・主任技師", "主査", "主任主査", "係長", "課長補佐", "課長", "次長", "部長"}

// Rank is one stage of the ladder (職制上の段階). Its Name may hold several
// titles (職名) separated by "・".
type Rank struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Ordinal int    `json:"ordinal"`
}

// Matches tells whether a title such as 主任技師 belongs to this stage.
func (r Rank) Matches(title string) bool {
	if title == r.Name {
		return true
	}
	for _, t := range strings.Split(r.Name, "・") {
		if t == title {
			return true
		}
	}
	return false
}

// FindRank finds the stage a title belongs to.
func FindRank(ranks []Rank, title string) (Rank, bool) {
	for _, r := range ranks {
		if r.Matches(title) {
			return r, true
		}
	}
	return Rank{}, false
}

// Unit is an organisation unit valid from FromFY to ToFY (0: still valid).
type Unit struct {
	ID          int64  `json:"id"`
	ParentID    int64  `json:"parent_id,omitempty"`
	Name        string `json:"name"`
	Level       int    `json:"level"` // 1 部, 2 課, 3 係
	Path        string `json:"path"`  // 総務部/人事課/人事係
	FromFY      int    `json:"from_fy"`
	ToFY        int    `json:"to_fy,omitempty"`
	SuccessorID int64  `json:"successor_id,omitempty"`
	Staff       int    `json:"staff_count"`
}

// LevelName is 部, 課 or 係.
func (u Unit) LevelName() string {
	switch u.Level {
	case 1:
		return "部"
	case 2:
		return "課"
	}
	return "係"
}

// ValidIn tells whether the unit exists in fiscal year fy.
func (u Unit) ValidIn(fy int) bool { return u.FromFY <= fy && (u.ToFY == 0 || fy <= u.ToFY) }

// Display is the path with spaces, as Japanese lists write it.
func (u Unit) Display() string { return strings.ReplaceAll(u.Path, "/", " ") }

// Member is one staff member as the registry holds them. Dates are ISO
// strings (YYYY-MM-DD), empty when unknown.
type Member struct {
	ID             int64  `json:"-"`
	Number         string `json:"number"`
	FamilyName     string `json:"family_name"`
	GivenName      string `json:"given_name"`
	FamilyKana     string `json:"family_kana"`
	GivenKana      string `json:"given_kana"`
	Gender         string `json:"gender"`
	BirthDate      string `json:"birth_date"`
	HireDate       string `json:"hire_date"`
	EmploymentType string `json:"employment_type"`
	JobType        string `json:"job_type"`
	Title          string `json:"title"`
	RankID         int64  `json:"-"`
	Rank           string `json:"rank"`
	RankOrdinal    int    `json:"-"`
	RankSince      string `json:"rank_since"`
	UnitID         int64  `json:"-"`
	Unit           string `json:"unit"`
	University     string `json:"university"`
	Email          string `json:"email"`
	Status         string `json:"status"`
}

// Name is the full name with a space, as Japanese forms print it.
func (m *Member) Name() string { return joinName(m.FamilyName, m.GivenName) }

// Kana is the full フリガナ.
func (m *Member) Kana() string { return joinName(m.FamilyKana, m.GivenKana) }

// UnitDisplay is the unit path with spaces.
func (m *Member) UnitDisplay() string { return strings.ReplaceAll(m.Unit, "/", " ") }

func joinName(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}

// Hire returns the hire date.
func (m *Member) Hire() time.Time { t, _ := time.Parse(time.DateOnly, m.HireDate); return t }

// HireFY is the fiscal year of hire: a hire on 2024-04-01 and one on
// 2025-03-31 are both FY2024 hires.
func HireFY(hire time.Time) int { return calendar.FiscalYear(hire) }

// ServiceYear is 採用n年目 in fiscal year fy: fy − (fiscal year of hire) + 1.
// It is below 1 before the person was hired.
func ServiceYear(hire time.Time, fy int) int { return fy - HireFY(hire) + 1 }

// RankPeriod is one stretch of the rank history.
type RankPeriod struct {
	Rank  string `json:"rank"`
	Title string `json:"title"`
	From  string `json:"from"`
	To    string `json:"to,omitempty"` // exclusive; empty while current
}

// UnitPeriod is one stretch of the department history.
type UnitPeriod struct {
	Unit string `json:"unit"`
	From string `json:"from"`
	To   string `json:"to,omitempty"`
}

// RankOn returns the rank period in force on a date.
func RankOn(hist []RankPeriod, day time.Time) (RankPeriod, bool) {
	d := day.Format(time.DateOnly)
	for i := len(hist) - 1; i >= 0; i-- {
		p := hist[i]
		if p.From <= d && (p.To == "" || d < p.To) {
			return p, true
		}
	}
	return RankPeriod{}, false
}

// RankFY is the fiscal year a rank period took effect.
func (p RankPeriod) RankFY() int {
	t, err := time.Parse(time.DateOnly, p.From)
	if err != nil {
		return 0
	}
	return calendar.FiscalYear(t)
}

// YearsInRank counts fiscal years in the rank as of fiscal year fy: 1 in the
// year it took effect (so 主任主査2年目 means YearsInRank == 2).
func YearsInRank(since time.Time, fy int) int { return fy - calendar.FiscalYear(since) + 1 }

// Candidate is one entry of a 昇格候補 list.
type Candidate struct {
	FY     int    `json:"fy"`
	Rank   string `json:"rank"`
	Number string `json:"number"`
}
