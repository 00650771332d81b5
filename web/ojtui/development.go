package ojtui

import (
	"fmt"
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/competency"
	"hagukumi/ojt"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// development is one person's development view (キャリアデザイン).
type development struct {
	Number      string `json:"number"`
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	YearsInRank int    `json:"years_in_rank"`
	FY          int    `json:"fy"`
	// TrainingOnly: a liaison sees the training part only, not OJT.
	TrainingOnly bool          `json:"-"`
	NoFramework  bool          `json:"no_framework"`
	Vision       string        `json:"vision"`
	Trainer      []ojt.Trained `json:"trainer,omitempty"`
	OJT          []*ojt.Plan   `json:"ojt,omitempty"`
	competency.View
	Member *staff.Member `json:"-"`
	// Career is the year's 自己申告, only for those who may read it (the
	// person, their 所属長, the center).
	Career      *competency.CareerNote `json:"career,omitempty"`
	CareerShown bool                   `json:"-"`
	CanWrite    bool                   `json:"-"` // the person: write or correct the note
	CanComment  bool                   `json:"-"` // the 所属長: comment on it
	Form        *competency.CareerNote `json:"-"` // what the form shows (typed text after an error)
	Errors      apperr.FieldErrors     `json:"-"`
}

// developmentOf loads the development view of the 職員番号 in the URL,
// within the viewer's scope (404 outside it).
func (s *ui) developmentOf(r *http.Request, number string) (*development, error) {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), number)
	if err != nil {
		return nil, err
	}
	return s.developmentFor(r, m)
}

// developmentFor builds the development view of a member the viewer may
// see (loaded through their scope, or the viewer's own record).
func (s *ui) developmentFor(r *http.Request, m *staff.Member) (*development, error) {
	u := web.UserOf(r)
	ctx, muni := r.Context(), u.Municipality
	now := s.Now()
	fy := calendar.CurrentFY(now)
	d := &development{Number: m.Number, Name: m.Name(), Unit: m.UnitDisplay(), FY: fy, Member: m,
		TrainingOnly: u.Role == auth.Liaison && u.StaffID != m.ID}
	if since, err := time.Parse(time.DateOnly, m.RankSince); err == nil {
		d.YearsInRank = staff.YearsInRank(since, fy)
	}
	f, err := s.Comp.InForce(ctx, muni)
	if apperr.CodeOf(err) == apperr.NotFound {
		d.NoFramework, f, err = true, nil, nil
	}
	if err != nil {
		return nil, err
	}
	if f != nil {
		d.Vision = f.Vision
	}
	ladder, err := s.ladder(r)
	if err != nil {
		return nil, err
	}
	in := competency.Input{Framework: f, Rank: m.Rank, NextRank: competency.NextRank(ladder, m.Rank), JobFamily: m.JobType,
		Names: map[string]string{}, OJT: map[string][]competency.Activity{}}
	if in.Mapping, err = s.Comp.Mapping(ctx, muni); err != nil {
		return nil, err
	}
	if err := s.trainingPart(r, m, fy, &in); err != nil {
		return nil, err
	}
	if !d.TrainingOnly {
		if d.Trainer, err = s.ojtPart(r, m, &in); err != nil {
			return nil, err
		}
		if d.OJT, err = s.OJT.PlansOf(ctx, muni, m.ID); err != nil {
			return nil, err
		}
	}
	d.View = competency.Build(in)
	if competency.MayReadCareer(u, m.ID, m.Unit) {
		d.CareerShown = true
		if d.Career, err = s.Comp.CareerNoteOf(ctx, muni, m.ID, fy); err != nil {
			return nil, err
		}
		d.CanWrite = u.StaffID == m.ID
		d.CanComment = competency.MayCommentCareer(u, m.ID, m.Unit) && d.Career != nil
		d.Form = d.Career
		if d.Form == nil {
			d.Form = &competency.CareerNote{FY: fy}
		}
	}
	return d, nil
}

