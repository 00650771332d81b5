// Package dispatch holds lecturer dispatch (講師派遣・出前講座, PRODUCT O1,
// issue 14): each fiscal year's topic menu with the staff who can speak on
// each topic, the requests the public sends through the public form, their
// workflow with named states, the matching of a lecturer and their 所属長's
// agreement, the terms of the lecture, the delivery report, the
// requester's feedback, and the year's figures.
package dispatch

import (
	"time"

	"hagukumi/public"
)

// Kind is the kind of public submission a lecture request is.
const Kind = public.KindLecture

// States of a request. The requester and the center read the same words
// (StateLabel); the internal step of asking the lecturer's 所属長 happens
// inside 調整中 and is never shown to the requester.
const (
	Received     = "received"
	Coordinating = "coordinating"
	LecturerSet  = "lecturer_set"
	Approved     = "approved"
	Delivered    = "delivered"
	Reported     = "reported"
	Declined     = "declined"
	Withdrawn    = "withdrawn"
)

// States lists every state in workflow order.
var States = []string{Received, Coordinating, LecturerSet, Approved, Delivered, Reported, Declined, Withdrawn}

// StateLabel names a state in Japanese, for the requester and the center alike.
func StateLabel(s string) string {
	switch s {
	case Received:
		return "受付"
	case Coordinating:
		return "調整中"
	case LecturerSet:
		return "講師決定"
	case Approved:
		return "承認"
	case Delivered:
		return "実施済"
	case Reported:
		return "報告済"
	case Declined:
		return "不承認"
	case Withdrawn:
		return "取下げ"
	}
	return s
}

// ValidState tells whether s names a state.
func ValidState(s string) bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// Ended tells whether a request is over: nothing more happens to it, and
// the retention of the requester's personal data counts from then.
func Ended(s string) bool { return s == Reported || s == Declined || s == Withdrawn }

// next is the workflow: the states each state may move to.
var next = map[string][]string{
	Received:     {Coordinating, Declined, Withdrawn},
	Coordinating: {LecturerSet, Declined, Withdrawn},
	LecturerSet:  {Coordinating, Approved, Declined, Withdrawn},
	Approved:     {Delivered, Declined, Withdrawn},
	Delivered:    {Reported},
}

// Allowed tells whether the workflow lets a request move from one state to
// another. Staying in the same state is not a move.
func Allowed(from, to string) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Next lists the states a request in state s may move to.
func Next(s string) []string { return next[s] }

// Reasons for 不承認, with their labels.
const (
	ReasonPurpose  = "purpose"
	ReasonSchedule = "schedule"
	ReasonNoOne    = "no_lecturer"
	ReasonOther    = "other"
)

// Reasons lists the reasons in the order forms offer them.
var Reasons = []string{ReasonPurpose, ReasonSchedule, ReasonNoOne, ReasonOther}

// ReasonLabel names a reason for 不承認.
func ReasonLabel(r string) string {
	switch r {
	case ReasonPurpose:
		return "対象外の目的"
	case ReasonSchedule:
		return "日程調整不可"
	case ReasonNoOne:
		return "講師不在"
	case ReasonOther:
		return "その他"
	}
	return r
}

// ReasonOf reads a reason code or its Japanese label; "" when it is neither.
func ReasonOf(s string) string {
	for _, r := range Reasons {
		if s == r || s == ReasonLabel(r) {
			return r
		}
	}
	return ""
}

// Requester types.
var RequesterTypes = []string{"自治会", "学校", "大学", "企業", "他自治体", "NPO・市民団体", "その他"}

// Formats of a lecture.
var Formats = []string{"対面", "オンライン", "対面・オンライン"}

// Work modes: how the lecturer's time is treated.
const (
	WorkDuty    = "公務"
	WorkExempt  = "職務専念義務免除"
	WorkOutside = "兼業許可"
)

// WorkModes lists the work modes in form order.
var WorkModes = []string{WorkDuty, WorkExempt, WorkOutside}

// Fee states of the 謝金.
var FeeStates = []string{"なし", "受領", "辞退"}

// Agreement states of the lecturer's 所属長.
const (
	AgreePending = "pending"
	AgreeYes     = "agreed"
	AgreeNo      = "refused"
)

