package dispatch

import (
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
)

// TestTransitions checks every pair of states: the moves the workflow
// allows and every one it refuses.
func TestTransitions(t *testing.T) {
	allowed := map[[2]string]bool{
		{Received, Coordinating}: true, {Received, Declined}: true, {Received, Withdrawn}: true,
		{Coordinating, LecturerSet}: true, {Coordinating, Declined}: true, {Coordinating, Withdrawn}: true,
		{LecturerSet, Coordinating}: true, {LecturerSet, Approved}: true, {LecturerSet, Declined}: true, {LecturerSet, Withdrawn}: true,
		{Approved, Delivered}: true, {Approved, Declined}: true, {Approved, Withdrawn}: true,
		{Delivered, Reported}: true,
	}
	n := 0
	for _, from := range States {
		for _, to := range States {
			want := allowed[[2]string{from, to}]
			if got := Allowed(from, to); got != want {
				t.Errorf("Allowed(%s, %s) = %v, want %v", from, to, got, want)
			}
			n++
		}
	}
	if n != 64 {
		t.Fatalf("checked %d pairs", n)
	}
	for _, s := range []string{Reported, Declined, Withdrawn} {
		if len(Next(s)) != 0 || !Ended(s) {
			t.Errorf("%s should be final", s)
		}
	}
	if Allowed("", Received) || Allowed(Received, "done") {
		t.Error("unknown states move")
	}
}

// TestCheckMove: the conditions of each move beyond the workflow table.
func TestCheckMove(t *testing.T) {
	ready := func(state string) *Request {
		return &Request{State: state, LecturerID: 7, Agreement: AgreeYes, WorkMode: WorkDuty, LectureOn: "2026-06-01"}
	}
	cases := []struct {
		name   string
		r      *Request
		m      Move
		code   apperr.Code
		reason string
	}{
		{"coordinate", ready(Received), Move{To: Coordinating}, "", ""},
		{"unknown state", ready(Received), Move{To: "done"}, apperr.Invalid, ""},
		{"skip to approved", ready(Received), Move{To: Approved}, apperr.Conflict, ""},
		{"lecturer set without lecturer", &Request{State: Coordinating}, Move{To: LecturerSet}, apperr.Conflict, ""},
		{"lecturer set while agreement pending", &Request{State: Coordinating, LecturerID: 7, Agreement: AgreePending}, Move{To: LecturerSet}, apperr.Conflict, ""},
		{"lecturer set after refusal", &Request{State: Coordinating, LecturerID: 7, Agreement: AgreeNo}, Move{To: LecturerSet}, apperr.Conflict, ""},
		{"lecturer set", ready(Coordinating), Move{To: LecturerSet}, "", ""},
		{"approve without terms", &Request{State: LecturerSet, LecturerID: 7, Agreement: AgreeYes}, Move{To: Approved}, apperr.Conflict, ""},
		{"approve", ready(LecturerSet), Move{To: Approved}, "", ""},
		{"deliver", ready(Approved), Move{To: Delivered}, "", ""},
		{"report", ready(Delivered), Move{To: Reported}, "", ""},
		{"report before delivery", ready(Approved), Move{To: Reported}, apperr.Conflict, ""},
		{"decline without reason", ready(Received), Move{To: Declined}, apperr.Invalid, ""},
		{"decline by code", ready(Received), Move{To: Declined, Reason: "purpose"}, "", ReasonPurpose},
		{"decline by label", ready(Coordinating), Move{To: Declined, Reason: "日程調整不可"}, "", ReasonSchedule},
		{"decline no lecturer", ready(Coordinating), Move{To: Declined, Reason: "講師不在"}, "", ReasonNoOne},
		{"decline other without text", ready(Received), Move{To: Declined, Reason: "other"}, apperr.Invalid, ""},
		{"decline other with text", ready(Received), Move{To: Declined, Reason: "other", Text: "会場が市外"}, "", ReasonOther},
		{"decline free text", ready(Received), Move{To: Declined, Reason: "営利目的のため"}, "", ReasonOther},
		{"decline after approval", ready(Approved), Move{To: Declined, Reason: "purpose"}, "", ReasonPurpose},
		{"decline after delivery", ready(Delivered), Move{To: Declined, Reason: "purpose"}, apperr.Conflict, ""},
		{"withdraw", ready(LecturerSet), Move{To: Withdrawn}, "", ""},
		{"withdraw delivered", ready(Delivered), Move{To: Withdrawn}, apperr.Conflict, ""},
		{"withdraw twice", ready(Withdrawn), Move{To: Withdrawn}, apperr.Conflict, ""},
		{"reopen declined", ready(Declined), Move{To: Received}, apperr.Conflict, ""},
		{"back to coordination", ready(LecturerSet), Move{To: Coordinating}, "", ""},
	}
	for _, c := range cases {
		m := c.m
		err := CheckMove(c.r, &m)
		if got := apperr.CodeOf(err); (err == nil) != (c.code == "") || (err != nil && got != c.code) {
			t.Errorf("%s: err %v (code %q), want code %q", c.name, err, got, c.code)
		}
		if c.reason != "" && m.Reason != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, m.Reason, c.reason)
		}
	}
}

