package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/calendar"
)

// FY is the one ?fy= parser: empty means the current 年度; otherwise
// calendar.ParseFY's forms and range. Anything else is a 400 with its
// Japanese message.
func FY(r *http.Request, now time.Time) (int, error) {
	return ParseFY(r.FormValue("fy"), now)
}

// ParseFY reads a 年度 typed by a user, with FY's rules.
func ParseFY(v string, now time.Time) (int, error) {
	fy, err := calendar.ParseFY(v, now)
	if err != nil {
		return 0, apperr.Wrap(apperr.Invalid, err, err.Error())
	}
	return fy, nil
}

// ID reads a positive integer path value ({id}); anything else is a 404,
// since no record has that number.
func ID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.NotFoundf("お探しのページは見つかりません。")
	}
	return n, nil
}

// Int reads a non-negative integer form or query value; absent or broken is 0.
func Int(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.FormValue(name))
	if n < 0 {
		return 0
	}
	return n
}

// Int64 is Int for identifiers.
func Int64(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.FormValue(name), 10, 64)
	if n < 0 {
		return 0
	}
	return n
}

// LocalPath keeps a redirect on this site: it returns p when p is a path
// of this site (starts with one "/", no scheme or host, no backslash, no
// control or space characters anywhere, which browsers strip or
// reinterpret), and def otherwise. Every redirect built from user input
// goes through it.
func LocalPath(p, def string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || !utf8.ValidString(p) {
		return def
	}
	for _, c := range p {
		if c <= ' ' || c == '\\' || c == 0x7f || (c >= 0x80 && c <= 0x9f) {
			return def
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return def
	}
	// A path that unescapes to "//…" or "/\…" is read as a host by some clients.
	up, err := url.PathUnescape(u.EscapedPath())
	if err != nil || strings.HasPrefix(up, "//") || strings.HasPrefix(up, "/\\") || !CleanText(up, false) {
		return def
	}
	return p
}

// MaxFields caps the fields of a form or query; no page of this
// application sends more than a roster of a few thousand ticks.
const MaxFields = 5000

// checkForm reads a URL-encoded form (and the query) and refuses text a
// person cannot have typed: invalid UTF-8 and control characters other
// than tab and line breaks, which PostgreSQL would also refuse (NUL).
// Multipart bodies (file uploads) are read by their handlers.
func checkForm(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return checkValues(r.URL.Query())
	}
	if strings.Count(r.URL.RawQuery, "&") >= MaxFields {
		return apperr.Invalidf(apperr.MsgTooManyField)
	}
	if r.Body != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		// Count the fields before parsing them: the parser's own limit
		// answers with an error that only its text tells apart.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		if bytes.Count(body, []byte("&")) >= MaxFields {
			return apperr.Invalidf(apperr.MsgTooManyField)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return apperr.Wrap(apperr.Invalid, err, "送信内容を読み取れませんでした。")
	}
	return checkValues(r.Form)
}

func checkValues(v url.Values) error {
	n := 0
	for k, vs := range v {
		n += len(vs)
		if n > MaxFields {
			return apperr.Invalidf(apperr.MsgTooManyField)
		}
		if !CleanText(k, false) {
			return apperr.Invalidf(apperr.MsgBadText)
		}
		for _, x := range vs {
			if !CleanText(x, true) {
				return apperr.Invalidf(apperr.MsgBadText)
			}
		}
	}
	return nil
}

// CleanText tells whether s is valid UTF-8 without control characters;
// multiLine allows tab, CR and LF.
func CleanText(s string, multiLine bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, c := range s {
		if c < ' ' || c == 0x7f || (c >= 0x80 && c <= 0x9f) {
			if multiLine && (c == '\t' || c == '\n' || c == '\r') {
				continue
			}
			return false
		}
	}
	return true
}

// PageSize is the length of a paged list.
const PageSize = 50

// Paging is the position of a paged list and its neighbour links.
type Paging struct {
	Page, Total      int
	PrevURL, NextURL string
}

// PageOf reads ?page= (from 1) and returns the limit and offset to query.
func PageOf(r *http.Request) (page, limit, offset int) {
	page = Int(r, "page")
	if page < 1 {
		page = 1
	}
	if page > 1_000_000 {
		page = 1_000_000
	}
	return page, PageSize, (page - 1) * PageSize
}

// Links fills the previous and next links of a list at base with the
// request's other query values kept.
func (p *Paging) Links(r *http.Request, base string) {
	q := r.URL.Query()
	if p.Page > 1 {
		q.Set("page", strconv.Itoa(p.Page-1))
		p.PrevURL = base + "?" + q.Encode()
	}
	if p.Page*PageSize < p.Total {
		q.Set("page", strconv.Itoa(p.Page+1))
		p.NextURL = base + "?" + q.Encode()
	}
}

// ContentDisposition names a download in UTF-8 (RFC 6266), with an ASCII fallback.
func ContentDisposition(name string) string {
	return `attachment; filename="download"; filename*=UTF-8''` + url.PathEscape(name)
}