// AgreementLabel names an agreement state for the center and the lecturer.
func AgreementLabel(s string) string {
	switch s {
	case AgreePending:
		return "所属長の同意待ち"
	case AgreeYes:
		return "所属長同意済み"
	case AgreeNo:
		return "所属長不同意"
	}
	return "未依頼"
}

// Settings are a municipality's rules for requests.
type Settings struct {
	LeadDays      int `json:"lead_days"`
	MinAudience   int `json:"min_audience"`
	RetentionDays int `json:"retention_days"`
}

// DefaultSettings are the rules until the center changes them.
var DefaultSettings = Settings{LeadDays: 14, MinAudience: 10, RetentionDays: 365}

// Topic is one topic of a year's menu.
type Topic struct {
	ID          int64     `json:"id"`
	FY          int       `json:"fy"`
	Title       string    `json:"title"`
	UnitPath    string    `json:"department"`
	Description string    `json:"description"`
	Audience    string    `json:"audience"`
	Minutes     int       `json:"minutes"`
	Format      string    `json:"format"`
	Published   bool      `json:"published"`
	Speakers    []Speaker `json:"speakers"`
}

// Speaker is a staff member who can speak on a topic.
type Speaker struct {
	StaffID int64  `json:"-"`
	Number  string `json:"number"`
	Name    string `json:"name"`
}

// Request is one lecture request.
type Request struct {
	ID            int64      `json:"id"`
	FY            int        `json:"fy"`
	SubmissionID  int64      `json:"-"`
	State         string     `json:"state"`
	StateLabel    string     `json:"state_label"`
	Organisation  string     `json:"organisation"`
	RequesterType string     `json:"requester_type"`
	ContactName   string     `json:"contact_name,omitempty"`
	Email         string     `json:"email,omitempty"`
	Phone         string     `json:"phone,omitempty"`
	TopicID       int64      `json:"topic_id,omitempty"`
	Topic         string     `json:"topic"`
	UnitPath      string     `json:"department"`
	Dates         []string   `json:"dates"`
	Place         string     `json:"place"`
	Online        bool       `json:"online"`
	Audience      string     `json:"audience"`
	AudienceSize  int        `json:"audience_size"`
	Purpose       string     `json:"purpose"`
	LecturerID    int64      `json:"-"`
	LecturerNo    string     `json:"lecturer_number,omitempty"`
	Lecturer      string     `json:"lecturer,omitempty"`
	LecturerUnit  string     `json:"lecturer_unit,omitempty"`
	LecturerPath  string     `json:"-"` // the lecturer's unit now, for the scope
	Agreement     string     `json:"agreement,omitempty"`
	LectureOn     string     `json:"lecture_on,omitempty"`
	WorkMode      string     `json:"work_mode,omitempty"`
	Fee           int        `json:"fee"`
	FeeStatus     string     `json:"fee_status,omitempty"`
	Travel        string     `json:"travel,omitempty"`
	Conditions    string     `json:"conditions,omitempty"`
	NoticeNo      string     `json:"notice_no,omitempty"`
	ApprovedAt    *time.Time `json:"approved_at,omitempty"`
	DeclineReason string     `json:"decline_reason,omitempty"`
	DeclineText   string     `json:"decline_text,omitempty"`
	DeliveredOn   string     `json:"delivered_on,omitempty"`
	Hours         float64    `json:"hours"`
	Attendees     int        `json:"attendees"`
	Materials     string     `json:"materials,omitempty"`
	Satisfaction  int        `json:"satisfaction,omitempty"`
	Feedback      string     `json:"feedback,omitempty"`
	FeedbackGiven bool       `json:"feedback_given"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Purged        bool       `json:"purged"`
	// Queued: sent without the public form's time stamp or proof of work
	// (a program, or a browser without script): the center checks it first.
	Queued bool `json:"queued"`
}

// ReasonText is the 不承認 reason as the requester reads it.
func (r *Request) ReasonText() string {
	if r.DeclineReason == "" {
		return ""
	}
	s := ReasonLabel(r.DeclineReason)
	if r.DeclineText != "" {
		s += "（" + r.DeclineText + "）"
	}
	return s
}
