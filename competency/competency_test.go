package competency

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"hagukumi/sheet"
)

var ladder = []string{"主事", "主任", "係長"}

func framework() *Framework {
	return &Framework{RevisedOn: "2026-04-01", Competencies: []Competency{
		{Code: "C1", Area: "基礎", Name: "報連相", Levels: []Level{{Rank: "主事", Level: 2}, {Rank: "主任", Level: 3}}},
		{Code: "C2", Area: "企画", Name: "企画力", Levels: []Level{{Rank: "主任", Level: 1}, {Rank: "係長", Level: 3}}},
		{Code: "C3", Area: "専門", Name: "保健指導", Levels: []Level{{Rank: "主事", Level: 0}, {Rank: "主事", JobFamily: "保健師", Level: 2}}},
	}}
}

func TestRequired(t *testing.T) {
	cases := []struct {
		rank, job string
		want      []string
	}{
		{"主事", "", []string{"C1"}},
		{"主事", "保健師", []string{"C1", "C3"}},
		{"主任", "", []string{"C1", "C2"}},
		{"係長", "", []string{"C2"}},
		{"部長", "", nil},
	}
	for _, c := range cases {
		var got []string
		for _, r := range framework().Required(c.rank, c.job) {
			got = append(got, r.Code)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s/%s: %v, want %v", c.rank, c.job, got, c.want)
		}
	}
}

func TestBuild(t *testing.T) {
	in := Input{Framework: framework(), Rank: "主事", NextRank: NextRank(ladder, "主事"),
		Completed: []Activity{{Kind: "program", Code: "NEW_HIRE", Name: "新規採用職員研修", FY: 2026}},
		Mapping:   map[string][]string{"C1": {"NEW_HIRE", "SETTAI"}, "C2": {"YEAR2", "POLICY"}},
		Names:     map[string]string{"POLICY": "政策形成研修", "SETTAI": "接遇研修"},
		OJT:       map[string][]Activity{"C1": {{Kind: "ojt", Name: "OJT「電話応対」", FY: 2026}}},
		Due:       []Due{{Code: "YEAR2", Name: "採用2年目職員研修", FY: 2027}},
	}
	v := Build(in)
	if v.NextRank != "主任" || len(v.Current) != 1 || len(v.Next) != 2 {
		t.Fatalf("view %+v", v)
	}
	if got := len(v.Current[0].Activities); got != 2 {
		t.Errorf("C1 activities %d, want the programme and the OJT item", got)
	}
	var sug []string
	for _, s := range v.Suggestions {
		sug = append(sug, s.Code)
	}
	// SETTAI (C1) and POLICY (C2) are neither done nor due; YEAR2 is due,
	// NEW_HIRE done.
	if !slices.Equal(sug, []string{"POLICY", "SETTAI"}) {
		t.Errorf("suggestions %v", sug)
	}
	if NextRank(ladder, "係長") != "" || NextRank(ladder, "部長") != "" {
		t.Error("no rank above the top or off the ladder")
	}
	empty := Build(Input{Rank: "主事"})
	if empty.Current == nil || empty.Due == nil || empty.Suggestions == nil {
		t.Error("lists must be empty, not null, in the JSON")
	}
}

func TestTableRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w, err := sheet.New(&buf, "csv", "t")
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(w, framework(), ladder); err != nil {
		t.Fatal(err)
	}
	comps, err := ReadTable(&buf, ladder)
	if err != nil {
		t.Fatal(err)
	}
	if len(comps) != 3 || comps[0].Code != "C1" || len(comps[0].Levels) != 2 || comps[1].Levels[1] != (Level{Rank: "係長", Level: 3}) {
		t.Errorf("read back %+v", comps)
	}
	for _, bad := range []string{
		"コード,領域,名称\n",
		"コード,領域,名称,定義,行動指標,部長\nC1,a,b,,,1\n",
		"コード,領域,名称,定義,行動指標,主事\nC1,a,b,,,高い\n",
	} {
		if _, err := ReadTable(strings.NewReader(bad), ladder); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	f := framework()
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, broken := range map[string]func(*Framework){
		"date":      func(f *Framework) { f.RevisedOn = "令和8年" },
		"duplicate": func(f *Framework) { f.Competencies[1].Code = "C1" },
		"no name":   func(f *Framework) { f.Competencies[0].Name = "" },
		"level":     func(f *Framework) { f.Competencies[0].Levels[0].Level = 9 },
		"long":      func(f *Framework) { f.Competencies[0].Name = strings.Repeat("長", 101) },
	} {
		f := framework()
		broken(f)
		if f.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCoverage(t *testing.T) {
	people := []Holder{
		{Rank: "主事", Completed: map[string]int{"NEW_HIRE": 2025}},
		{Rank: "主事", Completed: map[string]int{}},
		{Rank: "主任", Completed: map[string]int{"POLICY": 2024}},
	}
	got := Coverage(framework(), ladder, people, map[string][]string{"C1": {"NEW_HIRE"}, "C2": {"POLICY"}})
	want := []CoverageLine{
		{Rank: "主事", Code: "C1", Name: "報連相", Level: 2, Staff: 2, Covered: 1, Share: 0.5},
		{Rank: "主任", Code: "C1", Name: "報連相", Level: 3, Staff: 1, Covered: 0, Share: 0},
		{Rank: "主任", Code: "C2", Name: "企画力", Level: 1, Staff: 1, Covered: 1, Share: 1},
		{Rank: "係長", Code: "C2", Name: "企画力", Level: 3, Staff: 0, Covered: 0, Share: 0},
	}
	if !slices.Equal(got, want) {
		t.Errorf("coverage\n%+v\nwant\n%+v", got, want)
	}
}
