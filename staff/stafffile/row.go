package stafffile

import "time"

// Row is one staff record as read from a file, values normalised. Empty
// string / zero time means the cell was empty (or the column is absent).
// Dates are civil dates at midnight UTC, as calendar.ParseDate returns them.
type Row struct {
	Columns        *Columns  // which optional columns the file has (shared by all rows)
	Line           int       // 1-based line of the record in the file; the header is line 1 (for xlsx: the sheet row number)
	Number         string    // 職員番号: ASCII letters and digits, letters upper-cased
	FamilyName     string    // 姓, or 氏名 before its first space
	GivenName      string    // 名, or 氏名 after its first space ("" if none)
	FamilyKana     string    // セイ / フリガナ, full-width katakana
	GivenKana      string    // メイ / フリガナ, full-width katakana
	Gender         string    // "男" | "女" | ""
	BirthDate      time.Time // 生年月日
	HireDate       time.Time // 採用日 (required)
	EmploymentType string    // 正規 | 再任用 | 任期付 | 会計年度任用 (required)
	JobType        string    // 職種, free text
	Rank           string    // 職位, free text (the importer checks it against the rank ladder)
	RankSince      time.Time // 職位発令日
	Unit           []string  // 所属 split on spaces and slashes: ["総務部","人事課","人事係"]
	University     string    // 出身大学
	Email          string    // メール, loosely checked
	Status         string    // 在職 | 休職 | 退職; an empty cell gives 在職
	Candidate      string    // 昇格候補: the rank name the person is a candidate for, or ""
}

// Problem is one thing wrong with an import file, worded for the person who
// made the file. Column is the header text as written in the file, or ""
// for a problem about a whole row or the whole file; Line is 0 for the
// latter when no single line is to blame.
type Problem struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// Columns tells which optional columns a file has. An update leaves the
// fields of absent columns as they are, so a file with only some columns
// does not erase the rest of the registry.
type Columns struct {
	Kana, Gender, Birth, Job, Rank, RankSince, Unit, University, Email, Status, Candidate bool
}

// Canonical values (the same strings as the registry's constants).
const (
	regular             = "正規"
	reappoint           = "再任用"
	fixedTerm           = "任期付"
	fiscalYearAppointed = "会計年度任用"

	active  = "在職"
	onLeave = "休職"
	retired = "退職"
)
