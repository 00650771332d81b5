package ojtui

import (
	"net/http"
	"sort"
	"strings"

	"hagukumi/apperr"
	"hagukumi/competency"
	"hagukumi/web"
)

// competenciesData is the framework in force with the ladder and, for each
// competency, the programmes mapped to it.
type competenciesData struct {
	F        *competency.Framework
	Ranks    []string
	Mapping  map[string][]string
	Programs []string // programme codes, for the mapping form
	Names    map[string]string
}

// Level is the level a rank requires of a competency, for the table.
func (d *competenciesData) Level(c competency.Competency, rank string) int {
	for _, l := range c.Levels {
		if l.Rank == rank && l.JobFamily == "" {
			return l.Level
		}
	}
	return 0
}

// Mapped is the names of the programmes mapped to a competency.
func (d *competenciesData) Mapped(code string) string {
	var out []string
	for _, p := range d.Mapping[code] {
		out = append(out, d.Names[p])
	}
	return strings.Join(out, "、")
}

func (s *ui) ladder(r *http.Request) ([]string, error) {
	ranks, err := s.Staff.Ranks(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ranks))
	for i, rk := range ranks {
		out[i] = rk.Name
	}
	return out, nil
}

// competencies shows the framework in force (標準職務遂行能力の表) with the
// import form and the programme mapping.
func (s *ui) competencies(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ctx := r.Context()
	f, err := s.Comp.InForce(ctx, u.Municipality)
	if apperr.CodeOf(err) == apperr.NotFound {
		f, err = nil, nil
	}
	if err != nil {
		return err
	}
	d := &competenciesData{F: f, Names: map[string]string{}}
	if d.Ranks, err = s.ladder(r); err != nil {
		return err
	}
	if d.Mapping, err = s.Comp.Mapping(ctx, u.Municipality); err != nil {
		return err
	}
	programs, err := s.Train.Programs(ctx, u.Municipality)
	if err != nil {
		return err
	}
	for _, p := range programs {
		d.Names[p.Code] = p.Name
		d.Programs = append(d.Programs, p.Code)
	}
	sort.Strings(d.Programs)
	s.Render(w, r, http.StatusOK, "competencies", &web.Page{Title: "能力の体系（標準職務遂行能力）", Nav: "competencies", Data: d})
	return nil
}

// exportCompetencies downloads the table in force as CSV or xlsx (?format=).
func (s *ui) exportCompetencies(w http.ResponseWriter, r *http.Request) error {
	f, err := s.Comp.InForce(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	ranks, err := s.ladder(r)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, "competencies_"+f.RevisedOn, "標準職務遂行能力")
	if err != nil {
		return err
	}
	return competency.WriteTable(sw, f, ranks)
}

// importCompetencies loads a CSV or xlsx table as the version of a
// revision date; any error leaves every version as it was.
func (s *ui) importCompetencies(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	file, _, err := r.FormFile("file")
	if err != nil {
		return apperr.Fields(apperr.FieldErrors{"file": "CSVまたはxlsxファイルを選んでください。"})
	}
	defer file.Close()
	ranks, err := s.ladder(r)
	if err != nil {
		return err
	}
	comps, err := competency.ReadTableFile(file, ranks)
	if err != nil {
		return err
	}
	f := &competency.Framework{RevisedOn: r.FormValue("revised_on"), Vision: r.FormValue("vision"), Competencies: comps}
	if !web.CleanText(f.Vision, true) {
		return apperr.Invalidf(apperr.MsgBadText)
	}
	if err := s.Comp.Save(r.Context(), u.Actor(), u.Municipality, f); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/competencies", "能力の体系を取り込みました。")
	return nil
}

// mapProgram sets the competencies a programme develops.
func (s *ui) mapProgram(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Invalidf(apperr.MsgBadText)
	}
	if err := s.Comp.MapProgram(r.Context(), u.Actor(), u.Municipality, r.PostForm.Get("program"), r.PostForm["competency"]); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/competencies", "研修と能力の対応を保存しました。")
	return nil
}