// TestFormRules: the public form's fields and the municipality's rules.
func TestFormRules(t *testing.T) {
	today := time.Date(2026, 5, 1, 0, 0, 0, 0, calendar.JST)
	good := func() Form {
		return Form{Organisation: "駿河町自治会", ContactName: "山田 花子", Email: "hanako@example.jp", Topic: "3",
			Dates: [3]string{"2026-05-15"}, AudienceSize: "30", PurposeOK: true}
	}
	st := DefaultSettings
	cases := []struct {
		name  string
		edit  func(f *Form)
		st    Settings
		field string // "" when accepted
	}{
		{"accepted", func(f *Form) {}, st, ""},
		{"exactly 14 days ahead", func(f *Form) { f.Dates[0] = "2026-05-15" }, st, ""},
		{"13 days ahead", func(f *Form) { f.Dates[0] = "2026-05-14" }, st, "date1"},
		{"in the past", func(f *Form) { f.Dates[0] = "2026-04-01" }, st, "date1"},
		{"a longer lead time", func(f *Form) {}, Settings{LeadDays: 21, MinAudience: 10}, "date1"},
		{"second date too near", func(f *Form) { f.Dates[1] = "2026-05-02" }, st, "date2"},
		{"third date bad", func(f *Form) { f.Dates[2] = "5月30日" }, st, "date3"},
		{"more than a year ahead", func(f *Form) { f.Dates[0] = "2027-06-01" }, st, "date1"},
		{"no date", func(f *Form) { f.Dates[0] = "" }, st, "date1"},
		{"audience below minimum", func(f *Form) { f.AudienceSize = "9" }, st, "audience_size"},
		{"audience at minimum", func(f *Form) { f.AudienceSize = "10" }, st, ""},
		{"a smaller minimum", func(f *Form) { f.AudienceSize = "5" }, Settings{LeadDays: 14, MinAudience: 5}, ""},
		{"audience not a number", func(f *Form) { f.AudienceSize = "三十" }, st, "audience_size"},
		{"no audience", func(f *Form) { f.AudienceSize = "" }, st, "audience_size"},
		{"no purpose declaration", func(f *Form) { f.PurposeOK = false }, st, "purpose_ok"},
		{"no organisation", func(f *Form) { f.Organisation = "" }, st, "organisation"},
		{"no contact", func(f *Form) { f.ContactName = "" }, st, "contact_name"},
		{"no e-mail", func(f *Form) { f.Email = "" }, st, "email"},
		{"bad e-mail", func(f *Form) { f.Email = "hanako@" }, st, "email"},
		{"no topic", func(f *Form) { f.Topic = "" }, st, "topic"},
		{"free topic", func(f *Form) { f.Topic, f.TopicText = "", "防災と自治会" }, st, ""},
		{"free topic in the topic field", func(f *Form) { f.Topic = "防災と自治会" }, st, ""},
		{"unknown requester type", func(f *Form) { f.RequesterType = "政党" }, st, "requester_type"},
		{"long purpose", func(f *Form) { f.Purpose = string(make([]rune, 2001)) }, st, "purpose"},
	}
	for _, c := range cases {
		f := good()
		c.edit(&f)
		f.Normalize()
		_, err := f.Check(today, c.st)
		fe := apperr.FieldsOf(err)
		if c.field == "" && err != nil {
			t.Errorf("%s: refused: %v", c.name, err)
		}
		if c.field != "" && fe[c.field] == "" {
			t.Errorf("%s: want an error on %s, got %v", c.name, c.field, fe)
		}
	}
}

// TestCount: the figures of a year's requests.
func TestCount(t *testing.T) {
	at := time.Date(2026, 5, 10, 3, 0, 0, 0, time.UTC)
	facts := []fact{
		{State: Reported, Topic: "防災", Unit: "危機管理部/防災課", Type: "自治会", Accepted: true, Attendees: 40, Satisfaction: 5, Hours: 1.5, Created: at},
		{State: Declined, Reason: ReasonPurpose, Topic: "防災", Unit: "危機管理部", Type: "企業", Created: at},
		{State: Withdrawn, Topic: "ごみ", Unit: "環境部", Type: "学校", Created: at.AddDate(0, 1, 0)},
		{State: Approved, Topic: "ごみ", Unit: "環境部", Type: "自治会", Accepted: true, Created: at.AddDate(0, 1, 0)},
	}
	f := Count(2026, facts)
	if f.Requests != 4 || f.Accepted != 2 || f.Declined != 1 || f.Withdrawn != 1 || f.Delivered != 1 || f.Attendees != 40 || f.Satisfaction != 5 {
		t.Fatalf("figures %+v", f)
	}
	if f.DeclinedBy["対象外の目的"] != 1 || f.DeclinedBy["講師不在"] != 0 {
		t.Fatalf("declined by %v", f.DeclinedBy)
	}
	if len(f.ByDepartment) != 2 || f.ByDepartment[0].Label != "危機管理部" || f.ByDepartment[0].Requests != 2 {
		t.Fatalf("by department %+v", f.ByDepartment)
	}
	if len(f.ByMonth) != 2 || f.ByMonth[0].Label != "2026-05" || f.ByRequesterType[0].Label != "自治会" || f.ByRequesterType[0].Requests != 2 {
		t.Fatalf("by month %+v, by type %+v", f.ByMonth, f.ByRequesterType)
	}
}
