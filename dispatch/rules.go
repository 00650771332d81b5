package dispatch

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/public"
)

const day = "2006-01-02"

// Form is what the public request form sends, as typed.
type Form struct {
	Organisation  string
	ContactName   string
	Email         string
	Phone         string
	RequesterType string
	Topic         string // a menu topic id, or empty
	TopicText     string // a free topic when Topic is empty
	Dates         [3]string
	Place         string
	Online        bool
	Audience      string
	AudienceSize  string
	Purpose       string
	PurposeOK     bool
}

// Normalize trims every field and makes line ends one form.
func (f *Form) Normalize() {
	for _, p := range []*string{&f.Organisation, &f.ContactName, &f.Email, &f.Phone, &f.RequesterType, &f.Topic, &f.TopicText,
		&f.Dates[0], &f.Dates[1], &f.Dates[2], &f.Place, &f.Audience, &f.AudienceSize, &f.Purpose} {
		*p = strings.TrimSpace(strings.ReplaceAll(*p, "\r\n", "\n"))
	}
	if f.RequesterType == "" {
		f.RequesterType = "その他"
	}
}

// Checked is a form that passed Check.
type Checked struct {
	TopicID int64
	Dates   []string
	Size    int
}

// Check applies the form's field limits and the municipality's rules
// (lead time, audience size, the purpose declaration) on the day today.
// Every refusal is a Japanese message next to its field.
func (f *Form) Check(today time.Time, st Settings) (Checked, error) {
	var c Checked
	fe := apperr.FieldErrors{}
	limit := func(field, label, v string, max int, required bool) {
		n := utf8.RuneCountInString(v)
		if required && n == 0 {
			fe[field] = label + "を入力してください。"
		} else if n > max {
			fe[field] = label + "は" + strconv.Itoa(max) + "文字以内で入力してください。"
		}
	}
	limit("organisation", "団体名", f.Organisation, 100, true)
	limit("contact_name", "ご担当者名", f.ContactName, public.MaxName, true)
	limit("phone", "電話番号", f.Phone, 30, false)
	limit("topic_text", "テーマ", f.TopicText, 100, false)
	limit("place", "会場", f.Place, 200, false)
	limit("audience", "対象者", f.Audience, 200, false)
	limit("purpose", "目的", f.Purpose, 2000, false)
	if f.Email == "" {
		fe["email"] = "メールアドレスを入力してください（受付のお知らせと状況確認のリンクをお送りします）。"
	} else if !public.ValidEmail(f.Email) {
		fe["email"] = "メールアドレスの形式が正しくありません（例: name@example.jp）。"
	}
	okType := false
	for _, t := range RequesterTypes {
		okType = okType || t == f.RequesterType
	}
	if !okType {
		fe["requester_type"] = "団体の種類を選んでください。"
	}
	if f.Topic != "" {
		id, err := strconv.ParseInt(f.Topic, 10, 64)
		if err != nil || id <= 0 {
			// A topic typed into the topic field is a free topic.
			if f.TopicText == "" && utf8.RuneCountInString(f.Topic) <= 100 {
				f.TopicText, f.Topic = f.Topic, ""
			} else {
				fe["topic"] = "テーマを一覧から選ぶか、入力してください。"
			}
		} else {
			c.TopicID = id
		}
	}
	if c.TopicID == 0 && f.TopicText == "" && fe["topic"] == "" {
		fe["topic"] = "テーマを一覧から選ぶか、入力してください。"
	}
	earliest := today.AddDate(0, 0, st.LeadDays)
	for i, v := range f.Dates {
		field := "date" + strconv.Itoa(i+1)
		if v == "" {
			if i == 0 {
				fe[field] = "第1希望日を入力してください。"
			}
			continue
		}
		d, err := time.ParseInLocation(day, v, today.Location())
		if err != nil {
			fe[field] = "希望日は 2026-05-20 の形で入力してください。"
			continue
		}
		if d.Before(earliest) {
			fe[field] = "希望日は申込日から" + strconv.Itoa(st.LeadDays) + "日以上先の日にしてください（" + earliest.Format("2006年1月2日") + "以降）。"
			continue
		}
		if d.After(today.AddDate(1, 0, 0)) {
			fe[field] = "希望日は1年以内の日にしてください。"
			continue
		}
		c.Dates = append(c.Dates, d.Format(day))
	}
	n, err := strconv.Atoi(f.AudienceSize)
	switch {
	case f.AudienceSize == "":
		fe["audience_size"] = "参加予定人数を入力してください。"
	case err != nil || n < 0 || n > 100000:
		fe["audience_size"] = "参加予定人数は数字で入力してください。"
	case n < st.MinAudience:
		fe["audience_size"] = "参加予定人数はおおむね" + strconv.Itoa(st.MinAudience) + "人以上が対象です。"
	}
	c.Size = n
	if !f.PurposeOK {
		fe["purpose_ok"] = "政治・宗教・営利を目的としないことを確認し、チェックを入れてください。"
	}
	if !utf8.ValidString(f.Organisation + f.ContactName + f.Email + f.Phone + f.TopicText + f.Place + f.Audience + f.Purpose) {
		fe["purpose"] = "読み取れない文字が含まれています。"
	}
	if len(fe) > 0 {
		return Checked{}, apperr.Fields(fe)
	}
	return c, nil
}
