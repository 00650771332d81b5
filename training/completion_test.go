package training_test

import (
	"reflect"
	"testing"

	"hagukumi/training"
)

func TestCompletionRule(t *testing.T) {
	std := training.CompletionRule{MinPct: 75}
	all := training.CompletionRule{MinPct: 75, NeedReport: true, NeedSurvey: true}
	cases := []struct {
		name    string
		rule    training.CompletionRule
		facts   training.CompletionFacts
		ok      bool
		missing int
	}{
		{"present", std, training.CompletionFacts{SessionHours: 7, Status: "present", Hours: 7}, true, 0},
		{"present with hours not filled in", std, training.CompletionFacts{SessionHours: 7, Status: "present"}, true, 0},
		{"partial exactly 75%", std, training.CompletionFacts{SessionHours: 7, Status: "partial", Hours: 5.25}, true, 0},
		{"partial below 75%", std, training.CompletionFacts{SessionHours: 7, Status: "partial", Hours: 5}, false, 1},
		{"absent", std, training.CompletionFacts{SessionHours: 7, Status: "absent"}, false, 1},
		{"not recorded", std, training.CompletionFacts{SessionHours: 7}, false, 1},
		{"100% needs all hours", training.CompletionRule{MinPct: 100}, training.CompletionFacts{SessionHours: 3, Status: "partial", Hours: 2.75}, false, 1},
		{"0% needs only to be there", training.CompletionRule{MinPct: 0}, training.CompletionFacts{SessionHours: 3, Status: "partial", Hours: 0.25}, true, 0},
		{"report missing", all, training.CompletionFacts{SessionHours: 2, Status: "present", SurveyAvailable: true, SurveyAnswered: true}, false, 1},
		{"survey missing", all, training.CompletionFacts{SessionHours: 2, Status: "present", ReportAccepted: true, SurveyAvailable: true}, false, 1},
		{"survey not built yet", all, training.CompletionFacts{SessionHours: 2, Status: "present", ReportAccepted: true}, true, 0},
		{"everything", all, training.CompletionFacts{SessionHours: 2, Status: "present", ReportAccepted: true, SurveyAvailable: true, SurveyAnswered: true}, true, 0},
		{"nothing at all", all, training.CompletionFacts{SessionHours: 2, SurveyAvailable: true}, false, 3},
	}
	for _, c := range cases {
		ok, missing := c.rule.Evaluate(c.facts)
		if ok != c.ok || len(missing) != c.missing {
			t.Errorf("%s: %v %v, want %v with %d missing", c.name, ok, missing, c.ok, c.missing)
		}
	}
}

func TestCertificateNumber(t *testing.T) {
	cases := map[string]string{
		training.CertificateNumber(training.NumberByYear, 2026, "新規採用職員研修", 1):         "令和8年度 第0001号",
		training.CertificateNumber(training.NumberByYear, 2019, "接遇研修", 12):            "令和元年度 第0012号",
		training.CertificateNumber(training.NumberByProgram, 2018, "採用2年目職員研修", 10000): "平成30年度 採用2年目職員研修 第10000号",
		training.CertificateNumber(training.NumberByProgram, 1988, "新任課長研修", 3):        "昭和63年度 新任課長研修 第0003号",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
	if got := (training.CompletionRule{MinPct: 80, NeedReport: true}).Sentence(); got != "開催時間の80%以上の出席・受講報告書の承認" {
		t.Errorf("sentence %q", got)
	}
	if got := []string{training.FormatHours(7), training.FormatHours(3.5), training.FormatHours(1.25)}; !reflect.DeepEqual(got, []string{"7", "3.5", "1.25"}) {
		t.Errorf("hours %v", got)
	}
}
