package staff

// The decoding step of the staff import: bytes in, typed rows and problems
// out. Nothing here touches the database; the importer decides what to do
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

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"hagukumi/calendar"
	"hagukumi/jtext"
)

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

const (
	impMaxDataRows  = 200_000
	impMaxCellChars = 1_000
	impMaxUnzipped  = 200 << 20
	impBombMinSize  = 8 << 20 // parts smaller than this are never suspicious
	impMaxTextRun   = 64 << 10
	impBombRatio    = 100
	impMaxProblems  = 10_000
	impMaxDateCache = 4_096
)

// Canonical values (the same strings as the registry's constants).
const (
	impRegular    = "正規"
	impReappoint  = "再任用"
	impFixedTerm  = "任期付"
	impFiscalYear = "会計年度任用"

	impActive  = "在職"
	impOnLeave = "休職"
	impRetired = "退職"
)

type impField int

const (
	impFNumber impField = iota
	impFFullName
	impFFamily
	impFGiven
	impFKana
	impFFamilyKana
	impFGivenKana
	impFGender
	impFBirth
	impFHire
	impFEmployment
	impFJob
	impFRank
	impFRankSince
	impFUnit
	impFUniversity
	impFEmail
	impFStatus
	impFCandidate
	impNumFields
)

// impHeaderTable is the source of the alias table documented above.
var impHeaderTable = [impNumFields][]string{
	impFNumber:     {"職員番号", "職員No", "職員No.", "職員ＮＯ", "職員コード", "社員番号", "職員ID"},
	impFFullName:   {"氏名", "名前", "職員氏名"},
	impFFamily:     {"姓"},
	impFGiven:      {"名"},
	impFKana:       {"フリガナ", "ふりがな", "カナ氏名", "氏名カナ", "よみ", "読み", "よみがな"},
	impFFamilyKana: {"セイ", "姓カナ", "姓フリガナ", "フリガナ(姓)"},
	impFGivenKana:  {"メイ", "名カナ", "名フリガナ", "フリガナ(名)"},
	impFGender:     {"性別"},
	impFBirth:      {"生年月日", "誕生日"},
	impFHire:       {"採用日", "採用年月日", "入庁日"},
	impFEmployment: {"雇用区分", "任用区分", "職員区分"},
	impFJob:        {"職種"},
	impFRank:       {"職位", "職名", "役職"},
	impFRankSince:  {"職位発令日", "昇任日", "発令日"},
	impFUnit:       {"所属", "所属名", "部署"},
	impFUniversity: {"出身大学", "最終学歴", "出身校"},
	impFEmail:      {"メール", "メールアドレス", "E-mail", "email", "Eメール"},
	impFStatus:     {"在職状況", "在職区分", "状態"},
	impFCandidate:  {"昇格候補", "昇任候補"},
}

var impHeaderIndex = func() map[string]impField {
	m := make(map[string]impField, 64)
	for f, names := range impHeaderTable {
		for _, n := range names {
			k := impHeaderKey(n)
			if g, dup := m[k]; dup && g != impField(f) {
				panic("staff: header alias " + n + " maps to two fields")
			}
			m[k] = impField(f)
		}
	}
	return m
}()

var impGenders = map[string]string{
	"男": "男", "男性": "男", "m": "男", "male": "男", "1": "男",
	"女": "女", "女性": "女", "f": "女", "female": "女", "2": "女",
}

var impEmployments = map[string]string{
	"正規": impRegular, "正職員": impRegular, "正規職員": impRegular, "常勤": impRegular,
	"再任用": impReappoint, "再任用職員": impReappoint,
	"任期付": impFixedTerm, "任期付職員": impFixedTerm, "任期付き": impFixedTerm, "任期付き職員": impFixedTerm,
	"会計年度任用": impFiscalYear, "会計年度": impFiscalYear, "会計年度任用職員": impFiscalYear,
}