// trainingPart adds the completed programmes and, from the eligibility
// rules (training.Rule.Eligible), the mandatory programmes due this year
// and next that the person has not completed.
func (s *ui) trainingPart(r *http.Request, m *staff.Member, fy int, in *competency.Input) error {
	ctx, muni := r.Context(), web.UserOf(r).Municipality
	programs, err := s.Train.Programs(ctx, muni)
	if err != nil {
		return err
	}
	for _, p := range programs {
		in.Names[p.Code] = p.Name
	}
	h, err := s.Train.TrainingHistory(ctx, muni, m.ID)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, it := range h.Items {
		if it.Completed && it.ProgramCode != "" && !seen[it.ProgramCode] {
			seen[it.ProgramCode] = true
			in.Completed = append(in.Completed, competency.Activity{Kind: "program", Code: it.ProgramCode, Name: in.Names[it.ProgramCode], FY: it.FY})
		}
	}
	people, err := s.Train.People(ctx, muni)
	if err != nil {
		return err
	}
	var person *training.Person
	for _, p := range people {
		if p.ID == m.ID {
			person = p
		}
	}
	if person == nil {
		return nil
	}
	for _, y := range []int{fy, fy + 1} {
		for _, p := range programs {
			if !p.Active || !p.Mandatory || p.Rule.Manual {
				continue
			}
			if _, done := person.Completed[p.Code]; done || seen[p.Code] {
				continue
			}
			if p.Rule.Eligible(person, y) {
				in.Due = append(in.Due, competency.Due{Code: p.Code, Name: p.Name, FY: y})
			}
		}
	}
	return nil
}

// ojtPart adds the mastered OJT check items and the person's service as a
// trainer, which counts toward the competencies the OJT programme develops.
func (s *ui) ojtPart(r *http.Request, m *staff.Member, in *competency.Input) ([]ojt.Trained, error) {
	ctx, muni := r.Context(), web.UserOf(r).Municipality
	items, err := s.OJT.MasteredItems(ctx, muni, m.ID)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		in.OJT[it.Competency] = append(in.OJT[it.Competency], competency.Activity{Kind: "ojt",
			Name: fmt.Sprintf("OJT「%s」%s", it.Name, ojt.Levels[it.Level]), FY: it.FY})
	}
	trained, err := s.OJT.TrainerRecord(ctx, muni, m.ID)
	if err != nil {
		return nil, err
	}
	if len(trained) > 0 {
		for code, programs := range in.Mapping {
			for _, p := range programs {
				if p == "OJT" {
					in.OJT[code] = append(in.OJT[code], competency.Activity{Kind: "trainer", Name: fmt.Sprintf("OJTトレーナー（%d人）", len(trained)), FY: trained[len(trained)-1].FY})
				}
			}
		}
	}
	return trained, nil
}

// developmentPage shows a person's development page.
func (s *ui) developmentPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.developmentOf(r, r.PathValue("number"))
	if err != nil {
		return err
	}
	s.renderDevelopment(w, r, d)
	return nil
}

// myDevelopment is the viewer's own page.
func (s *ui) myDevelopment(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByID(r.Context(), u.Municipality, u.StaffID)
	if err != nil {
		return err
	}
	d, err := s.developmentFor(r, m)
	if err != nil {
		return err
	}
	s.renderDevelopment(w, r, d)
	return nil
}

func (s *ui) renderDevelopment(w http.ResponseWriter, r *http.Request, d *development) {
	s.renderDevelopmentStatus(w, r, http.StatusOK, d)
}

func (s *ui) renderDevelopmentStatus(w http.ResponseWriter, r *http.Request, status int, d *development) {
	title := d.Name + " の育成の状況"
	if web.UserOf(r).StaffID == d.Member.ID {
		title = "わたしのキャリアデザイン"
	}
	s.Render(w, r, status, "development", &web.Page{Title: title, Nav: "development", Data: d})
}

// apiDevelopment answers the development view as JSON.
func (s *ui) apiDevelopment(w http.ResponseWriter, r *http.Request) error {
	d, err := s.developmentOf(r, r.PathValue("number"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, d)
	return nil
}
