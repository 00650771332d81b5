package recruit

import (
	"context"
	"math"
	"sort"
	"strconv"
	"time"

	"hagukumi/apperr"
	"hagukumi/db"
)

// Count is one line of a breakdown.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Tally is the counts of a set of registrations. Registered counts every
// registration that held a seat (registered or attended, walk-ins apart);
// a no-show is a seat still 「登録済」 once its session has begun.
type Tally struct {
	Registered int     `json:"registered"`
	Waitlisted int     `json:"waitlisted"`
	Cancelled  int     `json:"cancelled"`
	Attended   int     `json:"attended"`
	WalkIns    int     `json:"walk_ins"`
	NoShows    int     `json:"no_shows"`
	NoShowRate float64 `json:"no_show_rate"` // percent of the seats of begun sessions
	seatsBegun int
}

// Survey is the survey's results.
type Survey struct {
	Answers      int     `json:"answers"`
	Satisfaction float64 `json:"satisfaction"` // mean of 1〜5
	ByIntent     []Count `json:"by_intent"`
}

// Figures is one event's counts. They are made of non-identifying columns
// only, which the purge keeps, so they answer the same after it.
type Figures struct {
	EventID          int64          `json:"event_id"`
	Title            string         `json:"title"`
	FY               int            `json:"fy"`
	Purged           bool           `json:"purged"`
	Tally                           // registered, waitlisted, ...
	Sessions         []SessionTally `json:"sessions"`
	ByUniversity     []Count        `json:"by_university"`
	ByGraduationYear []Count        `json:"by_graduation_year"`
	ByInterest       []Count        `json:"by_interest"`
	Survey           Survey         `json:"survey"`
}

// SessionTally is one session's counts.
type SessionTally struct {
	SessionID int64     `json:"session_id"`
	StartsAt  time.Time `json:"starts_at"`
	Capacity  int       `json:"capacity"`
	Tally
}

// YearFigures is a fiscal year's recruitment counts.
type YearFigures struct {
	FY               int             `json:"fy"`
	Events           []Figures       `json:"events"`
	Tally                            // over the year's events
	ByUniversity     []Count         `json:"by_university"`
	ByGraduationYear []Count         `json:"by_graduation_year"`
	ByInterest       []Count         `json:"by_interest"`
	Survey           Survey          `json:"survey"`
	Universities     []UniversityFYs `json:"universities"`
}

// UniversityFYs is one university's year: PR visits, students reached,
// registrants and attendees of the year's briefings, alumni on the staff.
type UniversityFYs struct {
	Name        string `json:"name"`
	Visits      int    `json:"visits"`
	Students    int    `json:"students"`
	Registrants int    `json:"registrants"`
	Attended    int    `json:"attended"`
	Alumni      int    `json:"alumni"`
}

type regRow struct {
	event, session int64
	state          string
	walkIn         bool
	univ           string
	grad           int
	interest       string
	begun          bool
}

type adder struct {
	t                    *Tally
	univ, grad, interest map[string]int
	seatsBegun           int
}

func newAdder(t *Tally) *adder {
	return &adder{t: t, univ: map[string]int{}, grad: map[string]int{}, interest: map[string]int{}}
}

func (a *adder) add(r regRow) {
	switch r.state {
	case Registered:
		a.t.Registered++
		if r.begun {
			a.t.NoShows++
			a.seatsBegun++
		}
	case Attended:
		if r.walkIn {
			a.t.WalkIns++
		} else {
			a.t.Registered++
			if r.begun {
				a.seatsBegun++
			}
		}
		a.t.Attended++
	case Waitlisted:
		a.t.Waitlisted++
	case Cancelled:
		a.t.Cancelled++
	}
	if r.state == Cancelled {
		return
	}
	u := r.univ
	if u == "" {
		u = "（未記入）"
	}
	a.univ[u]++
	g := "（未記入）"
	if r.grad != 0 {
		g = strconv.Itoa(r.grad)
	}
	a.grad[g]++
	i := r.interest
	if i == "" {
		i = "（未選択）"
	}
	a.interest[i]++
}

func (a *adder) close() {
	a.t.seatsBegun = a.seatsBegun
	if a.seatsBegun > 0 {
		a.t.NoShowRate = math.Round(float64(a.t.NoShows)*1000/float64(a.seatsBegun)) / 10
	}
}

