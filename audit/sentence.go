package audit

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"hagukumi/calendar"
)

// Names are the display names a sentence needs, looked up by the page for
// the entries it shows. A name that is missing falls back to the stored
// key (a login, a 職員番号, 「開催回 12」), so a sentence never fails.
type Names struct {
	Users    map[string]string // login → 表示名
	Staff    map[string]string // 職員番号 → 氏名
	StaffIDs map[int64]string  // staff id → 氏名
	Sessions map[int64]string  // session id → 「研修名 第1回」
	Programs map[string]string // program code → 研修名
}

// sentenceOf writes one kind of entry: who (the actor's name) and the
// entry's decoded detail are given; it returns the part after 「〇〇 が」.
type sentenceOf func(s *sentence) string

// kinds are the sentences by "entity action". Phrase is the fixed wording
// the Japanese search matches; Write fills in the names.
var kinds = map[string]struct {
	Phrase string
	Write  sentenceOf
}{
	"enrolment apply":     {"受講を申し込みました", func(s *sentence) string { return s.staffSession() + "の受講を申し込みました" + s.status() }},
	"enrolment nominate":  {"受講者に指名しました", func(s *sentence) string { return s.staffSession() + "の受講者に指名しました" + s.status() }},
	"enrolment recommend": {"受講者に推薦しました", func(s *sentence) string { return s.staffSession() + "の受講者に推薦しました" + s.status() }},
	"enrolment approve":   {"申込を承認しました", func(s *sentence) string { return s.staffSession() + "の申込を承認しました" + s.status() }},
	"enrolment decline": {"申込を承認しませんでした", func(s *sentence) string {
		return s.staffSession() + "の申込を承認しませんでした" + s.reason()
	}},
	"enrolment cancel": {"受講を取り消しました", func(s *sentence) string { return s.staffSession() + "の受講を取り消しました" + s.reason() }},
	"enrolment promote": {"キャンセル待ちから受講決定にしました", func(s *sentence) string {
		return s.staffSession() + "をキャンセル待ちから受講決定にしました"
	}},
	"enrolment move": {"別の回へ移しました", func(s *sentence) string {
		return s.staffPrefix() + s.session("from_session_id") + " から " + s.session("to_session_id") + " へ移しました" + s.status()
	}},
	"attendance mark": {"出欠を記録しました", func(s *sentence) string {
		return s.sessionOfEntity() + " の出欠を" + strconv.Itoa(len(s.list)) + "人分記録しました"
	}},
	"attendance correct": {"出欠を訂正しました", func(s *sentence) string {
		return s.sessionOfEntity() + " の出欠を訂正しました" + s.reason()
	}},
	"kiosk start": {"受付タブレットを開始しました", func(s *sentence) string {
		return s.sessionOfEntity() + " の受付タブレットを開始しました"
	}},
	"attendance checkin": {"受付しました", func(s *sentence) string {
		via := map[string]string{"qr": "QRコード", "tablet": "受付タブレット"}[s.text("via")]
		if via != "" {
			via = "（" + via + "）"
		}
		return s.staffPrefix() + s.sessionOfEntity() + " の受付をしました" + via
	}},
	"session create": {"開催回を登録しました", func(s *sentence) string { return "開催回 " + s.sessionOfEntity() + " を登録しました" }},
	"session update": {"開催回を変更しました", func(s *sentence) string { return "開催回 " + s.sessionOfEntity() + " を変更しました" }},
	"session notify_cancelled": {"中止を知らせました", func(s *sentence) string {
		return s.sessionOfEntity() + " の中止を" + s.count("notified") + "人に知らせました"
	}},
	"plan publish":   {"研修計画を公開しました", func(s *sentence) string { return s.nendo() + "の研修計画を公開しました" }},
	"plan unpublish": {"研修計画を非公開にしました", func(s *sentence) string { return s.nendo() + "の研修計画を非公開にしました" }},
	"plan copy":      {"研修計画を前年度から写しました", func(s *sentence) string { return s.nendo() + "の研修計画を前年度から写しました" }},
	"program create": {"研修を登録しました", func(s *sentence) string { return "研修「" + s.program() + "」を登録しました" }},
	"program update": {"研修を変更しました", func(s *sentence) string { return "研修「" + s.program() + "」を変更しました" }},
	"catalog create": {"標準の研修一覧を用意しました", func(s *sentence) string { return "標準の研修一覧を用意しました" }},
	"quota set":      {"推薦枠を設定しました", func(s *sentence) string { return "推薦枠を設定しました" }},
	"eligibility set_exception": {"対象者の例外を設定しました", func(s *sentence) string {
		return s.staffName(s.e.EntityID) + " の対象者の例外を設定しました"
	}},
	"report save":   {"受講報告書を保存しました", func(s *sentence) string { return s.staffSession() + "の受講報告書を保存しました" }},
	"report submit": {"受講報告書を提出しました", func(s *sentence) string { return s.staffSession() + "の受講報告書を提出しました" }},
	"report review": {"受講報告書を確認しました", func(s *sentence) string { return "受講報告書を確認しました" + s.comment() }},
	"survey save":   {"アンケートを保存しました", func(s *sentence) string { return "アンケート「" + s.text("title") + "」を保存しました" }},
	"survey answer": {"アンケートに回答しました", func(s *sentence) string {
		return s.staffPrefix() + s.session("session_id") + " のアンケートに回答しました"
	}},
	"external_training create": {"外部研修を登録しました", func(s *sentence) string { return "外部研修を登録しました" }},
	"external_training delete": {"外部研修を削除しました", func(s *sentence) string { return "外部研修を削除しました" }},
	"instructor_topic create":  {"講師登録をしました", func(s *sentence) string { return "講師登録をしました" }},
	"instructor_topic update":  {"講師登録の公開を変更しました", func(s *sentence) string { return "講師登録の公開を変更しました" }},
	"instructor_topic delete":  {"講師登録を削除しました", func(s *sentence) string { return "講師登録「" + s.text("topic") + "」を削除しました" }},
	"user login":               {"ログインしました", func(s *sentence) string { return "ログインしました" }},
	"user create":              {"利用者を作成しました", func(s *sentence) string { return "利用者 " + s.user(s.e.EntityID) + " を作成しました" }},
	"user update":              {"利用者を変更しました", func(s *sentence) string { return "利用者 " + s.user(s.e.EntityID) + " を変更しました" }},
	"user change_password":     {"パスワードを変更しました", func(s *sentence) string { return "パスワードを変更しました" }},
	"user reset_password": {"パスワードを再設定しました", func(s *sentence) string {
		return "利用者 " + s.user(s.e.EntityID) + " のパスワードを再設定しました"
	}},
	"api_token create":            {"APIトークンを発行しました", func(s *sentence) string { return "APIトークンを発行しました" }},
	"api_token revoke":            {"APIトークンを無効にしました", func(s *sentence) string { return "APIトークン「" + s.text("name") + "」を無効にしました" }},
	"feed_token create":           {"カレンダー配信のURLを発行しました", func(s *sentence) string { return "カレンダー配信のURLを発行しました" }},
	"feed_token delete":           {"カレンダー配信のURLを無効にしました", func(s *sentence) string { return "カレンダー配信のURLを無効にしました" }},
	"municipality create":         {"自治体を登録しました", func(s *sentence) string { return "自治体を登録しました" }},
	"municipality update":         {"自治体の設定を変更しました", func(s *sentence) string { return "自治体の設定を変更しました" }},
	"certificate_settings update": {"修了証の設定を変更しました", func(s *sentence) string { return "修了証の設定を変更しました" }},
	"ranks update":                {"職位を変更しました", func(s *sentence) string { return "職位を変更しました" }},
	"org_unit create":             {"所属を追加しました", func(s *sentence) string { return "所属を追加しました" }},
	"org_unit rename":             {"所属の名前を変えました", func(s *sentence) string { return "所属の名前を変えました" }},
	"staff import_add": {"職員を追加しました（人事データ取込）", func(s *sentence) string {
		return s.staffName(s.e.EntityID) + " を追加しました（人事データ取込）"
	}},
	"staff import_update": {"職員の情報を更新しました（人事データ取込）", func(s *sentence) string {
		return s.staffName(s.e.EntityID) + " の情報を更新しました（人事データ取込）"
	}},
	"staff import_retire": {"職員を退職にしました（人事データ取込）", func(s *sentence) string {
		return s.staffName(s.e.EntityID) + " を退職にしました（人事データ取込）"
	}},
	"staff_file import": {"人事データを取り込みました", func(s *sentence) string {
		return "人事データを取り込みました（追加 " + s.count("added") + "件、更新 " + s.count("updated") + "件）"
	}},
	"mail send": {"メールを送りました", func(s *sentence) string {
		return s.text("to") + " にメール「" + s.text("subject") + "」を送りました"
	}},
	"mail retry": {"メールをすぐ再送するよう指示しました", func(s *sentence) string {
		return "メール " + s.e.EntityID + " をすぐ再送するよう指示しました"
	}},
	"mail cancel":       {"メールの送信をやめました", func(s *sentence) string { return "メール " + s.e.EntityID + " の送信をやめました" }},
	"notification read": {"お知らせを既読にしました", func(s *sentence) string { return "お知らせを既読にしました" }},
	"lecture_request create": {"講師派遣の申込を受け付けました", func(s *sentence) string {
		return "講師派遣の申込 " + s.e.EntityID + " を受け付けました"
	}},
	"lecture_request move": {"講師派遣の依頼の状態を変えました", func(s *sentence) string {
		return "講師派遣の依頼 " + s.e.EntityID + " を「" + lectureState(s.text("from")) + "」から「" + lectureState(s.text("to")) + "」にしました"
	}},
	"lecture_request choose": {"講師派遣の講師を選びました", func(s *sentence) string {
		return "講師派遣の依頼 " + s.e.EntityID + " の講師に " + s.staffName(s.text("lecturer")) + " を選び、所属長に同意を依頼しました"
	}},
	"lecture_request agree": {"講師派遣に同意しました", func(s *sentence) string {
		return s.staffName(s.text("lecturer")) + " の講師派遣（依頼 " + s.e.EntityID + "）に同意しました"
	}},
	"lecture_request refuse": {"講師派遣に同意しませんでした", func(s *sentence) string {
		return s.staffName(s.text("lecturer")) + " の講師派遣（依頼 " + s.e.EntityID + "）に同意しませんでした"
	}},
	"lecture_request terms": {"講師派遣の条件を決めました", func(s *sentence) string {
		return "講師派遣の依頼 " + s.e.EntityID + " の条件を決めました"
	}},
	"lecture_request record": {"講師派遣の実施を報告しました", func(s *sentence) string {
		return "講師派遣の依頼 " + s.e.EntityID + " の実施を報告しました"
	}},
	"lecture_request feedback": {"講師派遣のアンケートに回答しました", func(s *sentence) string {
		return "講師派遣の依頼 " + s.e.EntityID + " のアンケートに回答しました"
	}},
	"lecture_request purge": {"講師派遣の依頼者の個人情報を削除しました", func(s *sentence) string {
		return "講師派遣の依頼 " + s.e.EntityID + " の依頼者の個人情報を削除しました（保存期間の経過）"
	}},
	"lecture_topic create": {"講師派遣のテーマを登録しました", func(s *sentence) string {
		return "講師派遣のテーマ「" + s.text("title") + "」を登録しました"
	}},
	"lecture_topic update": {"講師派遣のテーマを変更しました", func(s *sentence) string {
		return "講師派遣のテーマ「" + s.text("title") + "」を変更しました"
	}},
	"lecture_topic copy": {"講師派遣のテーマを前年度から写しました", func(s *sentence) string {
		return s.nendo() + "の講師派遣のテーマを前年度から写しました"
	}},
	"lecture_settings update":   {"講師派遣の申込の条件を変更しました", func(s *sentence) string { return "講師派遣の申込の条件を変更しました" }},
	"recruit_event create":      {"採用説明会を登録しました", func(s *sentence) string { return "採用説明会「" + s.text("title") + "」を登録しました" }},
	"recruit_event add_session": {"採用説明会の開催回を追加しました", func(s *sentence) string { return "採用説明会の開催回を追加しました" }},
	"recruit_event add_speaker": {"採用説明会の説明者を追加しました", func(s *sentence) string { return "採用説明会の説明者を追加しました" }},
	"recruit_event publish":     {"採用説明会の掲載を変更しました", func(s *sentence) string { return "採用説明会の公開サイトへの掲載を変更しました" }},
	"recruit_event update": {"採用説明会の設定を変更しました", func(s *sentence) string {
		return "採用説明会の受付期間・リマインダー・保存期限を変更しました"
	}},
	"recruit_event purge": {"採用説明会の参加者の個人情報を削除しました", func(s *sentence) string {
		return "保存期間を過ぎた採用説明会の参加者の個人情報を削除しました（" + s.count("registrations") + "件）"
	}},
	"recruit_registration register":       {"採用説明会に参加登録しました", func(s *sentence) string { return "採用説明会に参加登録しました（公開フォーム）" }},
	"recruit_registration cancel":         {"採用説明会の参加登録を取り消しました", func(s *sentence) string { return "採用説明会の参加登録を取り消しました" }},
	"recruit_registration change_session": {"採用説明会の参加する回を変更しました", func(s *sentence) string { return "採用説明会の参加する回を変更しました" }},
	"recruit_registration promote":        {"キャンセル待ちから繰り上げました", func(s *sentence) string { return "採用説明会のキャンセル待ちから繰り上げました" }},
	"recruit_registration checkin":        {"採用説明会の受付をしました", func(s *sentence) string { return "採用説明会の参加者を受け付けました" }},
	"recruit_registration walk_in":        {"採用説明会の当日参加を受け付けました", func(s *sentence) string { return "採用説明会の当日参加を受け付けました" }},
	"recruit_registration answer":         {"採用説明会のアンケートに回答しました", func(s *sentence) string { return "採用説明会のアンケートに回答しました" }},
	"recruit_registration remind":         {"採用説明会のリマインダーを送りました", func(s *sentence) string { return "採用説明会のリマインダーを送りました" }},
	"recruit_university create": {"大学を登録しました", func(s *sentence) string {
		return "採用広報の大学「" + s.text("name") + "」を登録しました"
	}},
	"recruit_university add_contact": {"大学の担当者を登録しました", func(s *sentence) string { return "大学の担当者を登録しました" }},
	"recruit_university add_visit":   {"大学での広報活動を記録しました", func(s *sentence) string { return "大学での広報活動を記録しました" }},
}

