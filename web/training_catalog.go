package web

import (
	"net/http"
	"strconv"
	"strings"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/training"
)

var rosterReaders = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison}

// registerCatalogRoutes registers the catalog and eligibility routes.
func (s *Server) registerCatalogRoutes() {
	s.handle("GET /programs", anyUser, s.programsPage)
	s.handle("GET /programs/new", center, s.programNewPage)
	s.handle("POST /programs", center, s.programCreate)
	s.handle("GET /programs/{code}", anyUser, s.programPage)
	s.handle("GET /programs/{code}/edit", center, s.programEditPage)
	s.handle("POST /programs/{code}", center, s.programUpdate)
	s.handle("GET /programs/{code}/eligible", rosterReaders, s.eligiblePage)
	s.handle("GET /programs/{code}/eligible/export", rosterReaders, s.eligibleExport)
	s.handle("POST /programs/{code}/eligible/exceptions", center, s.eligibleException)
	s.handle("POST /programs/{code}/eligible/snapshot", center, s.eligibleSnapshot)
	s.handle("GET /api/v1/programs", anyUser, s.apiPrograms)
	s.handle("GET /api/v1/programs/{code}", anyUser, s.apiProgram)
	s.handle("GET /api/v1/programs/{code}/eligible", rosterReaders, s.apiEligible)
}

type programsData struct {
	Programs   []*training.Program
	Categories []string
}

func (s *Server) programsPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	list, err := s.Train.Programs(r.Context(), u.Municipality)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "programs", &Page{Title: "研修の一覧", Nav: "programs", Data: programsData{list, training.Categories}})
}

func (s *Server) loadProgram(r *http.Request) (*training.Program, error) {
	return s.Train.ProgramByCode(r.Context(), userOf(r).Municipality, r.PathValue("code"))
}

func (s *Server) programPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "program", &Page{Title: p.Name, Nav: "programs", Data: p})
}

type programFormData struct {
	P          *training.Program
	Categories []string
	Types      []string
	Ranks      []staff.Rank
	Units      []staff.Unit
	Years      string
	RankFrom   string
	Programs   []*training.Program
	Modes      [][2]string
}

func (s *Server) programForm(r *http.Request, p *training.Program) *programFormData {
	u := userOf(r)
	d := &programFormData{P: p, Categories: training.Categories, Types: staff.EmploymentTypes,
		Modes: [][2]string{{training.ModeNomination, "指名"}, {training.ModeApplication, "申込"}, {training.ModeRecommendation, "推薦"}}}
	d.Ranks, _ = s.Staff.Ranks(r.Context(), u.Municipality)
	d.Units, _ = s.Staff.Units(r.Context(), u.Municipality, calendar.FiscalYear(s.Now()))
	d.Programs, _ = s.Train.Programs(r.Context(), u.Municipality)
	var ys []string
	for _, y := range p.Rule.ServiceYears {
		ys = append(ys, strconv.Itoa(y))
	}
	d.Years = strings.Join(ys, ",")
	if p.Rule.RankFrom != nil {
		d.RankFrom = strconv.Itoa(*p.Rule.RankFrom)
	}
	return d
}

func (s *Server) programNewPage(w http.ResponseWriter, r *http.Request) {
	p := &training.Program{Category: training.Categories[0], Mode: training.ModeNomination, CompletionMinPct: 75, Active: true}
	s.render(w, r, http.StatusOK, "program_form", &Page{Title: "研修の追加", Nav: "programs", Data: s.programForm(r, p)})
}

func (s *Server) programEditPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "program_form", &Page{Title: "研修の編集", Nav: "programs", Data: s.programForm(r, p)})
}