var impStatuses = map[string]string{
	"在職": impActive, "在籍": impActive, "現職": impActive,
	"休職": impOnLeave, "休職中": impOnLeave,
	"退職": impRetired, "退職済": impRetired, "退職済み": impRetired,
}

var (
	impBOM      = []byte("\xEF\xBB\xBF")
	impZipMagic = []byte("PK\x03\x04")
	impOLEMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	impUTF16LE  = []byte("\xFF\xFE")
	impUTF16BE  = []byte("\xFE\xFF")
	impReplChar = []byte("\uFFFD")
	impEmptyZip = []byte("PK\x05\x06") // an empty zip archive
)

// DecodeStaffFile reads a staff list exported as CSV (UTF-8, UTF-8 with BOM
// or Shift_JIS/CP932) or xlsx (first sheet) and returns its rows and every
// problem found. name is only used to recognise .xlsx files.
func DecodeStaffFile(name string, data []byte) ([]Row, []Problem) {
	d := &impDecoder{}
	d.decode(name, data)
	return d.rows, d.problems
}

// decodeStaffStream decodes like DecodeStaffFile but hands the rows to emit
// in chunks of at most chunk rows as it reads them, so that a large file is
// never held decoded in memory at once. emit must not keep rows (the slice is
// reused); clean tells whether no problem has been found so far, and total
// is an estimate of the number of data rows (at least those seen). An error
// from emit stops the decoding and is returned. seen maps every valid
// 職員番号 of the file to its line.
func decodeStaffStream(name string, data []byte, chunk int, emit func(rows []Row, clean bool, total int) error) (problems []Problem, seen map[string]int, err error) {
	d := &impDecoder{chunk: max(chunk, 1), emit: emit}
	d.decode(name, data)
	if d.err == nil && len(d.rows) > 0 {
		d.flush()
	}
	return d.problems, d.seen, d.err
}

