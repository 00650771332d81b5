// Package dispatchui serves lecturer dispatch (講師派遣・出前講座, PRODUCT
// O1, issue 14): the public request form and the requester's private
// link, the center's requests with matching, terms, the 決定通知 and the
// figures, the topic menu (the center and department liaisons), the
// lecturer's own lectures and the 所属長's agreements.
package dispatchui

import (
	"embed"
	"html/template"
	"time"

	"hagukumi/auth"
	"hagukumi/dispatch"
	"hagukumi/public"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit and the stores.
type ui struct {
	*web.Server
	st  *dispatch.Store
	pub *public.Store
}

// lecturers may open a lecture page: the store shows each only what the
// viewer may see (the center all, a lecturer their own, a 所属長 their staff's).
var lecturers = auth.Trainees

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	s.Funcs(template.FuncMap{"lectureState": dispatch.StateLabel, "lectureReason": dispatch.ReasonLabel, "lectureAgreement": dispatch.AgreementLabel,
		"args":  func(name string, lines []dispatch.Line) lineArgs { return lineArgs{name, lines} },
		"field": newField, "slice5": satisfactionScale})
	u := &ui{Server: s, st: &dispatch.Store{DB: s.DB, Now: s.Now}, pub: &public.Store{DB: s.DB, Now: s.Now}}
	s.OnClock(func(now func() time.Time) { u.st.Now, u.pub.Now = now, now })
	u.routes()
	s.OnTrack(dispatch.Kind, u.onTrack)
	s.OnWithdraw(dispatch.Kind, u.onWithdraw)
}

func (s *ui) routes() {
	// The requester, without login.
	s.Handle(web.Route{Pattern: "GET /public/lectures/request"}, s.requestForm)
	s.Handle(web.Route{Pattern: "POST /public/lectures/request"}, s.requestSend)
	s.Handle(web.Route{Pattern: "POST /public/track/{token}/lecture-feedback"}, s.publicFeedback)
	s.Handle(web.Route{Pattern: "GET /public/track/{token}/notice"}, s.publicNotice)

	// The center.
	s.Handle(web.Route{Pattern: "GET /lectures", Roles: auth.Center, Menu: "講師派遣", Order: 165, Nav: "lectures"}, s.list)
	s.Handle(web.Route{Pattern: "GET /lectures/figures", Roles: auth.Center}, s.figures)
	s.Handle(web.Route{Pattern: "GET /lectures/figures/export", Roles: auth.Center}, s.figuresExport)
	s.Handle(web.Route{Pattern: "GET /lectures/{id}", Roles: lecturers}, s.detail)
	s.Handle(web.Route{Pattern: "POST /lectures/{id}/state", Roles: auth.Center}, s.stateForm)
	s.Handle(web.Route{Pattern: "POST /lectures/{id}/lecturer", Roles: auth.Center}, s.chooseForm)
	s.Handle(web.Route{Pattern: "POST /lectures/{id}/terms", Roles: auth.Center}, s.termsForm)
	s.Handle(web.Route{Pattern: "POST /lectures/{id}/agreement", Roles: auth.Approvers}, s.agreeForm)
	s.Handle(web.Route{Pattern: "POST /lectures/{id}/report", Roles: lecturers}, s.reportForm)
	s.Handle(web.Route{Pattern: "GET /lectures/{id}/notice", Roles: auth.Center}, s.notice)
	s.Handle(web.Route{Pattern: "GET /lectures/{id}/order", Roles: lecturers}, s.order)

	// The topic menu: the center, and liaisons for their department.
	s.Handle(web.Route{Pattern: "GET /lectures/topics", Roles: topicEditors, Menu: "講師派遣のテーマ", Order: 166, Nav: "lecture-topics"}, s.topics)
	s.Handle(web.Route{Pattern: "POST /lectures/topics", Roles: topicEditors}, s.saveTopic)
	s.Handle(web.Route{Pattern: "POST /lectures/topics/copy", Roles: auth.Center}, s.copyTopics)
	s.Handle(web.Route{Pattern: "POST /lectures/settings", Roles: []auth.Role{auth.CenterAdmin}}, s.saveSettings)

	// The lecturer and the 所属長.
	s.Handle(web.Route{Pattern: "GET /lectures/mine", Roles: []auth.Role{auth.Liaison, auth.Supervisor, auth.Staff, auth.Instructor}, Staff: true,
		Menu: "わたしの講師派遣", Order: 167, Nav: "lectures-mine"}, s.mine)
	s.Handle(web.Route{Pattern: "GET /lectures/agreements", Roles: auth.Supervisors, Menu: "講師派遣の承認", Order: 55, Nav: "lecture-agreements"}, s.agreements)

	// The API.
	s.Handle(web.Route{Pattern: "GET /api/v1/lecture-requests", Roles: auth.Center, Summary: "講師派遣の依頼の一覧（fy: 年度。申込日の年度）。state: received|coordinating|lecturer_set|approved|delivered|reported|declined|withdrawn",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（例: 2026、令和8年度）", Type: "string"}}, Response: []dispatch.Request{}}}, s.apiList)
	s.Handle(web.Route{Pattern: "POST /api/v1/lecture-requests/{id}/state", Roles: auth.Center, Summary: "依頼の状態を移す（to, reason）。流れにない移動は 409 で、何も変わらない。不承認の reason は purpose|schedule|no_lecturer|other（または理由の文）"}, s.apiState)
	s.Handle(web.Route{Pattern: "GET /api/v1/lecture-requests/{id}/candidates", Roles: auth.Center, Summary: "依頼のテーマで話せる職員（テーマ一覧の講師と、公開した講師登録が合う職員）。今年度の派遣数と希望日の重なり"}, s.apiCandidates)
	s.Handle(web.Route{Pattern: "GET /api/v1/lecture-figures", Roles: auth.Center, Summary: "講師派遣の年度の集計（依頼・承認・不承認の理由別・実施・参加者、テーマ・部署・依頼者の種類・月別）",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度", Type: "string"}}, Response: dispatch.Figures{}}}, s.apiFigures)
}

// allScope is the whole municipality, for the public form's published menu.
var allScope = auth.Scope{}

// topicEditors manage the topic menu: the center, and liaisons for their department.
var topicEditors = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison}

// lineArgs hands a breakdown and its heading to the figures' table template.
type lineArgs struct {
	Name  string
	Lines []dispatch.Line
}

// fieldArgs is one text field of the public form with its error.
type fieldArgs struct {
	Name, Label, Value, Type string
	Required                 bool
	Error                    string
}

func newField(name, label, value, typ string, required bool, errs map[string]string) fieldArgs {
	return fieldArgs{Name: name, Label: label, Value: value, Type: typ, Required: required, Error: errs[name]}
}

type scalePoint struct {
	V int
	L string
}

// satisfactionScale is the feedback's 1–5 scale, best first.
func satisfactionScale() []scalePoint {
	return []scalePoint{{5, "5 とても満足"}, {4, "4 満足"}, {3, "3 ふつう"}, {2, "2 やや不満"}, {1, "1 不満"}}
}