// readProgramForm reads the program and its rule from the form fields.
func readProgramForm(r *http.Request, p *training.Program) error {
	if err := r.ParseForm(); err != nil {
		return apperr.Invalidf("フォームを読み取れません。")
	}
	f := r.PostForm
	p.Code, p.Name, p.Category = f.Get("code"), f.Get("name"), f.Get("category")
	p.Objectives, p.Competencies = strings.TrimSpace(f.Get("objectives")), strings.TrimSpace(f.Get("competencies"))
	p.Mode = f.Get("mode")
	p.Mandatory, p.Active = f.Get("mandatory") == "1", f.Get("active") == "1"
	p.CompletionReport, p.CompletionSurvey = f.Get("completion_report") == "1", f.Get("completion_survey") == "1"
	var err error
	if p.Hours, err = strconv.ParseFloat(strings.TrimSpace(f.Get("hours")), 64); err != nil {
		return apperr.Invalidf("時間数を数字で入力してください。")
	}
	if p.CompletionMinPct, err = strconv.Atoi(strings.TrimSpace(f.Get("completion_min_pct"))); err != nil {
		return apperr.Invalidf("修了に必要な出席率を数字で入力してください。")
	}
	rule := training.Rule{Manual: f.Get("manual") == "1", EmploymentTypes: f["employment_types"], Ranks: f["ranks"],
		Units: f["units"], NotCompleted: f["not_completed"], CandidateFor: f.Get("candidate_for")}
	for _, y := range strings.FieldsFunc(staff.SearchKey(f.Get("service_years")), func(r rune) bool { return r == ',' || r == '、' || r == '・' }) {
		n, err := strconv.Atoi(y)
		if err != nil {
			return apperr.Invalidf("採用n年目は 1,2 のように数字で入力してください。")
		}
		rule.ServiceYears = append(rule.ServiceYears, n)
	}
	if v := strings.TrimSpace(f.Get("rank_from")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return apperr.Invalidf("昇任年度は数字で入力してください（0は当該年度）。")
		}
		rule.RankFrom = &n
	}
	p.Rule = rule
	return nil
}

func (s *Server) saveProgram(w http.ResponseWriter, r *http.Request, p *training.Program, title string) {
	u := userOf(r)
	err := readProgramForm(r, p)
	if err == nil {
		err = s.Train.SaveProgram(r.Context(), u.Actor(), u.Municipality, p)
	}
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "program_form", &Page{Title: title, Nav: "programs", Error: messageOf(err), Data: s.programForm(r, p)})
		return
	}
	s.redirectFlash(w, r, "/programs/"+p.Code, "研修「"+p.Name+"」を保存しました。")
}

func (s *Server) programCreate(w http.ResponseWriter, r *http.Request) {
	s.saveProgram(w, r, &training.Program{}, "研修の追加")
}

func (s *Server) programUpdate(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveProgram(w, r, p, "研修の編集")
}

type eligibleData struct {
	P          *training.Program
	FY         int
	Entries    []training.RosterEntry
	ByUnit     []training.UnitCount
	Exceptions []training.Exception
	Diff       *training.RosterDiff
	Scoped     string
}

// roster computes the roster a user may see: a liaison sees their own
// department's part of it only.
func (s *Server) roster(r *http.Request, p *training.Program, fy int) (*training.Roster, error) {
	u := userOf(r)
	ro, err := s.Train.RosterFor(r.Context(), u.Municipality, p, fy, nil)
	if err != nil {
		return nil, err
	}
	if sc := auth.ScopeOf(u); sc.UnitPath != "" || sc.None {
		ro = ro.Filter(func(x *training.Person) bool {
			return sc.Covers(x.Unit)
		})
	}
	return ro, nil
}

// programRoster reads the program named in the path, the fiscal year of the
// query and the part of its roster the user may see.
func (s *Server) programRoster(r *http.Request) (*training.Program, int, *training.Roster, error) {
	p, err := s.loadProgram(r)
	if err != nil {
		return nil, 0, nil, err
	}
	fy, err := fyParam(r, calendar.FiscalYear(s.Now()))
	if err != nil {
		return nil, 0, nil, err
	}
	ro, err := s.roster(r, p, fy)
	return p, fy, ro, err
}

