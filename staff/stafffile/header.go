package stafffile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"hagukumi/jtext"
)

type field int

const (
	fieldNumber field = iota
	fieldFullName
	fieldFamily
	fieldGiven
	fieldKana
	fieldFamilyKana
	fieldGivenKana
	fieldGender
	fieldBirth
	fieldHire
	fieldEmployment
	fieldJob
	fieldRank
	fieldRankSince
	fieldUnit
	fieldUniversity
	fieldEmail
	fieldStatus
	fieldCandidate
	numFields
)

// headerTable is the source of the alias table documented above.
var headerTable = [numFields][]string{
	fieldNumber:     {"職員番号", "職員No", "職員No.", "職員ＮＯ", "職員コード", "社員番号", "職員ID"},
	fieldFullName:   {"氏名", "名前", "職員氏名"},
	fieldFamily:     {"姓"},
	fieldGiven:      {"名"},
	fieldKana:       {"フリガナ", "ふりがな", "カナ氏名", "氏名カナ", "よみ", "読み", "よみがな"},
	fieldFamilyKana: {"セイ", "姓カナ", "姓フリガナ", "フリガナ(姓)"},
	fieldGivenKana:  {"メイ", "名カナ", "名フリガナ", "フリガナ(名)"},
	fieldGender:     {"性別"},
	fieldBirth:      {"生年月日", "誕生日"},
	fieldHire:       {"採用日", "採用年月日", "入庁日"},
	fieldEmployment: {"雇用区分", "任用区分", "職員区分"},
	fieldJob:        {"職種"},
	fieldRank:       {"職位", "職名", "役職"},
	fieldRankSince:  {"職位発令日", "昇任日", "発令日"},
	fieldUnit:       {"所属", "所属名", "部署"},
	fieldUniversity: {"出身大学", "最終学歴", "出身校"},
	fieldEmail:      {"メール", "メールアドレス", "E-mail", "email", "Eメール"},
	fieldStatus:     {"在職状況", "在職区分", "状態"},
	fieldCandidate:  {"昇格候補", "昇任候補"},
}

var headerIndex = func() map[string]field {
	m := make(map[string]field, 64)
	for f, names := range headerTable {
		for _, n := range names {
			k := headerKey(n)
			if g, dup := m[k]; dup && g != field(f) {
				panic("stafffile: header alias " + n + " maps to two fields")
			}
			m[k] = field(f)
		}
	}
	return m
}()

func (d *decoder) readHeader(line int, cells []string) {
	d.haveHeader = true
	d.header = make([]string, len(cells))
	d.known = make([]bool, len(cells))
	for i, c := range cells {
		if len(c) > maxCellChars && utf8.RuneCountInString(c) > maxCellChars {
			d.add(line, "", fmt.Sprintf("見出し（%d 列目）が長すぎます", i+1))
			continue
		}
		text := trimSpaces(c)
		d.header[i] = text
		if text == "" {
			continue
		}
		f, ok := headerIndex[headerKey(text)]
		if !ok {
			d.add(line, text, "不明な列名です: "+text)
			continue
		}
		if j := d.col[f]; j >= 0 {
			if d.header[j] == text {
				d.add(line, text, fmt.Sprintf("列名が重複しています: %s（%d 列目と %d 列目）", text, j+1, i+1))
			} else {
				d.add(line, text, fmt.Sprintf("列「%s」（%d 列目）は「%s」（%d 列目）と同じ項目です。どちらか一方にしてください", text, i+1, d.header[j], j+1))
			}
			continue
		}
		d.col[f] = i
		d.known[i] = true
	}
	missing := func(name string) { d.add(line, "", "必須の列がありません: "+name) }
	if d.col[fieldNumber] < 0 {
		missing("職員番号")
	}
	if d.col[fieldFullName] < 0 && (d.col[fieldFamily] < 0 || d.col[fieldGiven] < 0) {
		switch {
		case d.col[fieldFamily] >= 0:
			missing("名（姓 の列はありますが 名 の列がありません）")
		case d.col[fieldGiven] >= 0:
			missing("姓（名 の列はありますが 姓 の列がありません）")
		default:
			missing("氏名（または 姓 と 名）")
		}
	}
	if d.col[fieldHire] < 0 {
		missing("採用日")
	}
	if d.col[fieldEmployment] < 0 {
		missing("雇用区分")
	}
}

// get returns the normalised value of field f in the current record. ok is
// false when the column is absent or the cell was already reported.
func (d *decoder) get(f field) (v string, ok bool) {
	i := d.col[f]
	if i < 0 {
		return "", false
	}
	if i >= len(d.cur) {
		return "", true
	}
	if d.bad[i] {
		return "", false
	}
	v = jtext.Fold(d.cur[i])
	// Our own exports put a quote before a leading = + - @ so spreadsheets
	// do not run it (see Neutralize); reading such a file back drops it.
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
		v = v[1:]
	}
	return v, true
}

func (d *decoder) name(f field) string { return d.header[d.col[f]] }

// headerKey is the lookup form of a header: normalised, without spaces,
// ASCII lower-case, hiragana as katakana.
func headerKey(s string) string {
	s = jtext.Fold(s)
	s = strings.ReplaceAll(s, " ", "")
	return jtext.Katakana(lowerASCII(s))
}