func (d *impDecoder) decode(name string, data []byte) {
	for i := range d.col {
		d.col[i] = -1
	}
	lower := strings.ToLower(name)
	switch {
	case bytes.HasPrefix(data, impZipMagic) || bytes.HasPrefix(data, impEmptyZip):
		d.decodeXLSX(data)
	case bytes.HasPrefix(data, impOLEMagic):
		d.fileProblem("古い Excel 形式（.xls）かパスワード付きのファイルは読めません。パスワードを外し、.xlsx か CSV で保存し直してください")
	case strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xlsm"):
		d.fileProblem("xlsx ファイルとして読めません（ファイルが壊れているか、別の形式です）")
	case bytes.HasPrefix(data, impUTF16LE) || bytes.HasPrefix(data, impUTF16BE):
		d.fileProblem("UTF-16（Unicode テキスト）のファイルは読めません。「CSV UTF-8」か「CSV（コンマ区切り）」で保存し直してください")
	default:
		d.decodeCSV(data)
	}
	// Header and row problems are found in file order already; file-level
	// ones (line 0) go first.
	slices.SortStableFunc(d.problems, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	if d.dropped > 0 {
		d.problems = append(d.problems, Problem{Message: fmt.Sprintf(
			"問題が多すぎるため最初の %d 件だけを表示しています（ほかに %d 件あります）", impMaxProblems, d.dropped)})
	}
}

// flush hands the rows decoded so far to emit (streaming mode only).
func (d *impDecoder) flush() {
	if d.err == nil {
		d.err = d.emit(d.rows, len(d.problems) == 0 && d.dropped == 0, max(d.sizeHint-1, d.dataRows))
	}
	if d.err != nil {
		d.stopped = true
	}
	clear(d.rows)
	d.rows = d.rows[:0]
}

type impDateResult struct {
	t      time.Time
	bad    bool
	reason string // why a bad date is bad, "（…）", or ""
}

// Columns tells which optional columns a file has. An update leaves the
// fields of absent columns as they are, so a file with only some columns
// does not erase the rest of the registry.
type Columns struct {
	Kana, Gender, Birth, Job, Rank, RankSince, Unit, University, Email, Status, Candidate bool
}

type impDecoder struct {
	columns  *Columns
	rows     []Row
	problems []Problem
	dropped  int

	haveHeader bool
	header     []string          // header text per column, trimmed, as in the file
	known      []bool            // column maps to a field
	col        [impNumFields]int // column index of each field, -1 if absent
	cur        []string          // current record
	bad        []bool            // cells of cur already reported (too long)
	dataRows   int               // data records seen
	seen       map[string]int    // 職員番号 -> line
	dates      map[string]impDateResult
	date1904   bool
	sizeHint   int
	unitPool   []string
	stopped    bool

	chunk int                                           // streaming: rows per call of emit
	emit  func(rows []Row, clean bool, total int) error // streaming: nil to collect every row
	err   error                                         // from emit
}

func (d *impDecoder) add(line int, column, msg string) {
	if len(d.problems) >= impMaxProblems {
		d.dropped++
		return
	}
	d.problems = append(d.problems, Problem{Line: line, Column: column, Message: msg})
}

func (d *impDecoder) fileProblem(msg string) { d.add(0, "", msg) }

// ---------------------------------------------------------------- CSV

func (d *impDecoder) decodeCSV(data []byte) {
	data = bytes.TrimPrefix(data, impBOM)
	if impBlankBytes(data) {
		d.fileProblem("ファイルが空です")
		return
	}
	if !utf8.Valid(data) {
		dec, err := japanese.ShiftJIS.NewDecoder().Bytes(data)
		if err != nil {
			d.fileProblem("文字コードを判別できません。CSV は UTF-8 か Shift_JIS で保存してください")
			return
		}
		data = dec
	}
	if i := bytes.Index(data, impReplChar); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte{'\n'})
		d.add(line, "", fmt.Sprintf("読めない文字があります（%d 行目が最初）。ファイルの文字コードが UTF-8 でも Shift_JIS でもないか、ファイルが壊れています", line))
	}
	d.sizeHint = min(bytes.Count(data, []byte{'\n'}), impMaxDataRows)

	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	r.ReuseRecord = true
	for !d.stopped {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				d.add(pe.StartLine, "", impCSVError(pe))
				continue
			}
			d.fileProblem("CSV として読めません: " + err.Error())
			break
		}
		line, _ := r.FieldPos(0)
		d.record(line, rec, false)
	}
	d.finish("ファイルが空です（見出しの行がありません）")
}

func impCSVError(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("CSV の形式が正しくありません（%d 行目 %d 文字目: 引用符 \" で囲まれていない値の中に \" があります）", pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		if pe.Line != pe.StartLine {
			return fmt.Sprintf("CSV の形式が正しくありません（引用符 \" が閉じられていません。%d 行目まで読みました）", pe.Line)
		}
		return fmt.Sprintf("CSV の形式が正しくありません（%d 文字目: 引用符 \" の使い方が誤っています）", pe.Column)
	}
	return "CSV の形式が正しくありません"
}

// ---------------------------------------------------------------- xlsx

