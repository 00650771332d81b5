// Package stafffile decodes the staff files of the HR department (CSV in
// UTF-8, UTF-8 with BOM or Shift_JIS, and xlsx): bytes in, typed rows and
// problems out. It is the first step of the staff import. Nothing here
// touches the database; the importer in package staff decides what to do
// with the rows and refuses the whole file when any Problem is reported.
//
// # Accepted column headers
//
// Headers are matched after the same folding as cell values (full-width
// letters and digits to ASCII, half-width katakana to full-width), with all
// spaces removed, ASCII letters lower-cased and hiragana turned into
// katakana. So "職員ＮＯ", "職員No" and "職員 no" are the same header, and
// "ふりがな" matches "フリガナ".
//
//	Row field          Header (canonical)  Also accepted
//	-----------------  ------------------  -----------------------------------------------
//	Number             職員番号            職員No, 職員No., 職員ＮＯ, 職員コード, 社員番号, 職員ID
//	FamilyName+Given   氏名                名前, 職員氏名             (split at the first space)
//	FamilyName         姓                  -
//	GivenName          名                  -
//	FamilyKana+Given   フリガナ            ふりがな, カナ氏名, 氏名カナ, よみ, 読み, よみがな (split likewise)
//	FamilyKana         セイ                姓カナ, 姓フリガナ, フリガナ(姓)
//	GivenKana          メイ                名カナ, 名フリガナ, フリガナ(名)
//	Gender             性別                -
//	BirthDate          生年月日            誕生日
//	HireDate           採用日              採用年月日, 入庁日
//	EmploymentType     雇用区分            任用区分, 職員区分
//	JobType            職種                -
//	Rank               職位                職名, 役職
//	RankSince          職位発令日          昇任日, 発令日
//	Unit               所属                所属名, 部署
//	University         出身大学            最終学歴, 出身校
//	Email              メール              メールアドレス, E-mail, email, Eメール
//	Status             在職状況            在職区分, 状態
//	Candidate          昇格候補            昇任候補
//
// Required columns: 職員番号, 氏名 (or both 姓 and 名), 採用日, 雇用区分.
// When both 姓/名 and 氏名 are present, 姓/名 win and 氏名 is used only for
// rows where 姓 and 名 are both empty; likewise セイ/メイ over フリガナ.
//
// # Accepted cell values
//
//	性別      男, 男性, M, male, 1 -> 男;  女, 女性, F, female, 2 -> 女
//	雇用区分  正規 (正職員, 正規職員, 常勤), 再任用 (再任用職員),
//	          任期付 (任期付職員, 任期付き, 任期付き職員),
//	          会計年度任用 (会計年度, 会計年度任用職員)
//	在職状況  在職 (在籍, 現職, empty), 休職 (休職中), 退職 (退職済, 退職済み)
//	dates     anything calendar.ParseDate accepts, plus an Excel serial number
//	          (for 1910-01-01 .. 2199-12-31) and yyyymmdd written as 8 digits;
//	          a trailing clock such as " 0:00:00" is ignored.
//	職員番号  ASCII letters and digits after folding; letters are upper-cased.
//
// Problem.Line is the 1-based line of the record (the header is line 1; for
// xlsx, the sheet row number). It is 0 for problems about the whole file.
// Problem.Column is the header text as written in the file, or "" for
// problems about a whole row or the file.
//
// Limits against hostile input: 200,000 data rows, 1,000 characters a cell,
// 200 MB unpacked for xlsx (checked in the zip directory before excelize
// opens it). At most 10,000 problems are listed; one last problem then
// says how many more were found, so that a bad file cannot exhaust memory.
//
// Values are stored as given (a cell starting with = + - @ stays as it
// is); neutralising spreadsheet formulas is the export's job.
package stafffile