func fyParam(r *http.Request, now int) (int, error) {
	v := r.FormValue("fy")
	if v == "" {
		return now, nil
	}
	fy, err := calendar.ParseNendo(v)
	if err != nil {
		return 0, apperr.Invalidf("年度: %s", err.Error())
	}
	return fy, nil
}

func (s *Server) eligiblePage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	p, fy, ro, err := s.programRoster(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := eligibleData{P: p, FY: fy, Entries: ro.Entries(), ByUnit: ro.ByUnit, Scoped: u.UnitPath}
	if u.Role != auth.Liaison {
		d.Exceptions, _ = s.Train.Exceptions(r.Context(), u.Municipality, p.ID, fy)
	}
	s.render(w, r, http.StatusOK, "eligible", &Page{Title: p.Name + " 対象者", Nav: "programs", Data: d, FY: fy})
}

func (s *Server) eligibleExport(w http.ResponseWriter, r *http.Request) {
	p, fy, ro, err := s.programRoster(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	header := []string{"職員番号", "氏名", "所属", "雇用区分", "追加の理由"}
	each := func(emit func([]string) error) error {
		for _, e := range ro.Entries() {
			if err := emit([]string{e.Number, e.Name, e.Unit, e.EmploymentType, e.Reason}); err != nil {
				return err
			}
		}
		return nil
	}
	name := p.Name + "_対象者_" + calendar.FormatNendo(fy)
	if r.FormValue("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", contentDisposition(name+".xlsx"))
		if err := staff.WriteXLSX(w, "対象者", header, each); err != nil {
			s.Log.Error("export", "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition(name+".csv"))
	cw, err := staff.NewCSVWriter(w)
	if err != nil {
		return
	}
	cw.Write(header)
	each(func(rec []string) error { return cw.Write(rec) })
	cw.Flush()
}

func (s *Server) eligibleException(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	p, err := s.loadProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fy, err := fyParam(r, calendar.FiscalYear(s.Now()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kind := r.PostFormValue("kind")
	if kind == "remove" {
		kind = ""
	}
	if err := s.Train.SetException(r.Context(), u.Actor(), u.Municipality, p.ID, fy, r.PostFormValue("number"), kind, r.PostFormValue("reason")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, "/programs/"+p.Code+"/eligible?fy="+strconv.Itoa(fy), "対象者の例外を保存しました。")
}

func (s *Server) eligibleSnapshot(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	p, err := s.loadProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fy, err := fyParam(r, calendar.FiscalYear(s.Now()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ro, err := s.Train.RosterFor(r.Context(), u.Municipality, p, fy, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	diff, err := s.Train.SnapshotAndDiff(r.Context(), u.Municipality, p, ro)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := eligibleData{P: p, FY: fy, Entries: ro.Entries(), ByUnit: ro.ByUnit, Diff: diff}
	d.Exceptions, _ = s.Train.Exceptions(r.Context(), u.Municipality, p.ID, fy)
	s.render(w, r, http.StatusOK, "eligible", &Page{Title: p.Name + " 対象者", Nav: "programs", Data: d, FY: fy})
}

func (s *Server) apiPrograms(w http.ResponseWriter, r *http.Request) {
	list, err := s.Train.Programs(r.Context(), userOf(r).Municipality)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type item struct {
		*training.Program
		Sentence string `json:"rule_sentence"`
	}
	out := make([]item, 0, len(list))
	for _, p := range list {
		out = append(out, item{p, p.Rule.Sentence()})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiProgram(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		*training.Program
		Sentence string `json:"rule_sentence"`
	}{p, p.Rule.Sentence()})
}

// apiEligible answers the same array as `hagukumi eligible --json`.
func (s *Server) apiEligible(w http.ResponseWriter, r *http.Request) {
	_, _, ro, err := s.programRoster(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ro.Entries())
}
