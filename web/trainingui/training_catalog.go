package trainingui

import (
	"net/http"
	"strconv"
	"strings"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/jtext"
	"hagukumi/sheet"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// registerCatalogRoutes registers the catalog and eligibility routes.
func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /programs", Roles: auth.Everyone, Menu: "研修", Order: 40, Nav: "programs"}, s.programsPage)
	s.Handle(web.Route{Pattern: "GET /programs/new", Roles: auth.Center}, s.programNewPage)
	s.Handle(web.Route{Pattern: "POST /programs", Roles: auth.Center}, s.programCreate)
	s.Handle(web.Route{Pattern: "GET /programs/{code}", Roles: auth.Everyone}, s.programPage)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/edit", Roles: auth.Center}, s.programEditPage)
	s.Handle(web.Route{Pattern: "POST /programs/{code}", Roles: auth.Center}, s.programUpdate)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/eligible", Roles: auth.RosterReaders}, s.eligiblePage)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/eligible/export", Roles: auth.RosterReaders}, s.eligibleExport)
	s.Handle(web.Route{Pattern: "POST /programs/{code}/eligible/exceptions", Roles: auth.Center}, s.eligibleException)
	s.Handle(web.Route{Pattern: "POST /programs/{code}/eligible/snapshot", Roles: auth.Center}, s.eligibleSnapshot)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs", Roles: auth.Everyone, Summary: "研修の一覧と対象者の条件"}, s.apiPrograms)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}", Roles: auth.Everyone, Summary: "研修1件"}, s.apiProgram)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}/eligible", Roles: auth.RosterReaders, Summary: "研修の対象者（fy）。hagukumi eligible --json と同じ配列"}, s.apiEligible)
}

type programsData struct {
	Programs   []*training.Program
	Categories []string
}

func (s *ui) programsPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list, err := s.Train.Programs(r.Context(), u.Municipality)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "programs", &web.Page{Title: "研修の一覧", Nav: "programs", Data: programsData{list, training.Categories}})
	return nil
}

func (s *ui) loadProgram(r *http.Request) (*training.Program, error) {
	return s.Train.ProgramByCode(r.Context(), web.UserOf(r).Municipality, r.PathValue("code"))
}

func (s *ui) programPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "program", &web.Page{Title: p.Name, Nav: "programs", Data: p})
	return nil
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

func (s *ui) programForm(r *http.Request, p *training.Program) *programFormData {
	u := web.UserOf(r)
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

func (s *ui) programNewPage(w http.ResponseWriter, r *http.Request) error {
	p := &training.Program{Category: training.Categories[0], Mode: training.ModeNomination, CompletionMinPct: 75, Active: true}
	s.Render(w, r, http.StatusOK, "program_form", &web.Page{Title: "研修の追加", Nav: "programs", Data: s.programForm(r, p)})
	return nil
}

func (s *ui) programEditPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "program_form", &web.Page{Title: "研修の編集", Nav: "programs", Data: s.programForm(r, p)})
	return nil
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
	for _, y := range strings.FieldsFunc(jtext.SearchKey(f.Get("service_years")), func(r rune) bool { return r == ',' || r == '、' || r == '・' }) {
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

func (s *ui) saveProgram(w http.ResponseWriter, r *http.Request, p *training.Program, title string) error {
	u := web.UserOf(r)
	err := readProgramForm(r, p)
	if err == nil {
		err = s.Train.SaveProgram(r.Context(), u.Actor(), u.Municipality, p)
	}
	if err != nil {
		if web.Status(err) >= 500 {
			return err

		}
		s.Render(w, r, web.Status(err), "program_form", &web.Page{Title: title, Nav: "programs", Error: web.Message(err), Data: s.programForm(r, p)})
		return nil
	}
	s.RedirectFlash(w, r, "/programs/"+p.Code, "研修「"+p.Name+"」を保存しました。")
	return nil
}

func (s *ui) programCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveProgram(w, r, &training.Program{}, "研修の追加")
}

