package training_test

import (
	"reflect"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/training"
)

func TestValidateQuestions(t *testing.T) {
	qs, err := training.ValidateQuestions([]training.Question{
		{Ord: 3, Kind: "text", Text: " 感想 ", Choices: []string{"x"}},
		{Ord: 1, Kind: "scale", Text: "満足度", Required: true},
		{Ord: 2, Kind: "choice", Text: "役に立つ内容は", Choices: []string{"講義\r\n演習\n\n講義\n グループワーク "}},
		{Ord: 4, Kind: "scale", Text: "  "},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []training.Question{
		{Ord: 1, Kind: "scale", Text: "満足度", Required: true},
		{Ord: 2, Kind: "choice", Text: "役に立つ内容は", Choices: []string{"講義", "演習", "グループワーク"}},
		{Ord: 3, Kind: "text", Text: "感想"},
	}
	if !reflect.DeepEqual(qs, want) {
		t.Fatalf("%+v", qs)
	}
	for _, bad := range [][]training.Question{
		nil,
		{{Kind: "choice", Text: "一つだけ", Choices: []string{"はい"}}},
		{{Kind: "essay", Text: "種類が変"}},
	} {
		if _, err := training.ValidateQuestions(bad); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%+v accepted: %v", bad, err)
		}
	}
}

func TestValidateAnswersAndSummarize(t *testing.T) {
	qs := []training.Question{
		{ID: 1, Kind: "scale", Text: "満足度", Required: true},
		{ID: 2, Kind: "choice", Text: "形式", Choices: []string{"講義", "演習"}},
		{ID: 3, Kind: "text", Text: "感想"},
	}
	cases := []struct {
		in  map[int64]string
		err bool
	}{
		{map[int64]string{1: "5", 2: "演習", 3: "よかった"}, false},
		{map[int64]string{1: "3"}, false},
		{map[int64]string{2: "講義"}, true},         // required missing
		{map[int64]string{1: "6"}, true},          // out of scale
		{map[int64]string{1: "4", 2: "見学"}, true}, // not an option
	}
	for _, c := range cases {
		if _, err := training.ValidateAnswers(qs, c.in); (err != nil) != c.err {
			t.Errorf("%v: %v", c.in, err)
		}
	}
	r := training.Summarize(qs[0], []string{"5", "4", "4", "1"})
	if r.Mean != 3.5 || !reflect.DeepEqual(r.Dist, []int{1, 0, 0, 2, 1}) {
		t.Errorf("scale %+v", r)
	}
	r = training.Summarize(qs[1], []string{"演習", "演習", "旧選択肢"})
	if !reflect.DeepEqual(r.Counts, []training.ChoiceCount{{"講義", 0}, {"演習", 2}, {"旧選択肢", 1}}) {
		t.Errorf("choice %+v", r.Counts)
	}
}

func TestSurveyAndReportOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		e := newRecEnv(t, d)
		ctx, muni := e.ctx, e.muni
		p, _ := e.ts.ProgramByCode(ctx, muni, "SETTAI")
		p.CompletionReport, p.CompletionSurvey = true, true
		if err := e.ts.SaveProgram(ctx, audit.System, muni, p); err != nil {
			t.Fatal(err)
		}
		if _, err := e.ts.SurveyOf(ctx, muni, p.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("survey before any: %v", err)
		}
		if nv, err := e.ts.SaveSurvey(ctx, audit.System, muni, p.ID, "", []training.Question{
			{Ord: 1, Kind: "scale", Text: "満足度", Required: true},
			{Ord: 2, Kind: "text", Text: "感想"}}); err != nil || nv {
			t.Fatal(nv, err)
		}
		sv, err := e.ts.SurveyOf(ctx, muni, p.ID)
		if err != nil || sv.Title != "受講後アンケート" || len(sv.Questions) != 2 {
			t.Fatalf("%+v %v", sv, err)
		}
		x := e.session(t, "SETTAI", "2026-05-20")
		e.enrol(t, x.ID, "R001", "R002")
		if err := e.ts.MarkAttendance(ctx, audit.System, muni, x.ID, []training.Mark{{Number: "R001", Status: "present"}, {Number: "R002", Status: "present"}}); err != nil {
			t.Fatal(err)
		}
		if c := e.certificate(t, x.ID, "R001"); c != "" {
			t.Fatalf("completed without report and survey: %s", c)
		}

		// Survey: once per session.
		q1, q2 := sv.Questions[0].ID, sv.Questions[1].ID
		if err := e.ts.AnswerSurvey(ctx, audit.System, muni, x.ID, e.ids["R001"], map[int64]string{q1: "4", q2: "学びが多かった"}); err != nil {
			t.Fatal(err)
		}
		err = e.ts.AnswerSurvey(ctx, audit.System, muni, x.ID, e.ids["R001"], map[int64]string{q1: "1"})
		wantCode(t, err, apperr.Conflict)
		if err := e.ts.AnswerSurvey(ctx, audit.System, muni, x.ID, e.ids["R002"], map[int64]string{q1: "5"}); err != nil {
			t.Fatal(err)
		}
		res, sums, err := e.ts.SurveyResults(ctx, muni, p.ID, 2026, 0)
		if err != nil || len(res) != 1 || res[0].Responses != 2 || res[0].Questions[0].Mean != 4.5 || len(res[0].Questions[1].Texts) != 1 {
			t.Fatalf("results %+v %v", res, err)
		}
		if len(sums) != 1 || sums[0].Responses != 2 || sums[0].Mean != 4.5 {
			t.Fatalf("per session %+v", sums)
		}
		// Changed after answers: a new version, old answers kept with theirs.
		if nv, err := e.ts.SaveSurvey(ctx, audit.System, muni, p.ID, "改訂版", []training.Question{{Ord: 1, Kind: "scale", Text: "理解度"}}); err != nil || !nv {
			t.Fatal(nv, err)
		}
		if res, _, _ := e.ts.SurveyResults(ctx, muni, p.ID, 2026, x.ID); len(res) != 1 || res[0].Questions[0].Text != "満足度" {
			t.Fatalf("old version results %+v", res)
		}

		// Report: draft, submit, return, resubmit, accept.
		id1 := e.ids["R001"]
		if err := e.ts.SaveReport(ctx, audit.System, muni, x.ID, id1, "下書きです", false); err != nil {
			t.Fatal(err)
		}
		if err := e.ts.SaveReport(ctx, audit.System, muni, x.ID, id1, "短い", true); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("short report submitted: %v", err)
		}
		body := "接遇の基本を学び、窓口での対応を見直すきっかけになった。"
		if err := e.ts.SaveReport(ctx, audit.System, muni, x.ID, id1, body, true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, e.ts.SaveReport(ctx, audit.System, muni, x.ID, id1, body+"追記", false), apperr.Conflict)
		r, _ := e.ts.ReportOf(ctx, muni, x.ID, id1)
		if r.Status != training.ReportSubmitted || r.SubmittedAt == nil || r.Number != "R001" {
			t.Fatalf("report %+v", r)
		}
		// R001 is in 総務部: a 市民文化部 supervisor cannot see it.
		other := staffScope("市民文化部")
		wantCode(t, e.ts.ReviewReport(ctx, audit.System, muni, other, 0, r.ID, true, ""), apperr.NotFound)
		if q, _ := e.ts.Reports(ctx, muni, other, training.ReportSubmitted); len(q) != 0 {
			t.Fatalf("other department's queue %+v", q)
		}
		mine := staffScope("総務部")
		if q, _ := e.ts.Reports(ctx, muni, mine, training.ReportSubmitted); len(q) != 1 {
			t.Fatalf("queue %+v", q)
		}
		wantCode(t, e.ts.ReviewReport(ctx, audit.System, muni, mine, id1, r.ID, true, ""), apperr.Forbidden)
		wantCode(t, e.ts.ReviewReport(ctx, audit.System, muni, mine, 0, r.ID, false, ""), apperr.Invalid)
		if err := e.ts.ReviewReport(ctx, audit.System, muni, mine, e.ids["R004"], r.ID, false, "具体例を加えてください。"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, e.ts.ReviewReport(ctx, audit.System, muni, mine, 0, r.ID, true, ""), apperr.Conflict)
		e.clock = time.Date(2026, 5, 25, 1, 0, 0, 0, time.UTC)
		if err := e.ts.SaveReport(ctx, audit.System, muni, x.ID, id1, body+"例えば電話対応。", true); err != nil {
			t.Fatal(err)
		}
		if err := e.ts.ReviewReport(ctx, audit.System, muni, mine, e.ids["R004"], r.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		c, err := e.ts.CertificateOf(ctx, muni, x.ID, id1)
		if err != nil || c.Number != "令和8年度 第0001号" || c.CompletedOn != "2026-05-25" || c.Hours != 7 {
			t.Fatalf("certificate %+v %v", c, err)
		}
		// R002 answered but wrote no report.
		if ok, missing, _ := e.ts.CompletionStatus(ctx, muni, x.ID, e.ids["R002"]); ok || len(missing) != 1 {
			t.Fatalf("R002 %v %v", ok, missing)
		}
	})
}