func counts(m map[string]int, byKey bool) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if !byKey && out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// figures counts the events given by a WHERE on e.
func (s *Store) figures(ctx context.Context, where string, args ...any) ([]Figures, error) {
	list, err := s.events(ctx, s.DB.R, where, args...)
	if err != nil {
		return nil, err
	}
	now := s.now()
	rows, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (regRow, error) {
		var v regRow
		var start time.Time
		err := r.Scan(&v.event, &v.session, &v.state, &v.walkIn, &v.univ, &v.grad, &v.interest, &start)
		v.begun = !start.After(now)
		return v, err
	}, `SELECT g.event_id, g.session_id, g.state, g.walk_in, g.university, g.graduation_year, g.interest, x.starts_at
		FROM recruit_registrations g JOIN recruit_sessions x ON x.id = g.session_id JOIN recruit_events e ON e.id = g.event_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	answers, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (struct {
		event int64
		sat   int
		in    string
	}, error) {
		var v struct {
			event int64
			sat   int
			in    string
		}
		err := r.Scan(&v.event, &v.sat, &v.in)
		return v, err
	}, `SELECT a.event_id, a.satisfaction, a.intent FROM recruit_answers a JOIN recruit_events e ON e.id = a.event_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	out := make([]Figures, len(list))
	at := map[int64]int{}
	adders := make([]*adder, len(list))
	sessAdders := map[int64]*adder{}
	sessTally := map[int64]*SessionTally{}
	for i, e := range list {
		out[i] = Figures{EventID: e.ID, Title: e.Title, FY: e.FY, Purged: e.PurgedAt != nil, Sessions: make([]SessionTally, len(e.Sessions))}
		at[e.ID] = i
		adders[i] = newAdder(&out[i].Tally)
		for j, x := range e.Sessions {
			out[i].Sessions[j] = SessionTally{SessionID: x.ID, StartsAt: x.StartsAt, Capacity: x.Capacity}
			sessTally[x.ID] = &out[i].Sessions[j]
		}
	}
	for id, t := range sessTally {
		sessAdders[id] = newAdder(&t.Tally)
	}
	for _, r := range rows {
		adders[at[r.event]].add(r)
		if a := sessAdders[r.session]; a != nil {
			a.add(r)
		}
	}
	for _, a := range sessAdders {
		a.close()
	}
	sums := make([]struct {
		n, sum int
		by     map[string]int
	}, len(list))
	for _, v := range answers {
		i := at[v.event]
		if sums[i].by == nil {
			sums[i].by = map[string]int{}
		}
		sums[i].n++
		sums[i].sum += v.sat
		sums[i].by[v.in]++
	}
	for i := range out {
		adders[i].close()
		out[i].ByUniversity = counts(adders[i].univ, false)
		out[i].ByGraduationYear = counts(adders[i].grad, true)
		out[i].ByInterest = counts(adders[i].interest, false)
		out[i].Survey = survey(sums[i].n, sums[i].sum, sums[i].by)
	}
	return out, nil
}

func survey(n, sum int, by map[string]int) Survey {
	s := Survey{Answers: n, ByIntent: []Count{}}
	if n > 0 {
		s.Satisfaction = math.Round(float64(sum)*100/float64(n)) / 100
	}
	for _, in := range Intents {
		s.ByIntent = append(s.ByIntent, Count{in, by[in]})
	}
	return s
}

// EventFigures counts one event.
func (s *Store) EventFigures(ctx context.Context, muni, eventID int64) (Figures, error) {
	list, err := s.figures(ctx, `e.municipality_id = $1 AND e.id = $2`, muni, eventID)
	if err != nil {
		return Figures{}, err
	}
	if len(list) == 0 {
		return Figures{}, apperr.NotFoundf("説明会が見つかりません。")
	}
	return list[0], nil
}

// FYFigures counts a fiscal year's events and university work.
func (s *Store) FYFigures(ctx context.Context, muni int64, fy int) (YearFigures, error) {
	y := YearFigures{FY: fy, Events: []Figures{}}
	list, err := s.figures(ctx, `e.municipality_id = $1 AND e.fy = $2`, muni, fy)
	if err != nil {
		return y, err
	}
	y.Events = list
	univ, grad, interest := map[string]int{}, map[string]int{}, map[string]int{}
	n, sum, by := 0, 0, map[string]int{}
	seats := 0
	for _, f := range list {
		y.Registered += f.Registered
		y.Waitlisted += f.Waitlisted
		y.Cancelled += f.Cancelled
		y.Attended += f.Attended
		y.WalkIns += f.WalkIns
		y.NoShows += f.NoShows
		seats += f.seatsBegun
		for _, c := range f.ByUniversity {
			univ[c.Key] += c.Count
		}
		for _, c := range f.ByGraduationYear {
			grad[c.Key] += c.Count
		}
		for _, c := range f.ByInterest {
			interest[c.Key] += c.Count
		}
		n += f.Survey.Answers
		sum += int(math.Round(f.Survey.Satisfaction * float64(f.Survey.Answers)))
		for _, c := range f.Survey.ByIntent {
			by[c.Key] += c.Count
		}
	}
	if seats > 0 {
		y.NoShowRate = math.Round(float64(y.NoShows)*1000/float64(seats)) / 10
	}
	y.ByUniversity, y.ByGraduationYear, y.ByInterest = counts(univ, false), counts(grad, true), counts(interest, false)
	y.Survey = survey(n, sum, by)
	y.Universities, err = s.universityYear(ctx, muni, fy, univ)
	return y, err
}

// universityYear is each university's visits of the year, with the year's
// registrants and attendees from the briefings and its alumni on the staff.
func (s *Store) universityYear(ctx context.Context, muni int64, fy int, regs map[string]int) ([]UniversityFYs, error) {
	rows, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (UniversityFYs, error) {
		var u UniversityFYs
		err := r.Scan(&u.Name, &u.Visits, &u.Students, &u.Attended, &u.Alumni)
		return u, err
	}, `SELECT u.name,
		(SELECT COUNT(*) FROM recruit_visits v WHERE v.university_id = u.id AND v.fy = $2),
		(SELECT COALESCE(SUM(v.students), 0) FROM recruit_visits v WHERE v.university_id = u.id AND v.fy = $2),
		(SELECT COUNT(*) FROM recruit_registrations g JOIN recruit_events e ON e.id = g.event_id WHERE e.municipality_id = $1 AND e.fy = $2 AND g.university = u.name AND g.state = 'attended'),
		(SELECT COUNT(*) FROM staff st WHERE st.municipality_id = $1 AND st.university = u.name AND st.status = '在職')
		FROM recruit_universities u WHERE u.municipality_id = $1 ORDER BY u.kana, u.name`, muni, fy)
	for i := range rows {
		rows[i].Registrants = regs[rows[i].Name]
	}
	return rows, err
}
