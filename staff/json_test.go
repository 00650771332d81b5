package staff

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// The hand-written encoder writes byte for byte what encoding/json writes,
// for ordinary Japanese records and for every awkward character.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	awkward := []string{"", "髙橋 一樹", "ﾀｶﾊｼ", `"quoted" \back\`, "<script>&amp;</script>", "line\nbreak\r\ttab\b\f",
		"\x00\x01\x1f\x7f", "\u2028\u2029", "bad \xff\xfe utf8", "𠮷野家", "=cmd|' /C calc'!A0", "a\u00e9\u3000b"}
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return awkward[rnd.IntN(len(awkward))] }
	var items []*Member
	for i := range 300 {
		m := &Member{ID: int64(i), Number: pick(), FamilyName: pick(), GivenName: pick(), FamilyKana: pick(), GivenKana: pick(),
			Gender: pick(), BirthDate: pick(), HireDate: pick(), EmploymentType: pick(), JobType: pick(), Title: pick(),
			RankID: 3, Rank: pick(), RankOrdinal: 2, RankSince: pick(), UnitID: 9, Unit: pick(), University: pick(), Email: pick(), Status: pick()}
		items = append(items, m)
		want, _ := json.Marshal(m)
		if got := m.AppendJSON(nil); string(got) != string(want) {
			t.Fatalf("member %d:\n got %s\nwant %s", i, got, want)
		}
	}
	for _, page := range [][]*Member{nil, items[:1], items} {
		if page == nil {
			page = []*Member{}
		}
		want, _ := json.Marshal(struct {
			Total  int       `json:"total"`
			Limit  int       `json:"limit"`
			Offset int       `json:"offset"`
			Items  []*Member `json:"items"`
		}{1234, 50, 100, page})
		if got := AppendListJSON(nil, 1234, 50, 100, page); string(got) != string(want) {
			t.Fatalf("list of %d:\n got %s\nwant %s", len(page), got, want)
		}
	}
}