func (d *impDecoder) decodeXLSX(data []byte) {
	defer func() {
		// excelize is a large parser fed with untrusted bytes; a panic in
		// it must become a problem, not a crashed request.
		if recover() != nil {
			d.fileProblem("xlsx ファイルとして読めません（ファイルが壊れています）")
		}
	}()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		d.fileProblem("xlsx ファイルとして読めません（zip 形式が壊れています）")
		return
	}
	// archive/zip refuses to inflate an entry beyond its declared size, so
	// the central directory sizes are a real bound on what excelize unpacks.
	var total uint64
	for _, zf := range zr.File {
		// Spreadsheets compress about 10:1; a large part that compresses
		// far better is padding meant to exhaust memory (a zip bomb).
		if zf.UncompressedSize64 > impBombMinSize && zf.UncompressedSize64 > impBombRatio*max(zf.CompressedSize64, 1) {
			d.fileProblem("ファイルの内容が不自然に圧縮されているため読み込みません（xlsx を保存し直すか、CSV で取り込んでください）")
			return
		}
		total += zf.UncompressedSize64
		if total > impMaxUnzipped || total < zf.UncompressedSize64 {
			d.fileProblem(fmt.Sprintf("ファイルが大きすぎます（展開後の大きさが %d MB を超えます）", impMaxUnzipped>>20))
			return
		}
	}
	// excelize holds a whole cell in memory before our length limit can
	// apply, so a file with a giant cell is refused by a streaming scan of
	// its XML parts first, in constant memory.
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		if long, err := impLongestText(zf); err != nil || long > impMaxTextRun {
			d.fileProblem(fmt.Sprintf("セルの値が長すぎるか、ファイルが壊れています（1つのセルは %d 文字までです）", impMaxCellChars))
			return
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: impMaxUnzipped})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			d.fileProblem("xlsx ファイルとして読めません（パスワード付きか、別の形式です）")
		} else {
			d.fileProblem("xlsx ファイルとして読めません（ファイルが壊れています）")
		}
		return
	}
	defer f.Close()
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		d.date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		d.fileProblem("xlsx ファイルにシートがありません")
		return
	}
	// Two iterators over the same sheet in lockstep: one gives the cells as
	// displayed, the other the raw values, so that a date cell formatted in
	// any way can still be read from its serial number.
	shown, err1 := f.Rows(sheets[0])
	raw, err2 := f.Rows(sheets[0])
	if err1 != nil || err2 != nil {
		d.fileProblem("xlsx ファイルの最初のシートが読めません")
		return
	}
	defer shown.Close()
	defer raw.Close()
	rawOpt := excelize.Options{RawCellValue: true}
	for n := 1; !d.stopped && shown.Next(); n++ {
		raw.Next()
		cells, err := shown.Columns()
		rcells, rerr := raw.Columns(rawOpt)
		if err != nil || rerr != nil {
			d.add(n, "", "この行のセルが読めません（ファイルが壊れています）")
			continue
		}
		if d.haveHeader {
			for _, fl := range [...]impField{impFBirth, impFHire, impFRankSince} {
				if i := d.col[fl]; i >= 0 && i < len(cells) && i < len(rcells) && impIsDecimal(rcells[i]) {
					cells[i] = rcells[i]
				}
			}
			if i := d.col[impFNumber]; i >= 0 && i < len(cells) && i < len(rcells) &&
				!impIsAlnum(jtext.Fold(cells[i])) && impIsDigits(rcells[i]) {
				cells[i] = rcells[i] // e.g. a long number shown as 1.23E+11
			}
		}
		d.record(n, cells, true)
	}
	if shown.Error() != nil {
		d.fileProblem("xlsx ファイルの行が多すぎるか、シートが壊れています")
	}
	d.finish("最初のシートに見出しの行がありません（シートが空か、壊れています）")
}

// ---------------------------------------------------------------- records

func (d *impDecoder) finish(noHeader string) {
	if d.stopped {
		return
	}
	if !d.haveHeader {
		d.fileProblem(noHeader)
		return
	}
	if d.dataRows == 0 {
		d.add(0, "", "職員のデータがありません（見出しの行だけです）")
	}
}

