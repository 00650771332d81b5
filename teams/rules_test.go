package teams

import (
	"testing"

	"hagukumi/auth"
)

func answered(fy int, status string) Response { return Response{FY: fy, Status: status} }

// TestFollowReflectionRate is the 反映率 rule: items 反映済 or 一部反映 over
// items answered, as of a fiscal year.
func TestFollowReflectionRate(t *testing.T) {
	item := func(rs ...Response) Item { return Item{CohortFY: 2020, Responses: rs} }
	cases := []struct {
		name       string
		items      []Item
		fy         int
		rate       float64
		unanswered int
		open       int
	}{
		{"nothing", nil, 2024, 0, 0, 0},
		{"unanswered items stay out of the denominator", []Item{item(), item(answered(2021, Reflected))}, 2024, 1, 1, 1},
		{"only unanswered", []Item{item(), item()}, 2024, 0, 2, 2},
		{"declined counts as answered, against the rate", []Item{item(answered(2021, Declined)), item(answered(2021, Partly))}, 2024, 0.5, 0, 1}, // 一部反映 stays open
		{"considering is answered and open", []Item{item(answered(2021, Considering)), item(answered(2021, Reflected))}, 2024, 0.5, 0, 1},
		{"the latest answer counts", []Item{item(answered(2021, Considering), answered(2023, Reflected))}, 2024, 1, 0, 0},
		{"answers of later years are not seen in an earlier report", []Item{item(answered(2021, Considering), answered(2023, Reflected))}, 2022, 0, 0, 1},
		{"an item first answered in a later year is unanswered before", []Item{item(answered(2023, Partly)), item(answered(2021, Declined))}, 2022, 0, 1, 1},
		{"the same item answered later is counted then", []Item{item(answered(2023, Partly)), item(answered(2021, Declined))}, 2023, 0.5, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Follow(c.items, c.fy)
			if got.ReflectionRate != c.rate || got.Unanswered != c.unanswered || got.Open != c.open || got.Items != len(c.items) {
				t.Fatalf("Follow = %+v, want rate %v unanswered %d open %d", got, c.rate, c.unanswered, c.open)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	cases := []struct {
		name string
		it   Item
		fy   int
		want bool
	}{
		{"this year's cohort is not yet due", Item{CohortFY: 2024}, 2024, false},
		{"never answered", Item{CohortFY: 2022}, 2024, true},
		{"answered last year, open", Item{CohortFY: 2022, Responses: []Response{answered(2023, Considering)}}, 2024, true},
		{"answered this year", Item{CohortFY: 2022, Responses: []Response{answered(2024, Partly)}}, 2024, false},
		{"closed as reflected", Item{CohortFY: 2022, Responses: []Response{answered(2023, Reflected)}}, 2024, false},
		{"closed as declined", Item{CohortFY: 2022, Responses: []Response{answered(2022, Declined)}}, 2024, false},
	}
	for _, c := range cases {
		if got := Overdue(c.it, c.fy); got != c.want {
			t.Errorf("%s: Overdue = %v", c.name, got)
		}
	}
}

func TestCanAnswerAndDrafts(t *testing.T) {
	deps := []string{"市民文化部", "健康福祉部"}
	cases := []struct {
		u    auth.User
		want bool
	}{
		{auth.User{Role: auth.CenterStaff}, true},
		{auth.User{Role: auth.Liaison, UnitPath: "市民文化部"}, true},
		{auth.User{Role: auth.Liaison, UnitPath: "市民文化部/市民課"}, false}, // a section does not answer for its department
		{auth.User{Role: auth.Liaison, UnitPath: "総務部"}, false},
		{auth.User{Role: auth.Liaison}, false},
		{auth.User{Role: auth.Supervisor, UnitPath: "市民文化部"}, false},
		{auth.User{Role: auth.Staff, StaffID: 3}, false},
	}
	for _, c := range cases {
		if got := CanAnswer(&c.u, deps); got != c.want {
			t.Errorf("CanAnswer(%s %q) = %v", c.u.Role, c.u.UnitPath, got)
		}
	}
	ms := []Member{{StaffID: 3}}
	if !CanSeeDrafts(&auth.User{Role: auth.Staff, StaffID: 3}, ms) || CanSeeDrafts(&auth.User{Role: auth.Staff, StaffID: 4}, ms) ||
		CanSeeDrafts(&auth.User{Role: auth.Liaison}, ms) || !CanSeeDrafts(&auth.User{Role: auth.CenterAdmin}, ms) {
		t.Fatal("CanSeeDrafts")
	}
}

func TestFileTypeByMagicBytes(t *testing.T) {
	cases := map[string]string{
		"%PDF-1.7\n":                          "application/pdf",
		"\x89PNG\r\n\x1a\n....":               "image/png",
		"\xff\xd8\xff\xe0":                    "image/jpeg",
		"PK\x03\x04....word/document.xml":     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"PK\x03\x04....xl/workbook.xml":       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"PK\x03\x04....other.txt":             "",
		"<html><script>alert(1)</script>":     "",
		"MZ\x90\x00 an executable named .pdf": "",
	}
	for in, want := range cases {
		if got := FileType([]byte(in)); got != want {
			t.Errorf("FileType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBalanceOf(t *testing.T) {
	b := BalanceOf([]Member{
		{Role: "リーダー", Unit: "市民文化部/市民課", Rank: "主任主事", Gender: "女"},
		{Role: "メンバー", Unit: "市民文化部/文化課", Rank: "主事", Gender: "男"},
		{Role: "メンバー", Unit: "総務部", Rank: "主事", Gender: "女"},
		{Role: "事務局", Unit: "総務部/人財育成センター", Rank: "主査", Gender: "男"},
	})
	if len(b.Departments) != 2 || b.Departments[0] != (Count{"市民文化部", 2}) || b.Genders[0] != (Count{"女", 2}) || len(b.Ranks) != 2 {
		t.Fatalf("%+v", b)
	}
}

func TestResponseValidate(t *testing.T) {
	ok := Response{FY: 2024, Status: Partly, Progress: 50}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []Response{
		{FY: 2024, Status: "done", Progress: 50},
		{FY: 2024, Status: Partly, Progress: 101},
		{FY: 2024, Status: Partly, Progress: -1},
		{FY: 2024, Status: Declined, Progress: 0}, // no reason
		{FY: 0, Status: Partly, Progress: 1},
	} {
		if err := r.Validate(); err == nil {
			t.Errorf("%+v accepted", r)
		}
	}
}
