package ojt

import (
	"fmt"
	"strings"
	"time"

	"hagukumi/calendar"
)

// Trainer rules (みよし市トレーナー制度実施要領 and similar): the trainer works
// in the trainee's unit, has served three years, has been in the unit a year,
// has not been a trainer before, and is close in age. The numbers are the
// usual ones; a city with other numbers is an open question [verify].
const (
	MinServiceYears = 3
	MinUnitYears    = 1
	MaxAgeGap       = 15
)

// Warning codes of a trainer choice (the Contract names the first four) and
// of a plan changed by a personnel import.
const (
	CodeSameUnit      = "same_unit"
	CodeServiceYears  = "service_years"
	CodeUnitYears     = "unit_years"
	CodeFormerTrainer = "former_trainer"
	CodeAgeGap        = "age_gap"
	CodeTrainerMoved  = "trainer_moved"
	CodeTraineeMoved  = "trainee_moved"
	CodeTrainerLeft   = "trainer_left"
)

// Warning is one reason a choice or a plan needs a look, with the Japanese
// message shown beside it.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// TrainerFacts is what the rules look at, taken from the registry and the
// staff history on the day the trainer is named.
type TrainerFacts struct {
	TraineeUnit   string    // unit path of the trainee
	TrainerUnit   string    // unit path of the trainer
	TrainerHire   time.Time // 採用日
	TrainerInUnit time.Time // start of the trainer's current assignment (zero: unknown)
	TraineeBirth  time.Time // zero when unknown
	TrainerBirth  time.Time
	FormerTrainer bool // was the trainer of another plan before
}

// TrainerWarnings checks a trainer choice on a day and lists what breaks the
// rules, in a fixed order. None of them forbids the choice: the center may
// accept it with a reason.
func TrainerWarnings(f TrainerFacts, on time.Time) []Warning {
	var out []Warning
	if f.TraineeUnit != f.TrainerUnit {
		out = append(out, Warning{CodeSameUnit, "トレーナーが新規採用職員と同じ所属ではありません。"})
	}
	if FullYears(f.TrainerHire, on) < MinServiceYears {
		out = append(out, Warning{CodeServiceYears, fmt.Sprintf("在職%d年未満です。", MinServiceYears)})
	}
	if f.TrainerInUnit.IsZero() || FullYears(f.TrainerInUnit, on) < MinUnitYears {
		out = append(out, Warning{CodeUnitYears, fmt.Sprintf("在課%d年未満です。", MinUnitYears)})
	}
	if f.FormerTrainer {
		out = append(out, Warning{CodeFormerTrainer, "過去にトレーナーを務めています。"})
	}
	if !f.TraineeBirth.IsZero() && !f.TrainerBirth.IsZero() {
		if gap := FullYears(f.TrainerBirth, f.TraineeBirth) + FullYears(f.TraineeBirth, f.TrainerBirth); gap > MaxAgeGap {
			out = append(out, Warning{CodeAgeGap, fmt.Sprintf("年齢差が%d歳を超えています。", MaxAgeGap)})
		}
	}
	return out
}

// FullYears counts the whole years from a to b (0 when b is before a): a
// hire on 2022-04-01 has served 3 years on 2025-04-01, not on 2025-03-31.
func FullYears(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	n := b.Year() - a.Year()
	if b.Month() < a.Month() || (b.Month() == a.Month() && b.Day() < a.Day()) {
		n--
	}
	return n
}

