package secondment

import (
	"time"

	"hagukumi/calendar"
)

// LegalFrame is what the law behind a kind of placement settles: the basis
// and who pays the salary while the person is away (DOMAIN.md §3).
type LegalFrame struct {
	Basis     string
	SalaryBy  string
	Agreement string // the document the frame needs
}

// Frame is the usual legal frame of a kind of placement.
func Frame(kind string) (LegalFrame, bool) {
	switch kind {
	case OtherCity, Prefect:
		// The host pays salary and travel; the sender keeps the retirement
		// allowance unless the 協定書 says otherwise.
		return LegalFrame{"地方自治法252条の17", "派遣先", "協定書"}, true
	case PublicOrg:
		return LegalFrame{"公益的法人等派遣法", "派遣先", "条例・取決め"}, true
	case National, Company, Graduate, Research:
		// Training ordered under 地公法39条: the city keeps paying, and an
		// injury is 公務災害.
		return LegalFrame{"地方公務員法39条（派遣研修）", "本市", "職務命令"}, true
	}
	return LegalFrame{}, false
}

// Rule is a programme's eligibility rule, like 丹波市's 大学院派遣: years
// of service, an age limit, and a commitment to stay after return.
type Rule struct {
	MinYears       int  // years of service on the day the call closes; 0: none
	MaxAge         int  // under this age on that day; 0: none
	NeedCommitment bool // the person commits to stay after return
}

// Person is what the eligibility check reads from the registry.
type Person struct {
	HireDate, BirthDate time.Time
	Committed           bool
}

// Reasons lists why a person does not meet the rule on asOf, in Japanese;
// none means eligible.
func (r Rule) Reasons(p Person, asOf time.Time) []string {
	var out []string
	if r.MinYears > 0 && yearsBetween(p.HireDate, asOf) < r.MinYears {
		out = append(out, "勤続年数が足りません")
	}
	if r.MaxAge > 0 && (p.BirthDate.IsZero() || yearsBetween(p.BirthDate, asOf) >= r.MaxAge) {
		out = append(out, "年齢の上限を超えています")
	}
	if r.NeedCommitment && !p.Committed {
		out = append(out, "派遣後も勤務を続ける誓約がありません")
	}
	return out
}

// yearsBetween counts completed years from a to b.
func yearsBetween(a, b time.Time) int {
	y := b.Year() - a.Year()
	if b.Month() < a.Month() || (b.Month() == a.Month() && b.Day() < a.Day()) {
		y--
	}
	return y
}

// Schedule is the reports a placement owes, by kind:
//   - 大学院: a 受講状況報告書 for each month by the 10th of the next
//     month (芦屋市), and the 成績証明書 within a month of the end;
//   - 研究会: the 研究論文 at the end of the period;
//   - any other: the 最終報告 within 20 days of return (取手市).
func Schedule(kind string, from, to time.Time) []Report {
	var out []Report
	switch kind {
	case Graduate:
		for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
			out = append(out, Report{Kind: "月次報告", Due: m.AddDate(0, 1, 9)})
		}
		out = append(out, Report{Kind: "成績証明書", Due: to.AddDate(0, 1, 0)})
	case Research:
		out = append(out, Report{Kind: "研究論文", Due: to})
	default:
		out = append(out, Report{Kind: "最終報告", Due: to.AddDate(0, 0, 20)})
	}
	return out
}

// Overdue counts the reports past their deadline and not yet submitted on
// today (a civil date).
func Overdue(reports []Report, today time.Time) int {
	n := 0
	for _, r := range reports {
		if r.Submitted == "" && r.Due.Before(calendar.D(today.Year(), today.Month(), today.Day())) {
			n++
		}
	}
	return n
}

// Board is the one page of placements: those running on today, those with
// a report overdue, and those returning within the fiscal year.
type Board struct {
	Running, Overdue, Returning []Placement
}

// BoardOf sorts placements (already read with their overdue counts) onto
// the board of today's fiscal year.
func BoardOf(ps []Placement, today time.Time) Board {
	b := Board{Running: []Placement{}, Overdue: []Placement{}, Returning: []Placement{}}
	d := calendar.D(today.Year(), today.Month(), today.Day())
	fy := calendar.FiscalYear(d)
	for _, p := range ps {
		if !p.From.After(d) && !p.To.Before(d) {
			b.Running = append(b.Running, p)
		}
		if p.ReportsOverdue > 0 {
			b.Overdue = append(b.Overdue, p)
		}
		if calendar.FiscalYear(p.To) == fy {
			b.Returning = append(b.Returning, p)
		}
	}
	return b
}
