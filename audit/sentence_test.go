package audit_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
)

func TestSentence(t *testing.T) {
	names := audit.Names{
		Users:    map[string]string{"yokoyama": "横山 亮", "center": "佐藤 花子"},
		Staff:    map[string]string{"000123": "横山 亮", "000456": "山田 一郎"},
		StaffIDs: map[int64]string{7: "山田 一郎"},
		Sessions: map[int64]string{12: "採用2年目職員研修 第1回", 13: "採用2年目職員研修 第2回"},
		Programs: map[string]string{"YEAR2": "採用2年目職員研修"},
	}
	cases := []struct {
		name string
		e    audit.Entry
		want string
	}{
		{"cancel by oneself", audit.Entry{Actor: "yokoyama", Action: "cancel", Entity: "enrolment", EntityID: "5",
			Detail: `{"session_id":12,"number":"000123","was":"enrolled","reason":"体調不良"}`},
			"横山 亮 が 採用2年目職員研修 第1回 の受講を取り消しました（理由：体調不良）"},
		{"nomination by the center", audit.Entry{Actor: "center", Action: "nominate", Entity: "enrolment", EntityID: "6",
			Detail: `{"session_id":12,"number":"000456","status":"enrolled","source":"nomination"}`},
			"佐藤 花子 が 山田 一郎 の 採用2年目職員研修 第1回 の受講者に指名しました（受講決定）"},
		{"move", audit.Entry{Actor: "center", Action: "move", Entity: "enrolment", EntityID: "6",
			Detail: `{"number":"000456","from_session_id":12,"to_session_id":13,"status":"waitlisted"}`},
			"佐藤 花子 が 山田 一郎 の 採用2年目職員研修 第1回 から 採用2年目職員研修 第2回 へ移しました（キャンセル待ち）"},
		{"attendance", audit.Entry{Actor: "center", Action: "mark", Entity: "attendance", EntityID: "12", Detail: `[{},{},{}]`},
			"佐藤 花子 が 採用2年目職員研修 第1回 の出欠を3人分記録しました"},
		{"attendance correction", audit.Entry{Actor: "center", Action: "correct", Entity: "attendance", EntityID: "12", Detail: `{"reason":"記録の誤り","changes":[]}`},
			"佐藤 花子 が 採用2年目職員研修 第1回 の出欠を訂正しました（理由：記録の誤り）"},
		{"check-in by staff id", audit.Entry{Actor: "tablet", Action: "checkin", Entity: "attendance", EntityID: "12", Detail: `{"staff_id":7,"via":"tablet"}`},
			"tablet が 山田 一郎 の 採用2年目職員研修 第1回 の受付をしました（受付タブレット）"},
		{"program by name, not code", audit.Entry{Actor: "center", Action: "update", Entity: "program", EntityID: "YEAR2", Detail: `{}`},
			"佐藤 花子 が 研修「採用2年目職員研修」を変更しました"},
		{"plan in 和暦", audit.Entry{Actor: "center", Action: "publish", Entity: "plan", EntityID: "2026"},
			"佐藤 花子 が 令和8年度の研修計画を公開しました"},
		{"system", audit.Entry{Actor: "system", Action: "create", Entity: "catalog", EntityID: "default", Detail: `{"programs":20}`},
			"システム が 標準の研修一覧を用意しました"},
		{"unknown names fall back to keys", audit.Entry{Actor: "ghost", Action: "cancel", Entity: "enrolment", Detail: `{"session_id":99,"number":"000999"}`},
			"ghost が 職員番号 000999 の 開催回 99 の受講を取り消しました"},
		{"unknown action", audit.Entry{Actor: "center", Action: "frobnicate", Entity: "session", EntityID: "12", Detail: `not json`},
			"佐藤 花子 が 開催回 12 に「frobnicate」を行いました"},
		{"unknown entity", audit.Entry{Actor: "center", Action: "touch", Entity: "widget", EntityID: "1"},
			"佐藤 花子 が widget 1 に「touch」を行いました"},
	}
	for _, c := range cases {
		if got := audit.Sentence(c.e, names); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestKinds(t *testing.T) {
	if got := audit.Kinds("取り消し"); !slices.Contains(got, [2]string{"enrolment", "cancel"}) {
		t.Errorf("Kinds(取り消し) = %v, want enrolment cancel among them", got)
	}
	if got := audit.Kinds("出欠"); !slices.Contains(got, [2]string{"attendance", "mark"}) {
		t.Errorf("Kinds(出欠) = %v, want attendance mark among them", got)
	}
	if got := audit.Kinds(" "); got != nil {
		t.Errorf("Kinds(blank) = %v, want none", got)
	}
}

// A search in Japanese finds entries by the wording of their sentence and
// by the extra keys (職員番号) the page found for a name.
func TestListJapaneseSearch(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		muni := newMuni(t, d, "S1")
		add := func(action, entity, id, detail string) {
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				return audit.Record(ctx, tx, t0, muni, audit.Actor{Login: "center"}, action, entity, id, detail)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		add("cancel", "enrolment", "1", `{"session_id":12,"number":"000123","reason":"体調不良"}`)
		add("nominate", "enrolment", "2", `{"session_id":12,"number":"000456"}`)
		add("update", "program", "YEAR2", `{}`)
		count := func(f audit.Filter) int {
			_, n, err := audit.List(ctx, d.R, muni, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			f    audit.Filter
			want int
		}{
			{audit.Filter{Text: "取り消し"}, 1},
			{audit.Filter{Text: "体調"}, 1},
			{audit.Filter{Text: "受講"}, 2},
			{audit.Filter{Text: "横山", Also: []string{"000123"}}, 1},
			{audit.Filter{Text: "該当なし"}, 0},
		} {
			if got := count(c.f); got != c.want {
				t.Errorf("%+v: %d entries, want %d", c.f, got, c.want)
			}
		}
		if n, err := audit.VerifyMunicipality(ctx, d.R, muni); err != nil || n != 3 {
			t.Errorf("VerifyMunicipality = %d, %v; want 3, nil", n, err)
		}
	})
}