func (s *ui) programUpdate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err

	}
	return s.saveProgram(w, r, p, "研修の編集")
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
func (s *ui) roster(r *http.Request, p *training.Program, fy int) (*training.Roster, error) {
	u := web.UserOf(r)
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
func (s *ui) programRoster(r *http.Request) (*training.Program, int, *training.Roster, error) {
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

func (s *ui) eligiblePage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, fy, ro, err := s.programRoster(r)
	if err != nil {
		return err

	}
	d := eligibleData{P: p, FY: fy, Entries: ro.Entries(), ByUnit: ro.ByUnit, Scoped: u.UnitPath}
	if u.Role != auth.Liaison {
		d.Exceptions, _ = s.Train.Exceptions(r.Context(), u.Municipality, p.ID, fy)
	}
	s.Render(w, r, http.StatusOK, "eligible", &web.Page{Title: p.Name + " 対象者", Nav: "programs", Data: d, FY: fy})
	return nil
}

func (s *ui) eligibleExport(w http.ResponseWriter, r *http.Request) error {
	p, fy, ro, err := s.programRoster(r)
	if err != nil {
		return err

	}
	write := func(format string) error {
		sw, err := sheet.New(w, format, "対象者")
		if err != nil {
			return err
		}
		if err := sw.Row(sheet.Texts("職員番号", "氏名", "所属", "雇用区分", "追加の理由")...); err != nil {
			return err
		}
		for _, e := range ro.Entries() {
			if err := sw.Row(sheet.Texts(e.Number, e.Name, e.Unit, e.EmploymentType, e.Reason)...); err != nil {
				return err
			}
		}
		return sw.Close()
	}
	name := p.Name + "_対象者_" + calendar.FormatNendo(fy)
	if r.FormValue("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", web.ContentDisposition(name+".xlsx"))
		if err := write(sheet.XLSX); err != nil {
			s.Log.Error("export", "err", err)
		}
		return nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", web.ContentDisposition(name+".csv"))
	if err := write(sheet.CSV); err != nil {
		s.Log.Error("export", "err", err)
	}
	return nil
}

func (s *ui) eligibleException(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, err := s.loadProgram(r)
	if err != nil {
		return err

	}
	fy, err := fyParam(r, calendar.FiscalYear(s.Now()))
	if err != nil {
		return err

	}
	kind := r.PostFormValue("kind")
	if kind == "remove" {
		kind = ""
	}
	if err := s.Train.SetException(r.Context(), u.Actor(), u.Municipality, p.ID, fy, r.PostFormValue("number"), kind, r.PostFormValue("reason")); err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/programs/"+p.Code+"/eligible?fy="+strconv.Itoa(fy), "対象者の例外を保存しました。")
	return nil
}

func (s *ui) eligibleSnapshot(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, err := s.loadProgram(r)
	if err != nil {
		return err

	}
	fy, err := fyParam(r, calendar.FiscalYear(s.Now()))
	if err != nil {
		return err

	}
	ro, err := s.Train.RosterFor(r.Context(), u.Municipality, p, fy, nil)
	if err != nil {
		return err

	}
	diff, err := s.Train.SnapshotAndDiff(r.Context(), u.Municipality, p, ro)
	if err != nil {
		return err

	}
	d := eligibleData{P: p, FY: fy, Entries: ro.Entries(), ByUnit: ro.ByUnit, Diff: diff}
	d.Exceptions, _ = s.Train.Exceptions(r.Context(), u.Municipality, p.ID, fy)
	s.Render(w, r, http.StatusOK, "eligible", &web.Page{Title: p.Name + " 対象者", Nav: "programs", Data: d, FY: fy})
	return nil
}

func (s *ui) apiPrograms(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Train.Programs(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err

	}
	type item struct {
		*training.Program
		Sentence string `json:"rule_sentence"`
	}
	out := make([]item, 0, len(list))
	for _, p := range list {
		out = append(out, item{p, p.Rule.Sentence()})
	}
	web.JSON(w, http.StatusOK, out)
	return nil
}

func (s *ui) apiProgram(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, struct {
		*training.Program
		Sentence string `json:"rule_sentence"`
	}{p, p.Rule.Sentence()})
	return nil
}

// apiEligible answers the same array as `hagukumi eligible --json`.
func (s *ui) apiEligible(w http.ResponseWriter, r *http.Request) error {
	_, _, ro, err := s.programRoster(r)
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, ro.Entries())
	return nil
}