// lectureState names a lecture request's state (dispatch.StateLabel; the
// audit package cannot import the domain).
func lectureState(s string) string {
	return map[string]string{"received": "受付", "coordinating": "調整中", "lecturer_set": "講師決定", "approved": "承認",
		"delivered": "実施済", "reported": "報告済", "declined": "不承認", "withdrawn": "取下げ"}[s]
}

// entityLabels name the objects of a generic sentence.
var entityLabels = map[string]string{
	"enrolment": "受講", "attendance": "出欠", "session": "開催回", "plan": "研修計画", "program": "研修",
	"user": "利用者", "staff": "職員", "report": "受講報告書", "survey": "アンケート", "mail": "メール",
}

// Sentence writes an entry as one Japanese sentence, as in 「横山 亮 が
// 採用2年目職員研修 第1回 の受講を取り消しました（理由：体調不良）」. An
// action it does not know gets a generic sentence naming the action.
func Sentence(e Entry, n Names) string {
	s := &sentence{e: e, n: n}
	if err := json.Unmarshal([]byte(e.Detail), &s.m); err != nil {
		_ = json.Unmarshal([]byte(e.Detail), &s.list)
	}
	who := s.user(e.Actor)
	if e.Actor == System.Login {
		who = "システム"
	}
	k, ok := kinds[e.Entity+" "+e.Action]
	if !ok {
		what := entityLabels[e.Entity]
		if what == "" {
			what = e.Entity
		}
		return fmt.Sprintf("%s が %s %s に「%s」を行いました", who, what, e.EntityID, e.Action)
	}
	return who + " が " + k.Write(s)
}

