// Package teams holds the policy teams that propose to the mayor (PRODUCT
// W1): teams, their cohorts per fiscal year with members and meetings, the
// 提言書 of each cohort and the follow-up of its items across years.
package teams

import (
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
)

// Team is a standing team such as 新公共経営若手プロジェクトチーム.
type Team struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Purpose string `json:"purpose"`
	SinceFY int    `json:"since_fy"`
}

// Cohort is a team's members of one fiscal year and their theme.
type Cohort struct {
	ID        int64    `json:"id"`
	TeamID    int64    `json:"team_id"`
	TeamName  string   `json:"team_name"`
	FY        int      `json:"fy"`
	Theme     string   `json:"theme"`
	Selection string   `json:"selection"` // nomination (所属長推薦) or volunteer (公募)
	Members   []Member `json:"members"`
}

// Member is a staff member in a cohort, with the department, rank and
// gender they had when chosen.
type Member struct {
	StaffID int64  `json:"-"`
	Number  string `json:"number"`
	Name    string `json:"name"`
	Role    string `json:"role"` // リーダー, メンバー, 事務局, 支援, 助言者
	Unit    string `json:"unit"`
	Rank    string `json:"rank"`
	Gender  string `json:"gender"`
}

// Meeting is one meeting of a cohort, with its files.
type Meeting struct {
	ID         int64      `json:"id"`
	CohortID   int64      `json:"cohort_id"`
	HeldOn     string     `json:"held_on"`
	Agenda     string     `json:"agenda"`
	Attendance string     `json:"attendance"`
	Minutes    string     `json:"minutes"`
	Files      []FileInfo `json:"files"`
}

// FileInfo describes a stored file without its bytes.
type FileInfo struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

// Proposal is a cohort's 提言書.
type Proposal struct {
	ID          int64  `json:"id"`
	CohortID    int64  `json:"cohort_id"`
	Title       string `json:"title"`
	PresentedOn string `json:"presented_on"` // "" while a draft
	Items       []Item `json:"items"`
}

// Item is one 提言項目 with its owning departments and its answers.
type Item struct {
	ID           int64      `json:"id"`
	CohortID     int64      `json:"cohort_id"`
	CohortFY     int        `json:"cohort_fy"`
	Position     int        `json:"position"`
	Text         string     `json:"text"`
	Measure      string     `json:"measure"` // 総合計画 施策
	Cost         string     `json:"cost"`
	Departments  []string   `json:"departments"`
	LatestStatus *string    `json:"latest_status"`
	Progress     int        `json:"progress"`
	Responses    []Response `json:"responses,omitempty"`
}

// Response is a department's answer for an item in one fiscal year.
type Response struct {
	ID         int64     `json:"id"`
	ItemID     int64     `json:"item_id"`
	FY         int       `json:"fy"`
	Status     string    `json:"status"`
	Progress   int       `json:"progress"`
	Action     string    `json:"action"` // 事業化, 予算要求, 制度改正
	Note       string    `json:"note"`
	AnsweredBy string    `json:"answered_by"`
	CreatedAt  time.Time `json:"created_at"`
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Validate checks a team's fields.
func (t *Team) Validate() error {
	t.Name, t.Purpose = strings.TrimSpace(t.Name), strings.TrimSpace(t.Purpose)
	fe := apperr.FieldErrors{}
	if t.Name == "" || tooLong(t.Name, 100) {
		fe["name"] = "チーム名を100文字以内で入力してください。"
	}
	if tooLong(t.Purpose, 1000) {
		fe["purpose"] = "目的は1000文字以内で入力してください。"
	}
	if t.SinceFY < 1989 || t.SinceFY > 2100 {
		fe["since_fy"] = "開始年度を正しく入力してください。"
	}
	return fieldsOrNil(fe)
}

// Validate checks a cohort's fields.
func (c *Cohort) Validate() error {
	c.Theme = strings.TrimSpace(c.Theme)
	fe := apperr.FieldErrors{}
	if tooLong(c.Theme, 200) {
		fe["theme"] = "テーマは200文字以内で入力してください。"
	}
	if c.Selection != "nomination" && c.Selection != "volunteer" {
		fe["selection"] = "選考の方法を選んでください。"
	}
	if c.FY < 1989 || c.FY > 2100 {
		fe["fy"] = "年度を正しく入力してください。"
	}
	return fieldsOrNil(fe)
}

// Validate checks a meeting's fields.
func (m *Meeting) Validate() error {
	fe := apperr.FieldErrors{}
	if _, err := time.Parse(time.DateOnly, m.HeldOn); err != nil {
		fe["held_on"] = "開催日を入力してください。"
	}
	if tooLong(m.Agenda, 2000) {
		fe["agenda"] = "議題は2000文字以内で入力してください。"
	}
	if tooLong(m.Attendance, 2000) {
		fe["attendance"] = "出席者は2000文字以内で入力してください。"
	}
	if tooLong(m.Minutes, 20000) {
		fe["minutes"] = "議事録は20000文字以内で入力してください。"
	}
	return fieldsOrNil(fe)
}

// Validate checks a proposal and its items.
func (p *Proposal) Validate() error {
	p.Title = strings.TrimSpace(p.Title)
	fe := apperr.FieldErrors{}
	if p.Title == "" || tooLong(p.Title, 200) {
		fe["title"] = "提言書の表題を200文字以内で入力してください。"
	}
	if p.PresentedOn != "" {
		if _, err := time.Parse(time.DateOnly, p.PresentedOn); err != nil {
			fe["presented_on"] = "提出日を正しく入力してください。"
		}
	}
	if len(p.Items) == 0 || len(p.Items) > 50 {
		fe["items"] = "提言項目を1件以上50件以内で入力してください。"
	}
	for _, it := range p.Items {
		if strings.TrimSpace(it.Text) == "" || tooLong(it.Text, 2000) || tooLong(it.Measure, 200) || tooLong(it.Cost, 100) {
			fe["items"] = "提言項目の内容（2000文字以内）を入力してください。"
		}
		if len(it.Departments) == 0 {
			fe["items"] = "提言項目ごとに担当部局を1つ以上指定してください。"
		}
	}
	return fieldsOrNil(fe)
}

// Validate checks an answer: a known status, progress 0–100, and a reason
// when the item is declined.
func (r *Response) Validate() error {
	r.Note, r.Action = strings.TrimSpace(r.Note), strings.TrimSpace(r.Action)
	fe := apperr.FieldErrors{}
	if StatusLabel(r.Status) == "" {
		fe["status"] = "状況は 反映済・一部反映・検討中・見送り のいずれかを選んでください。"
	}
	if r.Progress < 0 || r.Progress > 100 {
		fe["progress"] = "進捗は0から100までの数で入力してください。"
	}
	if r.Status == Declined && r.Note == "" {
		fe["note"] = "見送りの理由を入力してください。"
	}
	if tooLong(r.Note, 2000) || tooLong(r.Action, 100) {
		fe["note"] = "内容は2000文字以内で入力してください。"
	}
	if r.FY < 1989 || r.FY > 2100 {
		fe["fy"] = "年度を正しく入力してください。"
	}
	return fieldsOrNil(fe)
}

func fieldsOrNil(fe apperr.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	return apperr.Fields(fe)
}
