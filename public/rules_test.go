package public

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"hagukumi/apperr"
)

func TestContactValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    Contact
		field string // "" when valid
	}{
		{"valid", Contact{Name: "静岡 花子", Email: "hanako@example.jp", Message: "質問です"}, ""},
		{"no email is fine", Contact{Message: "質問です"}, ""},
		{"empty message", Contact{Message: " \n "}, "message"},
		{"4000 characters", Contact{Message: strings.Repeat("あ", 4000)}, ""},
		{"4001 characters", Contact{Message: strings.Repeat("あ", 4001)}, "message"},
		{"two at signs", Contact{Email: "a@@example.jp", Message: "x"}, "email"},
		{"no domain dot", Contact{Email: "a@localhost", Message: "x"}, "email"},
		{"display name", Contact{Email: "花子 <a@example.jp>", Message: "x"}, "email"},
		{"long name", Contact{Name: strings.Repeat("名", 101), Message: "x"}, "name"},
		{"invalid utf-8", Contact{Message: "\xff"}, "message"},
	} {
		c.in.Normalize()
		err := c.in.Validate()
		fe := apperr.FieldsOf(err)
		if c.field == "" && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.field != "" && fe[c.field] == "" {
			t.Errorf("%s: no error on %s (%v)", c.name, c.field, err)
		}
	}
}

func TestStamp(t *testing.T) {
	key := []byte("k")
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	st := Stamp(key, now)
	for _, c := range []struct {
		name  string
		stamp string
		at    time.Time
		want  int
	}{
		{"at once", st, now.Add(time.Second), StampTooFast},
		{"in time", st, now.Add(MinFill), StampOK},
		{"too late", st, now.Add(MaxFill + time.Second), StampExpired},
		{"other key", Stamp([]byte("other"), now), now.Add(time.Minute), StampBad},
		{"altered time", "1" + st, now.Add(time.Minute), StampBad},
		{"empty", "", now, StampBad},
	} {
		if got := CheckStamp(key, c.stamp, c.at); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestSolved(t *testing.T) {
	stamp := "1780000000.abcdef.sig"
	n := 0
	for ; !Solved(stamp, itoa(n)); n++ {
	}
	if Solved(stamp+"x", itoa(n)) && Solved(stamp+"y", itoa(n)) && Solved(stamp+"z", itoa(n)) {
		t.Error("the nonce of one stamp solves others: the puzzle does not depend on the stamp")
	}
	if Solved(stamp, "") {
		t.Error("an empty nonce solves the puzzle")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestRulesOfState(t *testing.T) {
	closedAt := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	if PurgeAfter(KindContact, StateWorking, closedAt) != nil {
		t.Error("an open submission has a purge date")
	}
	if p := PurgeAfter(KindContact, StateAnswered, closedAt); p == nil || !p.Equal(closedAt.AddDate(1, 0, 0)) {
		t.Errorf("purge after %v, want a year after closing", p)
	}
	for _, c := range []struct {
		state    string
		withdraw bool
		label    string
	}{
		{StateReceived, true, "受付"}, {StateWorking, true, "対応中"}, {StateAnswered, false, "対応終了"},
		{StateWithdrawn, false, "取り下げ済み"}, {StateSpam, false, "対応終了"},
	} {
		if CanWithdraw(c.state) != c.withdraw || SenderLabel(c.state) != c.label {
			t.Errorf("%s: withdraw %v label %s", c.state, CanWithdraw(c.state), SenderLabel(c.state))
		}
	}
	if !Allowed(KindContact, RatePerClient-1, 0) || Allowed(KindContact, RatePerClient, 0) || Allowed(KindContact, 0, RateGlobal) || !Allowed(KindRecruit, RatePerClient, 0) {
		t.Error("rate limit boundaries")
	}
}
