package public

import (
	"net/url"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzContactForm decodes arbitrary form bodies as the contact form does:
// nothing panics, and whatever Validate accepts is within the limits.
func FuzzContactForm(f *testing.F) {
	f.Add("name=a&email=a%40example.jp&message=hello&stamp=1.2.3&pow=7")
	f.Add("message=" + url.QueryEscape("あ") + "&email=%00@x.y")
	f.Add("message=%ff%fe&name=%e3%81")
	f.Add("stamp=" + url.QueryEscape(Stamp([]byte("k"), time.Unix(1, 0))))
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		c := Contact{Name: v.Get("name"), Email: v.Get("email"), Message: v.Get("message")}
		c.Normalize()
		if c.Validate() == nil {
			if utf8.RuneCountInString(c.Message) == 0 || utf8.RuneCountInString(c.Message) > MaxMessage ||
				utf8.RuneCountInString(c.Name) > MaxName || len(c.Email) > MaxEmail || !utf8.ValidString(c.Name+c.Email+c.Message) {
				t.Fatalf("accepted out of limits: %+v", c)
			}
			if c.Email != "" && !ValidEmail(c.Email) {
				t.Fatalf("accepted a bad address %q", c.Email)
			}
		}
		CheckStamp([]byte("k"), v.Get("stamp"), time.Unix(100, 0))
		Solved(v.Get("stamp"), v.Get("pow"))
	})
}
