package staff

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends m exactly as encoding/json.Marshal writes it (same
// keys, order and escaping; TestAppendJSONMatchesEncodingJSON holds it to
// that). The staff list API writes up to 1,000 members a page, and doing it
// through reflection was most of that answer's CPU.
func (m *Member) AppendJSON(b []byte) []byte {
	fields := [...]struct {
		key string
		val string
	}{
		{`{"number":`, m.Number}, {`,"family_name":`, m.FamilyName}, {`,"given_name":`, m.GivenName},
		{`,"family_kana":`, m.FamilyKana}, {`,"given_kana":`, m.GivenKana}, {`,"gender":`, m.Gender},
		{`,"birth_date":`, m.BirthDate}, {`,"hire_date":`, m.HireDate}, {`,"employment_type":`, m.EmploymentType},
		{`,"job_type":`, m.JobType}, {`,"title":`, m.Title}, {`,"rank":`, m.Rank}, {`,"rank_since":`, m.RankSince},
		{`,"unit":`, m.Unit}, {`,"university":`, m.University}, {`,"email":`, m.Email}, {`,"status":`, m.Status},
	}
	for _, f := range fields {
		b = append(b, f.key...)
		b = appendJSONString(b, f.val)
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does by default: control
// characters, quote and backslash escaped, <, > and & as \u003c…, U+2028
// and U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendListJSON writes a page of the staff list as the API's
// {"total":…,"limit":…,"offset":…,"items":[…]} object.
func AppendListJSON(b []byte, total, limit, offset int, items []*Member) []byte {
	b = append(b, `{"total":`...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `,"limit":`...)
	b = strconv.AppendInt(b, int64(limit), 10)
	b = append(b, `,"offset":`...)
	b = strconv.AppendInt(b, int64(offset), 10)
	b = append(b, `,"items":[`...)
	for i, m := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = m.AppendJSON(b)
	}
	return append(b, "]}"...)
}