// Kinds lists the "entity action" pairs whose sentence wording contains
// text, so that a search in Japanese (「取り消し」) finds those entries.
func Kinds(text string) [][2]string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var out [][2]string
	for key, k := range kinds {
		entity, action, _ := strings.Cut(key, " ")
		if strings.Contains(k.Phrase, text) || strings.Contains(entityLabels[entity], text) {
			out = append(out, [2]string{entity, action})
		}
	}
	return out
}

// sentence is one entry being written, with its detail decoded.
type sentence struct {
	e    Entry
	n    Names
	m    map[string]any
	list []any
}

func (s *sentence) text(key string) string {
	switch v := s.m[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func (s *sentence) id(key string) int64 {
	v, _ := s.m[key].(float64)
	return int64(v)
}

func (s *sentence) count(key string) string {
	return strconv.FormatInt(s.id(key), 10)
}

func (s *sentence) user(login string) string {
	if name := s.n.Users[login]; name != "" {
		return name
	}
	return login
}

func (s *sentence) staffName(number string) string {
	if name := s.n.Staff[number]; name != "" {
		return name
	}
	return "職員番号 " + number
}

// staffPrefix names the person acted on, followed by 「の」; it is empty
// when the entry names nobody or the person is the actor themself.
func (s *sentence) staffPrefix() string {
	var name string
	switch {
	case s.text("number") != "":
		name = s.staffName(s.text("number"))
	case s.id("staff_id") != 0:
		name = s.n.StaffIDs[s.id("staff_id")]
		if name == "" {
			name = "職員 " + s.count("staff_id")
		}
	default:
		return ""
	}
	if name == s.user(s.e.Actor) {
		return ""
	}
	return name + " の "
}

func (s *sentence) session(key string) string {
	id := s.id(key)
	if name := s.n.Sessions[id]; name != "" {
		return name
	}
	return "開催回 " + strconv.FormatInt(id, 10)
}

func (s *sentence) sessionOfEntity() string {
	id, _ := strconv.ParseInt(s.e.EntityID, 10, 64)
	if name := s.n.Sessions[id]; name != "" {
		return name
	}
	return "開催回 " + s.e.EntityID
}

// staffSession is 「〇〇 の 研修名 第1回 」: the person (unless the actor)
// and the session of an enrolment-like entry.
func (s *sentence) staffSession() string {
	if s.m["session_id"] == nil {
		return s.staffPrefix()
	}
	return s.staffPrefix() + s.session("session_id") + " "
}

func (s *sentence) program() string {
	if name := s.n.Programs[s.e.EntityID]; name != "" {
		return name
	}
	return s.e.EntityID
}

func (s *sentence) nendo() string {
	fy, err := strconv.Atoi(s.e.EntityID)
	if err != nil {
		return s.e.EntityID
	}
	return calendar.FormatNendo(fy)
}

// statusLabels are the enrolment states as staff read them.
var statusLabels = map[string]string{
	"applied": "承認待ち", "enrolled": "受講決定", "waitlisted": "キャンセル待ち", "declined": "不承認",
	"cancelled": "取消", "recommended": "推薦", "moved": "変更",
}

func (s *sentence) status() string {
	st := s.text("status")
	if st == "" {
		return ""
	}
	if l := statusLabels[st]; l != "" {
		st = l
	}
	return "（" + st + "）"
}

func (s *sentence) reason() string {
	if r := s.text("reason"); r != "" {
		return "（理由：" + r + "）"
	}
	return ""
}

func (s *sentence) comment() string {
	if c := s.text("comment"); c != "" {
		return "（コメント：" + c + "）"
	}
	return ""
}