func (d *impDecoder) record(line int, cells []string, xlsx bool) {
	if impAllBlank(cells) {
		return
	}
	if !d.haveHeader {
		d.readHeader(line, cells)
		return
	}
	d.dataRows++
	if d.dataRows > impMaxDataRows {
		d.add(line, "", fmt.Sprintf("行数が多すぎます（職員のデータは %d 行までです）", impMaxDataRows))
		d.stopped = true
		return
	}
	n := len(d.header)
	if len(cells) != n {
		tooMany := len(cells) > n && !impAllBlank(cells[n:])
		if !xlsx || tooMany {
			got := len(cells)
			if xlsx {
				got = impLastNonBlank(cells) + 1
			}
			d.add(line, "", fmt.Sprintf("列の数が見出しと合いません（見出し %d 列、この行 %d 列）", n, got))
			return
		}
	}
	d.cur = cells
	if cap(d.bad) < len(cells) {
		d.bad = make([]bool, len(cells))
	}
	d.bad = d.bad[:len(cells)]
	clear(d.bad)
	for i, c := range cells[:min(n, len(cells))] {
		if len(c) > impMaxCellChars {
			if k := utf8.RuneCountInString(c); k > impMaxCellChars {
				d.bad[i] = true
				d.add(line, d.header[i], fmt.Sprintf("%sの値が長すぎます（%d 文字までです。この値は %d 文字）", d.header[i], impMaxCellChars, k))
				continue
			}
		}
		// Control characters cannot be part of a name or a date, and
		// PostgreSQL refuses NUL outright: report them instead of storing.
		if strings.ContainsAny(c, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") {
			d.bad[i] = true
			d.add(line, d.header[i], d.header[i]+"に使えない制御文字が含まれています")
			continue
		}
		if d.header[i] == "" && !d.known[i] && !impBlank(c) {
			d.add(line, "", fmt.Sprintf("見出しのない列（%d 列目）に値があります: %s", i+1, impShorten(jtext.Fold(c))))
		}
	}
	if d.rows == nil {
		n := max(d.sizeHint, 16)
		if d.emit != nil {
			n = min(n, d.chunk)
		}
		d.rows = make([]Row, 0, n)
		d.seen = make(map[string]int, max(d.sizeHint, 16))
	}
	d.rows = append(d.rows, Row{Line: line})
	d.fill(&d.rows[len(d.rows)-1])
	d.cur = nil
	if d.emit != nil && len(d.rows) >= d.chunk {
		d.flush()
	}
}