// Term is a plan's term in fiscal year fy: April 1 to March 31, or from a
// hire date inside the year to March 31 (中途採用). A hire after the year
// has no term (ok false).
func Term(hire time.Time, fy int) (start, end time.Time, ok bool) {
	start = time.Date(fy, time.April, 1, 0, 0, 0, 0, time.UTC)
	end = time.Date(fy+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	h := time.Date(hire.Year(), hire.Month(), hire.Day(), 0, 0, 0, 0, time.UTC)
	if h.After(end) {
		return start, end, false
	}
	if h.After(start) {
		start = h
	}
	return start, end, true
}

// Months lists the months of a term as YYYY-MM, the rows of the
// 期間別マスタープラン.
func Months(start, end time.Time) []string {
	var out []string
	for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(end); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// GoalsFor fits a template's goals to a term: a full year takes them all, a
// mid-year hire the first ones, so the year's arc is kept but shortened.
func GoalsFor(t Template, months []string) []string {
	out := make([]string, len(months))
	for i := range months {
		if i < len(t.Goals) {
			out[i] = t.Goals[i]
		}
	}
	return out
}

// Placement is where the trainee and the trainer were when the plan was made
// and the trainer named, and where the registry has them now.
type Placement struct {
	PlanUnit, TraineeUnit       int64
	TrainerUnitAtNaming         int64
	TrainerUnit                 int64
	HasTrainer, TrainerInactive bool
}

// Changes tells what a personnel import changed: a trainer moved to another
// unit or no longer in service asks for a replacement, who serves the rest
// of the term; a trainee moved asks the center to look at the plan.
func Changes(p Placement) []Warning {
	var out []Warning
	if p.HasTrainer && p.TrainerInactive {
		out = append(out, Warning{CodeTrainerLeft, "トレーナーが在職していません。後任を指名してください。"})
	} else if p.HasTrainer && p.TrainerUnit != p.TrainerUnitAtNaming {
		out = append(out, Warning{CodeTrainerMoved, "人事異動でトレーナーの所属が変わりました。後任を指名してください。"})
	}
	if p.TraineeUnit != p.PlanUnit {
		out = append(out, Warning{CodeTraineeMoved, "人事異動で新規採用職員の所属が変わりました。計画を確認してください。"})
	}
	return out
}

// StateOf is the plan's state as the API reports it.
func StateOf(stored string, hasTrainer bool, changes []Warning) string {
	if stored == StateCompleted {
		return StateCompleted
	}
	for _, c := range changes {
		if c.Code == CodeTrainerMoved || c.Code == CodeTrainerLeft {
			return StateNoTrainer
		}
	}
	if !hasTrainer {
		return StateNoTrainer
	}
	return StateInProgress
}

// Overdue counts the months before today's month whose goal is not done.
func Overdue(goals []Goal, today time.Time) int {
	cur := today.Format("2006-01")
	n := 0
	for _, g := range goals {
		if g.Month < cur && !g.Done {
			n++
		}
	}
	return n
}

// QuarterOf is the fiscal quarter (1–4) of a day: April–June is 1.
func QuarterOf(day time.Time) int {
	return (int(day.Month())+8)%12/3 + 1
}

// FYOf is the fiscal year of a day (kept here so rules read in one place).
func FYOf(day time.Time) int { return calendar.FiscalYear(day) }

// DepartmentProgress is one department's line of the OJT progress report.
type DepartmentProgress struct {
	Department     string  `json:"department"`
	Plans          int     `json:"plans"`
	WithoutTrainer int     `json:"without_trainer"`
	Behind         int     `json:"behind"`          // plans with an overdue goal
	ReviewsMissing int     `json:"reviews_missing"` // plans whose ended quarters are not all signed
	Completed      int     `json:"completed"`
	Progress       float64 `json:"progress"` // mean share of goals done
}

// ByDepartment sums plans by the first part of the trainee's unit path;
// quarter is the current fiscal quarter, so quarter − 1 reviews are due.
func ByDepartment(plans []*Plan, quarter int) []DepartmentProgress {
	var out []DepartmentProgress
	at := map[string]int{}
	for _, p := range plans {
		dept, _, _ := strings.Cut(p.Unit, "/")
		i, ok := at[dept]
		if !ok {
			i = len(out)
			at[dept] = i
			out = append(out, DepartmentProgress{Department: dept})
		}
		d := &out[i]
		d.Plans++
		d.Progress += p.Progress
		switch {
		case p.State == StateCompleted:
			d.Completed++
		case p.State == StateNoTrainer:
			d.WithoutTrainer++
		}
		if p.Overdue > 0 {
			d.Behind++
		}
		if p.State != StateCompleted && p.Reviews < quarter-1 {
			d.ReviewsMissing++
		}
	}
	for i := range out {
		out[i].Progress /= float64(out[i].Plans)
	}
	return out
}
