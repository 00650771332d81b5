package stafffile

import (
	"fmt"
	"strings"

	"hagukumi/jtext"
)

var genders = map[string]string{
	"男": "男", "男性": "男", "m": "男", "male": "男", "1": "男",
	"女": "女", "女性": "女", "f": "女", "female": "女", "2": "女",
}

var employments = map[string]string{
	"正規": regular, "正職員": regular, "正規職員": regular, "常勤": regular,
	"再任用": reappoint, "再任用職員": reappoint,
	"任期付": fixedTerm, "任期付職員": fixedTerm, "任期付き": fixedTerm, "任期付き職員": fixedTerm,
	"会計年度任用": fiscalYearAppointed, "会計年度": fiscalYearAppointed, "会計年度任用職員": fiscalYearAppointed,
}

var statuses = map[string]string{
	"在職": active, "在籍": active, "現職": active,
	"休職": onLeave, "休職中": onLeave,
	"退職": retired, "退職済": retired, "退職済み": retired,
}

func (d *decoder) fill(r *Row) {
	line := r.Line
	if d.columns == nil {
		has := func(f field) bool { return d.col[f] >= 0 }
		d.columns = &Columns{Kana: has(fieldKana) || has(fieldFamilyKana), Gender: has(fieldGender), Birth: has(fieldBirth),
			Job: has(fieldJob), Rank: has(fieldRank), RankSince: has(fieldRankSince), Unit: has(fieldUnit), University: has(fieldUniversity),
			Email: has(fieldEmail), Status: has(fieldStatus), Candidate: has(fieldCandidate)}
	}
	r.Columns = d.columns

	// 職員番号
	if v, ok := d.get(fieldNumber); ok {
		switch {
		case v == "":
			d.add(line, d.name(fieldNumber), d.name(fieldNumber)+"が空です")
		case !isAlnum(v):
			d.add(line, d.name(fieldNumber), fmt.Sprintf("%sは英数字で入力してください: %s", d.name(fieldNumber), shorten(v)))
		default:
			// A copy: the cell shares its memory with the whole record,
			// and the number outlives the row (in seen and in results).
			v = strings.Clone(upperASCII(v))
			r.Number = v
			if prev, dup := d.seen[v]; dup {
				d.add(line, d.name(fieldNumber), fmt.Sprintf("%s %s が %d 行目と重複しています", d.name(fieldNumber), v, prev))
			} else {
				d.seen[v] = line
			}
		}
	}

	// 氏名 / 姓 / 名: 姓 and 名 win; 氏名 fills in when both are empty.
	fam, famOK := d.get(fieldFamily)
	giv, givOK := d.get(fieldGiven)
	full, fullOK := d.get(fieldFullName)
	if fam == "" && giv == "" && full != "" {
		fam, giv = splitName(full)
	}
	r.FamilyName, r.GivenName = fam, giv
	switch {
	case fam == "" && giv == "":
		switch {
		case fullOK:
			d.add(line, d.name(fieldFullName), d.name(fieldFullName)+"が空です")
		case famOK:
			d.add(line, d.name(fieldFamily), d.name(fieldFamily)+"が空です")
		case givOK:
			d.add(line, d.name(fieldGiven), d.name(fieldGiven)+"が空です")
		}
	case fam == "" && famOK:
		d.add(line, d.name(fieldFamily), d.name(fieldFamily)+"が空です")
	}

	// フリガナ / セイ / メイ: optional; セイ and メイ win over フリガナ.
	fk, fkOK := d.kana(line, fieldFamilyKana)
	gk, gkOK := d.kana(line, fieldGivenKana)
	if fk == "" && gk == "" {
		if k, ok := d.kana(line, fieldKana); ok && k != "" {
			fk, gk = splitName(k)
		}
	} else if fk == "" && fkOK && gkOK {
		d.add(line, d.name(fieldFamilyKana), d.name(fieldFamilyKana)+"が空です（"+d.name(fieldGivenKana)+"だけ入っています）")
	}
	r.FamilyKana, r.GivenKana = fk, gk

	// 性別
	if v, ok := d.get(fieldGender); ok && v != "" {
		if g, found := genders[lowerASCII(v)]; found {
			r.Gender = g
		} else {
			d.add(line, d.name(fieldGender), fmt.Sprintf("%sは 男・女 のいずれかです: %s", d.name(fieldGender), shorten(v)))
		}
	}

	r.BirthDate = d.date(line, fieldBirth, false)
	r.HireDate = d.date(line, fieldHire, true)
	r.RankSince = d.date(line, fieldRankSince, false)
	if !r.BirthDate.IsZero() && !r.HireDate.IsZero() && !r.BirthDate.Before(r.HireDate) {
		d.add(line, d.name(fieldHire), fmt.Sprintf("%sが%sより前か同じ日です", d.name(fieldHire), d.name(fieldBirth)))
	}

	// 雇用区分
	if v, ok := d.get(fieldEmployment); ok {
		if v == "" {
			d.add(line, d.name(fieldEmployment), d.name(fieldEmployment)+"が空です")
		} else if e, found := employments[v]; found {
			r.EmploymentType = e
		} else {
			d.add(line, d.name(fieldEmployment), fmt.Sprintf("%sは 正規・再任用・任期付・会計年度任用 のいずれかです: %s", d.name(fieldEmployment), shorten(v)))
		}
	}

	r.JobType, _ = d.get(fieldJob)
	r.Rank, _ = d.get(fieldRank)
	r.University, _ = d.get(fieldUniversity)
	r.Candidate, _ = d.get(fieldCandidate)
	if v, _ := d.get(fieldUnit); v != "" {
		r.Unit = splitUnit(v, &d.unitPool)
	}

	if v, ok := d.get(fieldEmail); ok && v != "" {
		if validEmail(v) {
			r.Email = v
		} else {
			d.add(line, d.name(fieldEmail), fmt.Sprintf("%sの形式が正しくありません: %s", d.name(fieldEmail), shorten(v)))
		}
	}

	r.Status = active
	if v, ok := d.get(fieldStatus); ok && v != "" {
		if s, found := statuses[v]; found {
			r.Status = s
		} else {
			d.add(line, d.name(fieldStatus), fmt.Sprintf("%sは 在職・休職・退職 のいずれかです: %s", d.name(fieldStatus), shorten(v)))
		}
	}
}

// kana reads field f as katakana (hiragana is converted). It reports a
// problem and returns ok=false when the cell holds anything but katakana,
// ー, ・ and spaces.
func (d *decoder) kana(line int, f field) (string, bool) {
	v, ok := d.get(f)
	if !ok || v == "" {
		return "", ok
	}
	k := jtext.Katakana(v)
	if firstNonKatakana(k) >= 0 {
		d.add(line, d.name(f), fmt.Sprintf("%sはカタカナで入力してください: %s", d.name(f), shorten(v)))
		return "", false
	}
	return k, true
}
