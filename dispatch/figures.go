package dispatch

import (
	"context"
	"sort"
	"strings"
	"time"

	"hagukumi/calendar"
	"hagukumi/db"
)

// Line is one row of a breakdown: requests, approved, delivered lectures
// and their attendees.
type Line struct {
	Label     string `json:"label"`
	Requests  int    `json:"requests"`
	Accepted  int    `json:"accepted"`
	Delivered int    `json:"delivered"`
	Attendees int    `json:"attendees"`
}

// Figures are a fiscal year's numbers. They read only what stays after
// the requester's personal data is purged (organisation, type, topic,
// dates, states), so a purge changes none of them.
type Figures struct {
	FY              int            `json:"fy"`
	Requests        int            `json:"requests"`
	Accepted        int            `json:"accepted"`
	Declined        int            `json:"declined"`
	Withdrawn       int            `json:"withdrawn"`
	Delivered       int            `json:"delivered"`
	Attendees       int            `json:"attendees"`
	Hours           float64        `json:"hours"`
	Satisfaction    float64        `json:"satisfaction_average"`
	Feedbacks       int            `json:"feedbacks"`
	DeclinedBy      map[string]int `json:"declined_by_reason"`
	ByTopic         []Line         `json:"by_topic"`
	ByDepartment    []Line         `json:"by_department"`
	ByRequesterType []Line         `json:"by_requester_type"`
	ByMonth         []Line         `json:"by_month"`
}

// fact is what one request adds to the figures.
type fact struct {
	State, Reason, Topic, Unit, Type string
	Accepted                         bool
	Attendees, Satisfaction          int
	Hours                            float64
	Created                          time.Time
}

// Figures counts a fiscal year's requests (the year they were sent).
func (s *Store) Figures(ctx context.Context, muni int64, fy int) (*Figures, error) {
	facts, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (fact, error) {
		var f fact
		err := r.Scan(&f.State, &f.Reason, &f.Topic, &f.Unit, &f.Type, &f.Accepted, &f.Attendees, &f.Satisfaction, &f.Hours, &f.Created)
		return f, err
	}, `SELECT state, decline_reason, topic_title, CASE WHEN unit_path <> '' THEN unit_path ELSE lecturer_unit END, requester_type,
		approved_at IS NOT NULL, attendees, satisfaction, hours, created_at FROM dispatch_requests WHERE municipality_id = $1 AND fy = $2 ORDER BY id`, muni, fy)
	if err != nil {
		return nil, err
	}
	return Count(fy, facts), nil
}

// Count sums facts into a year's figures.
func Count(fy int, facts []fact) *Figures {
	f := &Figures{FY: fy, DeclinedBy: map[string]int{}}
	for _, r := range Reasons {
		f.DeclinedBy[ReasonLabel(r)] = 0
	}
	topic, unit, kind, month := map[string]*Line{}, map[string]*Line{}, map[string]*Line{}, map[string]*Line{}
	add := func(m map[string]*Line, key string, x fact, delivered bool) {
		l := m[key]
		if l == nil {
			l = &Line{Label: key}
			m[key] = l
		}
		l.Requests++
		if x.Accepted {
			l.Accepted++
		}
		if delivered {
			l.Delivered++
			l.Attendees += x.Attendees
		}
	}
	sat := 0
	for _, x := range facts {
		f.Requests++
		delivered := x.State == Delivered || x.State == Reported
		if x.Accepted {
			f.Accepted++
		}
		switch x.State {
		case Declined:
			f.Declined++
			f.DeclinedBy[ReasonLabel(x.Reason)]++
		case Withdrawn:
			f.Withdrawn++
		}
		if delivered {
			f.Delivered++
			f.Attendees += x.Attendees
			f.Hours += x.Hours
		}
		if x.Satisfaction > 0 {
			f.Feedbacks++
			sat += x.Satisfaction
		}
		dept := x.Unit
		if i := strings.Index(dept, "/"); i >= 0 {
			dept = dept[:i]
		}
		if dept == "" {
			dept = "（未定）"
		}
		add(topic, x.Topic, x, delivered)
		add(unit, dept, x, delivered)
		add(kind, x.Type, x, delivered)
		add(month, x.Created.In(calendar.JST).Format("2006-01"), x, delivered)
	}
	if f.Feedbacks > 0 {
		f.Satisfaction = float64(sat*10/f.Feedbacks) / 10
	}
	f.ByTopic, f.ByDepartment, f.ByRequesterType, f.ByMonth = lines(topic, false), lines(unit, false), lines(kind, false), lines(month, true)
	return f
}

// lines orders a breakdown: by label for months, else most requests first.
func lines(m map[string]*Line, byLabel bool) []Line {
	out := make([]Line, 0, len(m))
	for _, l := range m {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if !byLabel && out[i].Requests != out[j].Requests {
			return out[i].Requests > out[j].Requests
		}
		return out[i].Label < out[j].Label
	})
	return out
}