func (d *impDecoder) readHeader(line int, cells []string) {
	d.haveHeader = true
	d.header = make([]string, len(cells))
	d.known = make([]bool, len(cells))
	for i, c := range cells {
		if len(c) > impMaxCellChars && utf8.RuneCountInString(c) > impMaxCellChars {
			d.add(line, "", fmt.Sprintf("見出し（%d 列目）が長すぎます", i+1))
			continue
		}
		text := impTrim(c)
		d.header[i] = text
		if text == "" {
			continue
		}
		f, ok := impHeaderIndex[impHeaderKey(text)]
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
	if d.col[impFNumber] < 0 {
		missing("職員番号")
	}
	if d.col[impFFullName] < 0 && (d.col[impFFamily] < 0 || d.col[impFGiven] < 0) {
		switch {
		case d.col[impFFamily] >= 0:
			missing("名（姓 の列はありますが 名 の列がありません）")
		case d.col[impFGiven] >= 0:
			missing("姓（名 の列はありますが 姓 の列がありません）")
		default:
			missing("氏名（または 姓 と 名）")
		}
	}
	if d.col[impFHire] < 0 {
		missing("採用日")
	}
	if d.col[impFEmployment] < 0 {
		missing("雇用区分")
	}
}

// get returns the normalised value of field f in the current record. ok is
// false when the column is absent or the cell was already reported.
func (d *impDecoder) get(f impField) (v string, ok bool) {
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

func (d *impDecoder) name(f impField) string { return d.header[d.col[f]] }

func (d *impDecoder) fill(r *Row) {
	line := r.Line
	if d.columns == nil {
		has := func(f impField) bool { return d.col[f] >= 0 }
		d.columns = &Columns{Kana: has(impFKana) || has(impFFamilyKana), Gender: has(impFGender), Birth: has(impFBirth),
			Job: has(impFJob), Rank: has(impFRank), RankSince: has(impFRankSince), Unit: has(impFUnit), University: has(impFUniversity),
			Email: has(impFEmail), Status: has(impFStatus), Candidate: has(impFCandidate)}
	}
	r.Columns = d.columns

	// 職員番号
	if v, ok := d.get(impFNumber); ok {
		switch {
		case v == "":
			d.add(line, d.name(impFNumber), d.name(impFNumber)+"が空です")
		case !impIsAlnum(v):
			d.add(line, d.name(impFNumber), fmt.Sprintf("%sは英数字で入力してください: %s", d.name(impFNumber), impShorten(v)))
		default:
			// A copy: the cell shares its memory with the whole record,
			// and the number outlives the row (in seen and in results).
			v = strings.Clone(impUpper(v))
			r.Number = v
			if prev, dup := d.seen[v]; dup {
				d.add(line, d.name(impFNumber), fmt.Sprintf("%s %s が %d 行目と重複しています", d.name(impFNumber), v, prev))
			} else {
				d.seen[v] = line
			}
		}
	}

	// 氏名 / 姓 / 名: 姓 and 名 win; 氏名 fills in when both are empty.
	fam, famOK := d.get(impFFamily)
	giv, givOK := d.get(impFGiven)
	full, fullOK := d.get(impFFullName)
	if fam == "" && giv == "" && full != "" {
		fam, giv = impSplitName(full)
	}
	r.FamilyName, r.GivenName = fam, giv
	switch {
	case fam == "" && giv == "":
		switch {
		case fullOK:
			d.add(line, d.name(impFFullName), d.name(impFFullName)+"が空です")
		case famOK:
			d.add(line, d.name(impFFamily), d.name(impFFamily)+"が空です")
		case givOK:
			d.add(line, d.name(impFGiven), d.name(impFGiven)+"が空です")
		}
	case fam == "" && famOK:
		d.add(line, d.name(impFFamily), d.name(impFFamily)+"が空です")
	}

	// フリガナ / セイ / メイ: optional; セイ and メイ win over フリガナ.
	fk, fkOK := d.kana(line, impFFamilyKana)
	gk, gkOK := d.kana(line, impFGivenKana)
	if fk == "" && gk == "" {
		if k, ok := d.kana(line, impFKana); ok && k != "" {
			fk, gk = impSplitName(k)
		}
	} else if fk == "" && fkOK && gkOK {
		d.add(line, d.name(impFFamilyKana), d.name(impFFamilyKana)+"が空です（"+d.name(impFGivenKana)+"だけ入っています）")
	}
	r.FamilyKana, r.GivenKana = fk, gk

	// 性別
	if v, ok := d.get(impFGender); ok && v != "" {
		if g, found := impGenders[impLower(v)]; found {
			r.Gender = g
		} else {
			d.add(line, d.name(impFGender), fmt.Sprintf("%sは 男・女 のいずれかです: %s", d.name(impFGender), impShorten(v)))
		}
	}

	r.BirthDate = d.date(line, impFBirth, false)
	r.HireDate = d.date(line, impFHire, true)
	r.RankSince = d.date(line, impFRankSince, false)
	if !r.BirthDate.IsZero() && !r.HireDate.IsZero() && !r.BirthDate.Before(r.HireDate) {
		d.add(line, d.name(impFHire), fmt.Sprintf("%sが%sより前か同じ日です", d.name(impFHire), d.name(impFBirth)))
	}

	// 雇用区分
	if v, ok := d.get(impFEmployment); ok {
		if v == "" {
			d.add(line, d.name(impFEmployment), d.name(impFEmployment)+"が空です")
		} else if e, found := impEmployments[v]; found {
			r.EmploymentType = e
		} else {
			d.add(line, d.name(impFEmployment), fmt.Sprintf("%sは 正規・再任用・任期付・会計年度任用 のいずれかです: %s", d.name(impFEmployment), impShorten(v)))
		}
	}

	r.JobType, _ = d.get(impFJob)
	r.Rank, _ = d.get(impFRank)
	r.University, _ = d.get(impFUniversity)
	r.Candidate, _ = d.get(impFCandidate)
	if v, _ := d.get(impFUnit); v != "" {
		r.Unit = impSplitUnit(v, &d.unitPool)
	}

	if v, ok := d.get(impFEmail); ok && v != "" {
		if impValidEmail(v) {
			r.Email = v
		} else {
			d.add(line, d.name(impFEmail), fmt.Sprintf("%sの形式が正しくありません: %s", d.name(impFEmail), impShorten(v)))
		}
	}

	r.Status = impActive
	if v, ok := d.get(impFStatus); ok && v != "" {
		if s, found := impStatuses[v]; found {
			r.Status = s
		} else {
			d.add(line, d.name(impFStatus), fmt.Sprintf("%sは 在職・休職・退職 のいずれかです: %s", d.name(impFStatus), impShorten(v)))
		}
	}
}

// kana reads field f as katakana (hiragana is converted). It reports a
// problem and returns ok=false when the cell holds anything but katakana,
// ー, ・ and spaces.
func (d *impDecoder) kana(line int, f impField) (string, bool) {
	v, ok := d.get(f)
	if !ok || v == "" {
		return "", ok
	}
	k := jtext.Katakana(v)
	if impFirstNonKatakana(k) >= 0 {
		d.add(line, d.name(f), fmt.Sprintf("%sはカタカナで入力してください: %s", d.name(f), impShorten(v)))
		return "", false
	}
	return k, true
}

func (d *impDecoder) date(line int, f impField, required bool) time.Time {
	v, ok := d.get(f)
	if !ok {
		return time.Time{}
	}
	if v == "" {
		if required {
			d.add(line, d.name(f), d.name(f)+"が空です")
		}
		return time.Time{}
	}
	res, hit := d.dates[v]
	if !hit {
		res = d.parseDate(v)
		if d.dates == nil {
			d.dates = make(map[string]impDateResult, 256)
		}
		if len(d.dates) < impMaxDateCache {
			d.dates[v] = res
		}
	}
	if res.bad {
		d.add(line, d.name(f), fmt.Sprintf("%sが日付として読めません: %s%s", d.name(f), impShorten(v), res.reason))
		return time.Time{}
	}
	return res.t
}

// parseDate reads one date cell. Excel serials and yyyymmdd are turned into
// ISO dates here; every form goes through calendar.ParseDate so that all
// dates in the system come out of one parser.
func (d *impDecoder) parseDate(v string) impDateResult {
	s := impStripClock(v)
	if impIsDecimal(s) && len(s) != 8 { // 8 digits is yyyymmdd, read by ParseDate
		iso, ok := impExcelSerial(s, d.date1904)
		if !ok {
			return impDateResult{bad: true, reason: "（年月日の形で入力してください。例: 2024/4/1、令和6年4月1日）"}
		}
		s = iso
	}
	t, err := calendar.ParseDate(s)
	if err != nil {
		return impDateResult{bad: true, reason: impDateReason(err.Error())}
	}
	return impDateResult{t: t}
}

// impDateReason turns a calendar.ParseDate message into the parenthesised
// reason after our own "…が日付として読めません: value". The value that
// ParseDate echoes (": 「…」") is dropped, and the plain "cannot read"
// message adds nothing, so it is left out altogether.
func impDateReason(msg string) string {
	if i := strings.Index(msg, ": 「"); i >= 0 {
		msg = msg[:i]
	}
	if msg == "" || msg == "日付として読めません" {
		return ""
	}
	return "（" + msg + "）"
}

var (
	impSerialMin = time.Date(1910, 1, 1, 0, 0, 0, 0, time.UTC)
	impSerialMax = time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC)
)

// impExcelSerial turns an Excel date serial (days since 1899-12-30, or since
// 1904-01-01 in the 1904 date system; a fraction is the time of day) into
// an ISO date. Only 1910..2199 is accepted, so that a bare year such as
// "2024" is not silently read as 1905-07-16.
func impExcelSerial(s string, date1904 bool) (string, bool) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || x < 1 || x > 200_000 {
		return "", false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	t := base.AddDate(0, 0, int(x))
	if t.Before(impSerialMin) || t.After(impSerialMax) {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// impStripClock drops a trailing " h:mm" or " h:mm:ss" (as Excel prints a
// date-time cell) from a date.
func impStripClock(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return s
	}
	clock := s[i+1:]
	colon := false
	for j := 0; j < len(clock); j++ {
		switch c := clock[j]; {
		case c == ':':
			colon = true
		case c >= '0' && c <= '9':
		default:
			return s
		}
	}
	if !colon {
		return s
	}
	return s[:i]
}

// ---------------------------------------------------------------- text

// impFirstNonKatakana returns the byte index of the first rune that is not
// katakana, ー, ・ or a space, or -1.
func impFirstNonKatakana(s string) int {
	for i, r := range s {
		switch {
		case r >= 0x30A1 && r <= 0x30FE: // ァ..ヾ, including ・ and ー
		case r == ' ':
		default:
			return i
		}
	}
	return -1
}

// impHeaderKey is the lookup form of a header: normalised, without spaces,
// ASCII lower-case, hiragana as katakana.
func impHeaderKey(s string) string {
	s = jtext.Fold(s)
	s = strings.ReplaceAll(s, " ", "")
	return jtext.Katakana(impLower(s))
}

// impSplitName splits at the first space (jtext.Fold has already made every
// space ASCII and collapsed runs).
func impSplitName(s string) (string, string) {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// impSplitUnit splits 所属 on spaces and slashes (jtext.Fold has already made
// full-width ones ASCII), dropping empty parts. The parts of many rows
// share one backing array from *pool to save an allocation per row; each
// result is capped so that appending to it never touches a neighbour.
func impSplitUnit(s string, pool *[]string) []string {
	n := 1
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '/' {
			n++
		}
	}
	if cap(*pool)-len(*pool) < n {
		*pool = make([]string, 0, max(n, 1024))
	}
	p := *pool
	start, first := 0, len(p)
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '/' {
			if i > start {
				p = append(p, s[start:i])
			}
			start = i + 1
		}
	}
	*pool = p
	if len(p) == first {
		return nil
	}
	return p[first:len(p):len(p)]
}

// impValidEmail is deliberately loose: one @ with something on both sides,
// no spaces or control characters.
func impValidEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.IndexByte(s[at+1:], '@') >= 0 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7F || jtext.IsSpace(r) {
			return false
		}
	}
	return true
}

func impIsAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func impIsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// impIsDecimal reports whether s is digits with at most one '.' inside, the
// way excelize writes a raw number.
func impIsDecimal(s string) bool {
	dot := false
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0:
			dot = true
		default:
			return false
		}
	}
	return digits > 0 && s[len(s)-1] != '.'
}

func impUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

func impLower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// impTrim trims ASCII and Unicode spaces (including U+3000 and a BOM).
func impTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == 0xFEFF || jtext.IsSpace(r)
	})
}

func impBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return impTrim(s) == ""
	}
	return true
}

func impAllBlank(cells []string) bool {
	for _, c := range cells {
		if !impBlank(c) {
			return false
		}
	}
	return true
}

func impBlankBytes(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func impLastNonBlank(cells []string) int {
	for i := len(cells) - 1; i >= 0; i-- {
		if !impBlank(cells[i]) {
			return i
		}
	}
	return -1
}

// impShorten keeps a quoted value readable in a message.
func impShorten(s string) string {
	const limit = 50
	if len(s) <= limit {
		return s
	}
	n := 0
	for i := range s {
		if n == limit {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// impLongestText streams one zip part and returns the longest run of bytes
// between two XML tags (a cell's text, roughly).
func impLongestText(zf *zip.File) (int, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	buf := make([]byte, 32<<10)
	run, longest := 0, 0
	for {
		n, err := rc.Read(buf)
		for _, c := range buf[:n] {
			switch c {
			case '<', '>':
				run = 0
			default:
				run++
				if run > longest {
					longest = run
				}
			}
		}
		if err == io.EOF {
			return longest, nil
		}
		if err != nil {
			return longest, err
		}
		if longest > impMaxTextRun {
			return longest, nil
		}
	}
}
