package web

import (
	"fmt"

	"hagukumi/apperr"
	"net/http"
	"net/url"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
)

const pageSize = 50

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
	return staff.Filter{Q: r.FormValue("q"), UnitID: int64Param(r, "unit"), RankID: int64Param(r, "rank"),
		EmploymentType: r.FormValue("type"), Status: r.FormValue("status")}
}

func (s *Server) staffList(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	ctx := r.Context()
	f := staffFilter(r)
	page := intParam(r, "page")
	if page < 1 {
		page = 1
	}
	f.Limit, f.Offset = pageSize, (page-1)*pageSize
	items, total, err := s.Staff.List(ctx, u.Municipality, auth.ScopeOf(u), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := staffListData{Filter: f, Items: items, Total: total, Page: page, Pages: (total + pageSize - 1) / pageSize,
		Types: staff.EmploymentTypes, Statuses: staff.Statuses}
	d.Units, _ = s.Staff.Units(ctx, u.Municipality, calendar.FiscalYear(s.Now()))
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
	s.render(w, r, http.StatusOK, "staff_list", &Page{Title: "職員一覧", Nav: "staff", Data: d})
}

type staffDetailData struct {
	M           *staff.Member
	History     staff.History
	ServiceYear int
	YearsInRank int
	HireFY      int
}

func (s *Server) staffDetail(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := staffDetailData{M: m}
	d.History, err = s.Staff.HistoryOf(r.Context(), u.Municipality, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fy := calendar.FiscalYear(s.Now())
	d.HireFY = staff.HireFY(m.Hire())
	d.ServiceYear = staff.ServiceYear(m.Hire(), fy)
	if t, err := time.Parse(time.DateOnly, m.RankSince); err == nil {
		d.YearsInRank = staff.YearsInRank(t, fy)
	}
	s.render(w, r, http.StatusOK, "staff_detail", &Page{Title: m.Name(), Nav: "staff", Data: d})
}

func (s *Server) staffExport(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	fy := calendar.FiscalYear(s.Now())
	stamp := s.Now().In(jst).Format("20060102")
	if r.FormValue("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", contentDisposition("職員一覧_"+stamp+".xlsx"))
		if err := s.Staff.ExportXLSX(r.Context(), w, u.Municipality, auth.ScopeOf(u), staffFilter(r), fy); err != nil {
			s.Log.Error("export", "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition("職員一覧_"+stamp+".csv"))
	if err := s.Staff.ExportCSV(r.Context(), w, u.Municipality, auth.ScopeOf(u), staffFilter(r), fy); err != nil {
		s.Log.Error("export", "err", err)
	}
}

// contentDisposition names a download in UTF-8 (RFC 6266), with an ASCII fallback.
func contentDisposition(name string) string {
	return `attachment; filename="download"; filename*=UTF-8''` + url.PathEscape(name)
}

type orgData struct {
	Units   []staff.Unit
	History []staff.Unit
	FY      int
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	fy := intParam(r, "fy")
	if fy == 0 {
		fy = calendar.FiscalYear(s.Now())
	}
	all, err := s.Staff.Units(r.Context(), u.Municipality, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := orgData{FY: fy}
	sc := auth.ScopeOf(u)
	for _, x := range all {
		if sc.UnitPath != "" && x.Path != sc.UnitPath && !hasPrefixPath(x.Path, sc.UnitPath) {
			continue
		}
		if x.ValidIn(fy) {
			d.Units = append(d.Units, x)
		} else {
			d.History = append(d.History, x)
		}
	}
	s.render(w, r, http.StatusOK, "org", &Page{Title: "組織", Nav: "org", Data: d, FY: fy})
}

func hasPrefixPath(p, prefix string) bool {
	return len(p) > len(prefix) && p[:len(prefix)] == prefix && p[len(prefix)] == '/'
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	fy := intParam(r, "fy")
	if fy == 0 {
		fy = calendar.FiscalYear(s.Now())
	}
	if _, err := s.Staff.CreateUnit(r.Context(), u.Actor(), u.Municipality, int64Param(r, "parent"), r.PostFormValue("name"), fy); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, "/org", "所属を追加しました。")
}

func (s *Server) orgRename(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	var id int64
	fmt.Sscan(r.PathValue("id"), &id)
	fy, err := calendar.ParseNendo(r.PostFormValue("fy"))
	if err != nil {
		s.fail(w, r, apperr.Invalidf("適用年度: %s", err.Error()))
		return
	}
	if err := s.Staff.RenameUnit(r.Context(), u.Actor(), u.Municipality, id, r.PostFormValue("name"), fy); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, "/org", "組織改正を登録しました。")
}

func (s *Server) ranksPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	ranks, err := s.Staff.Ranks(r.Context(), u.Municipality)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ranks", &Page{Title: "職位（職制上の段階）", Nav: "admin", Data: ranks})
}

func (s *Server) ranksSave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	names := splitLines(r.PostFormValue("ranks"))
	if err := s.Staff.SaveRanks(r.Context(), u.Actor(), u.Municipality, names); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, "/ranks", "職位の設定を保存しました。")
}
