package staffui

import (
	"fmt"
	"strings"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/web"
	"net/http"
	"net/url"
	"time"

	"hagukumi/calendar"
	"hagukumi/sheet"
	"hagukumi/staff"
)

type staffListData struct {
	Filter   staff.Filter
	Items    []*staff.Member
	Total    int
	Page     int
	Pages    int
	Units    []staff.Unit
	Ranks    []staff.Rank
	Types    []string
	Statuses []string
	Query    url.Values
	PrevURL  string
	NextURL  string
}

// staffFilter reads the list's filters from the query string.
func staffFilter(r *http.Request) staff.Filter {
	return staff.Filter{Q: r.FormValue("q"), UnitID: web.Int64(r, "unit"), RankID: web.Int64(r, "rank"),
		EmploymentType: r.FormValue("type"), Status: r.FormValue("status")}
}

func (s *ui) staffList(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ctx := r.Context()
	f := staffFilter(r)
	page := web.Int(r, "page")
	if page < 1 {
		page = 1
	}
	f.Limit, f.Offset = web.PageSize, (page-1)*web.PageSize
	items, total, err := s.Staff.List(ctx, u.Municipality, auth.ScopeOf(u), f)
	if err != nil {
		return err

	}
	d := staffListData{Filter: f, Items: items, Total: total, Page: page, Pages: (total + web.PageSize - 1) / web.PageSize,
		Types: staff.EmploymentTypes, Statuses: staff.Statuses}
	d.Units, _ = s.Staff.Units(ctx, u.Municipality, calendar.CurrentFY(s.Now()))
	d.Ranks, _ = s.Staff.Ranks(ctx, u.Municipality)
	q := r.URL.Query()
	if page > 1 {
		q.Set("page", fmt.Sprint(page-1))
		d.PrevURL = "/staff?" + q.Encode()
	}
	if page < d.Pages {
		q.Set("page", fmt.Sprint(page+1))
		d.NextURL = "/staff?" + q.Encode()
	}
	q.Del("page")
	d.Query = q
	s.Render(w, r, http.StatusOK, "staff_list", &web.Page{Title: "職員一覧", Nav: "staff", Data: d})
	return nil
}

type staffDetailData struct {
	M           *staff.Member
	History     staff.History
	ServiceYear int
	YearsInRank int
	HireFY      int
}

func (s *ui) staffDetail(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err

	}
	d := staffDetailData{M: m}
	d.History, err = s.Staff.HistoryOf(r.Context(), u.Municipality, m.ID)
	if err != nil {
		return err

	}
	fy := calendar.CurrentFY(s.Now())
	d.HireFY = staff.HireFY(m.Hire())
	d.ServiceYear = staff.ServiceYear(m.Hire(), fy)
	if t, err := time.Parse(time.DateOnly, m.RankSince); err == nil {
		d.YearsInRank = staff.YearsInRank(t, fy)
	}
	s.Render(w, r, http.StatusOK, "staff_detail", &web.Page{Title: m.Name(), Nav: "staff", Data: d})
	return nil
}

func (s *ui) staffExport(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy := calendar.CurrentFY(s.Now())
	stamp := s.Now().In(calendar.JST).Format("20060102")
	if r.FormValue("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", web.ContentDisposition("職員一覧_"+stamp+".xlsx"))
		if err := s.Staff.Export(r.Context(), w, sheet.XLSX, u.Municipality, auth.ScopeOf(u), staffFilter(r), fy); err != nil {
			s.Log.Error("export", "err", err)
		}
		return nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", web.ContentDisposition("職員一覧_"+stamp+".csv"))
	if err := s.Staff.Export(r.Context(), w, sheet.CSV, u.Municipality, auth.ScopeOf(u), staffFilter(r), fy); err != nil {
		s.Log.Error("export", "err", err)
	}
	return nil
}

type orgData struct {
	Units   []staff.Unit
	History []staff.Unit
	FY      int
}

func (s *ui) orgPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy := web.Int(r, "fy")
	if fy == 0 {
		fy = calendar.CurrentFY(s.Now())
	}
	all, err := s.Staff.Units(r.Context(), u.Municipality, 0)
	if err != nil {
		return err

	}
	d := orgData{FY: fy}
	sc := auth.ScopeOf(u)
	for _, x := range all {
		if sc.UnitPath != "" && !auth.InPath(x.Path, sc.UnitPath) {
			continue
		}
		if x.ValidIn(fy) {
			d.Units = append(d.Units, x)
		} else {
			d.History = append(d.History, x)
		}
	}
	s.Render(w, r, http.StatusOK, "org", &web.Page{Title: "組織", Nav: "org", Data: d, FY: fy})
	return nil
}

func (s *ui) orgCreate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy := web.Int(r, "fy")
	if fy == 0 {
		fy = calendar.CurrentFY(s.Now())
	}
	if _, err := s.Staff.CreateUnit(r.Context(), u.Actor(), u.Municipality, web.Int64(r, "parent"), r.PostFormValue("name"), fy); err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/org", "所属を追加しました。")
	return nil
}

func (s *ui) orgRename(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	var id int64
	fmt.Sscan(r.PathValue("id"), &id)
	fy, err := calendar.ParseNendo(r.PostFormValue("fy"))
	if err != nil {
		return apperr.Invalidf("適用年度: %s", err.Error())

	}
	if err := s.Staff.RenameUnit(r.Context(), u.Actor(), u.Municipality, id, r.PostFormValue("name"), fy); err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/org", "組織改正を登録しました。")
	return nil
}

func (s *ui) ranksPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ranks, err := s.Staff.Ranks(r.Context(), u.Municipality)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "ranks", &web.Page{Title: "職位（職制上の段階）", Nav: "admin", Data: ranks})
	return nil
}

func (s *ui) ranksSave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := r.ParseForm(); err != nil {
		return err

	}
	names := splitLines(r.PostFormValue("ranks"))
	if err := s.Staff.SaveRanks(r.Context(), u.Actor(), u.Municipality, names); err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/ranks", "職位の設定を保存しました。")
	return nil
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
