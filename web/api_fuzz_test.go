package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/staff"
	"hagukumi/web"
	"hagukumi/web/webtest"
)

// Fuzz targets for the request decoders: the import API's body, the login
// form and the staff list's query string. Whatever the input, the answer is
// never a 5xx and never a panic (the recoverer would turn one into a 500,
// which the check catches). Run one with, for example:
//
//	go test ./web -run '^$' -fuzz '^FuzzImportAPI$' -fuzztime 10s

// fzEnv is one server on a fresh SQLite database, shared by every input of
// a fuzz worker process.
type fzEnv struct {
	d     *db.DB
	h     http.Handler
	token string
	staff int
}

const fzPassword = "Fuzz-Admin-Password-2025"

var fzAddr atomic.Int64

func fzSetup(f testing.TB) *fzEnv {
	f.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	e := &fzEnv{d: d}
	srv, err := app.New(d, web.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { d.Close() })
	muni, err := srv.Staff.EnsureMunicipality(ctx)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := srv.Auth.EnsureAdmin(ctx, muni.ID, fzPassword); err != nil {
		f.Fatal(err)
	}
	u, _, err := srv.Auth.UserByLogin(ctx, "admin")
	if err != nil {
		f.Fatal(err)
	}
	if e.token, err = srv.Auth.CreateToken(ctx, audit.System, u, "fuzz"); err != nil {
		f.Fatal(err)
	}
	res, err := srv.Staff.Import(ctx, muni.ID, audit.System, "seed.csv", []byte(fzCSV(30, "")), staff.ImportOptions{})
	if err != nil || !res.Applied {
		f.Fatalf("seed import: %v %+v", err, res)
	}
	e.staff = 30
	e.h = srv.Handler()
	return e
}

// fzCSV makes n valid staff rows, each name with suffix appended.
func fzCSV(n int, suffix string) string {
	var sb strings.Builder
	sb.WriteString("職員番号,氏名,フリガナ,採用日,雇用区分,所属\r\n")
	for i := range n {
		fmt.Fprintf(&sb, "%d,山田 太郎%s,ヤマダ タロウ,2020-04-01,正規,総務部 人事課\r\n", 800000+i, suffix)
	}
	return sb.String()
}

// do serves one request; every request gets its own client address, so the
// per-address login throttle does not turn the whole run into 429s.
func (e *fzEnv) do(t *testing.T, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	n := fzAddr.Add(1)
	r.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:40000", n>>16&255, n>>8&255, n&255)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	webtest.RecordAPI(r, w.Code)
	if w.Code >= 500 {
		t.Fatalf("%s %s answered %d: %.500s", r.Method, r.URL, w.Code, w.Body.String())
	}
	return w
}

func (e *fzEnv) staffCount(t *testing.T) int {
	var n int
	if err := e.d.R.QueryRow(`SELECT COUNT(*) FROM staff`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fzShiftJIS(s string) []byte {
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

// fzXLSX makes a small valid workbook.
func fzXLSX(tb testing.TB, rows [][]any) []byte {
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			tb.Fatal(err)
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// fzZipBomb rewrites a valid workbook so that xl/worksheets/sheet1.xml
// inflates to about size bytes: rows of one repeated cell ("rows"), one
// huge cell ("cell") or whitespace between elements ("space"). With lie,
// the central directory declares a small size for the sheet.
func fzZipBomb(tb testing.TB, kind string, size int, lie bool) []byte {
	base := fzXLSX(tb, [][]any{{"職員番号", "氏名", "採用日", "雇用区分"}, {1, "山田 太郎", "2020-04-01", "正規"}})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			rc, _ := zf.Open()
			w, _ := zw.Create(zf.Name)
			io.Copy(w, rc)
			rc.Close()
			continue
		}
		head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>職員番号</t></is></c><c r="B1" t="inlineStr"><is><t>氏名</t></is></c><c r="C1" t="inlineStr"><is><t>採用日</t></is></c><c r="D1" t="inlineStr"><is><t>雇用区分</t></is></c></row>`
		tail := `</sheetData></worksheet>`
		var unit, pre, post string
		switch kind {
		case "rows":
			unit = `<row><c t="inlineStr"><is><t>1</t></is></c><c t="inlineStr"><is><t>山田</t></is></c></row>`
		case "cell", "cell-random":
			pre, unit, post = `<row r="2"><c r="A2" t="inlineStr"><is><t>`, "9", `</t></is></c></row>`
		default:
			unit = " "
		}
		hdr := &zip.FileHeader{Name: zf.Name, Method: zip.Deflate}
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			tb.Fatal(err)
		}
		io.WriteString(w, head+pre)
		chunk := strings.Repeat(unit, 64<<10/len(unit))
		rnd := rand.New(rand.NewPCG(1, 2))
		for n := 0; n < size; n += len(chunk) {
			if kind == "cell-random" {
				// Digits 0 and 1 at random: about 8:1, an ordinary ratio,
				// so only the size of the cell can give the bomb away.
				b := []byte(chunk)
				for i := range b {
					b[i] = '0' + byte(rnd.IntN(2))
				}
				chunk = string(b)
			}
			io.WriteString(w, chunk)
		}
		io.WriteString(w, post+tail)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	b := out.Bytes()
	if lie {
		// Patch the sheet's uncompressed size in the central directory and
		// the local header (the data descriptor keeps the truth).
		name := []byte("xl/worksheets/sheet1.xml")
		for i := 0; ; {
			j := bytes.Index(b[i:], name)
			if j < 0 {
				break
			}
			j += i
			switch {
			case j >= 46 && bytes.Equal(b[j-46:j-42], []byte("PK\x01\x02")):
				copy(b[j-46+24:], []byte{0x00, 0x10, 0, 0}) // 4 KiB
			case j >= 30 && bytes.Equal(b[j-30:j-26], []byte("PK\x03\x04")):
				copy(b[j-30+22:], []byte{0x00, 0x10, 0, 0})
			}
			i = j + len(name)
		}
	}
	return b
}

func FuzzImportAPI(f *testing.F) {
	valid := fzCSV(3, "")
	f.Add("staff.csv", []byte(valid))
	f.Add("staff.csv", append([]byte("\xEF\xBB\xBF"), valid...))
	f.Add("staff.csv", fzShiftJIS(valid))
	f.Add("sjis.csv", fzShiftJIS("職員番号,氏名,フリガナ,採用日,雇用区分\r\n５０００１,髙橋 一樹,ﾀｶﾊｼ ｶｽﾞｷ,Ｒ２．４．１,正規\r\n"))
	f.Add("utf16.csv", []byte("\xFF\xFE\x77\x80\xE1\x54"))
	f.Add("formula.csv", []byte("職員番号,氏名,フリガナ,採用日,雇用区分,所属\n=1+1,+山田 太郎,-ヤマダ,@SUM(A1),=正規,\"=HYPERLINK(\"\"http://x\"\")\"\n"))
	f.Add("wide.csv", []byte("職員番号,氏名,フリガナ,採用日,雇用区分\n５０００２,佐藤 花子,サトウ ハナコ,令和２年４月１日,正規\n"))
	f.Add("huge.csv", []byte("職員番号,氏名,採用日,雇用区分\n1,"+strings.Repeat("髙", 20000)+",2020-04-01,正規\n"))
	f.Add("longline.csv", []byte("職員番号,氏名,採用日,雇用区分\n"+strings.Repeat("1,", 30000)+"\n"))
	f.Add("quote.csv", []byte("職員番号,氏名\n\"1\n"))
	f.Add("nul.csv", []byte("職員番号,氏名,採用日,雇用区分\n\x00,\x00,\x00,\x00\n"))
	f.Add("upload", []byte{})
	f.Add("staff.xlsx", fzXLSX(f, [][]any{{"職員番号", "氏名", "フリガナ", "採用日", "雇用区分"}, {500001, "山田 太郎", "ヤマダ タロウ", 43922, "正規"}}))
	f.Add("bomb.xlsx", fzZipBomb(f, "rows", 512<<10, false))
	f.Add("bomb-lie.xlsx", fzZipBomb(f, "cell", 512<<10, true))
	f.Add("not.xlsx", []byte("PK\x03\x04garbage"))
	e := fzSetup(f)
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		q := url.Values{"dry_run": {"true"}, "filename": {name}}
		r := httptest.NewRequest("POST", "/api/v1/imports/staff?"+q.Encode(), bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+e.token)
		w := e.do(t, r)
		if w.Code != http.StatusOK && w.Code != http.StatusUnprocessableEntity && w.Code != http.StatusBadRequest && w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d: %.300s", w.Code, w.Body.String())
		}
		var res staff.ImportResult
		if w.Code != http.StatusBadRequest && w.Code != http.StatusRequestEntityTooLarge {
			if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
				t.Fatalf("answer is not JSON: %v: %.300s", err, w.Body.String())
			}
			if res.Applied || !res.DryRun {
				t.Fatalf("a dry run applied: %+v", res)
			}
			for _, p := range res.Errors {
				if p.Message == "" {
					t.Fatalf("problem without a message: %+v", p)
				}
			}
		}
		if n := e.staffCount(t); n != e.staff {
			t.Fatalf("a dry run changed the registry: %d staff, was %d", n, e.staff)
		}
	})
}

func FuzzLoginForm(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", []byte("login=admin&password="+fzPassword+"&next=/staff"))
	f.Add("application/x-www-form-urlencoded", []byte("login=admin&password=wrong&next=//evil.example"))
	f.Add("application/x-www-form-urlencoded", []byte("login=%FF%FE&password=%00&next=%2F%5Cevil"))
	f.Add("application/x-www-form-urlencoded", []byte("login="+strings.Repeat("a", 100000)+"&password="+strings.Repeat("p", 100000)))
	f.Add("application/x-www-form-urlencoded", []byte("login=ａｄｍｉｎ&password=＝１＋１"))
	f.Add("application/x-www-form-urlencoded", fzShiftJIS("login=管理者&password=パスワード"))
	f.Add("application/x-www-form-urlencoded", []byte("login=admin&login=root&password=a&password=b;c"))
	f.Add("multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"login\"\r\n\r\nadmin\r\n--x--\r\n"))
	f.Add("text/plain", []byte("=@+-"))
	f.Add("", []byte(""))
	e := fzSetup(f)
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		r := httptest.NewRequest("POST", "/login", bytes.NewReader(body))
		if ctype != "" {
			r.Header.Set("Content-Type", ctype)
		}
		w := e.do(t, r)
		if w.Code == http.StatusSeeOther {
			if loc := w.Header().Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
				t.Fatalf("login redirects off the site: %q", loc)
			}
		}
	})
}

func FuzzStaffListQuery(f *testing.F) {
	for _, q := range []string{
		"", "q=山田", "q=ﾔﾏﾀﾞ", "q=%EF%BC%95%EF%BC%90", "q=%", "q=%zz", "q=%25_%25", "q=' OR 1=1 --",
		"q=" + strings.Repeat("%E9%AB%99", 5000), "q=%00", "q=%FF%FE",
		"limit=99999999999999999999", "limit=-1&offset=-5", "limit=1000&offset=9223372036854775807",
		"unit=1&rank=2&type=正規&status=在職", "unit=-1", "unit=1e9", "rank=0x10", "type=%3Dcmd", "status=@SUM(A1)",
		"page=99999999999", "page=-3", "q=a&q=b&limit=1&limit=2", ";;&&==", "q=+-=@",
	} {
		f.Add(q, false)
		f.Add(q, true)
	}
	e := fzSetup(f)
	f.Fuzz(func(t *testing.T, rawQuery string, page bool) {
		path := "/api/v1/staff"
		if page {
			path = "/staff"
		}
		r := httptest.NewRequest("GET", path, nil)
		r.URL.RawQuery = rawQuery
		r.Header.Set("Authorization", "Bearer "+e.token)
		w := e.do(t, r)
		if w.Code == http.StatusBadRequest && badText(rawQuery) {
			// Text no one can type (invalid UTF-8, control characters) is
			// refused at the edge with a Japanese message.
			if !strings.Contains(w.Body.String(), "使用できない文字") && !strings.Contains(w.Body.String(), "送信内容を読み取れません") {
				t.Fatalf("400 without the Japanese reason for %q: %.300s", rawQuery, w.Body.String())
			}
			return
		}
		if w.Code != http.StatusOK {
			t.Fatalf("status %d for %q: %.300s", w.Code, rawQuery, w.Body.String())
		}
		if !page {
			var list struct {
				Total int               `json:"total"`
				Items []json.RawMessage `json:"items"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil {
				t.Fatalf("answer is not JSON: %v", err)
			}
			if list.Total < 0 || list.Total > e.staff || len(list.Items) > list.Total {
				t.Fatalf("total %d, %d items, for %q", list.Total, len(list.Items), rawQuery)
			}
		}
	})
}

// TestImportZipBombMemory posts xlsx files whose sheet inflates far beyond
// any staff file (rows, one huge cell, whitespace) and measures the heap:
// each must be refused without it growing past 256 MB. Before the decoder
// checked the compression ratio, a 195 KB upload holding one 190 MB cell
// cost 40 s of CPU and 1.3 GB of heap; the cell-random case (one huge cell
// that compresses like an ordinary sheet) is refused by the streaming scan
// of the sheet's text runs.
func TestImportZipBombMemory(t *testing.T) {
	const limit = 256 << 20
	e := fzSetup(t)
	for _, kind := range []string{"rows", "cell", "space", "cell-random"} {
		size := 32 << 20 // far past what a staff file needs, past the ratio check's 8 MB floor, and quick to build
		if kind == "cell-random" {
			size = 190 << 20 // under the 200 MB cap on the unpacked size
		}
		b := fzZipBomb(t, kind, size, false)
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(10 * time.Millisecond):
				}
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}()
		start := time.Now()
		q := url.Values{"dry_run": {"true"}, "filename": {"bomb.xlsx"}}
		r := httptest.NewRequest("POST", "/api/v1/imports/staff?"+q.Encode(), bytes.NewReader(b))
		r.Header.Set("Authorization", "Bearer "+e.token)
		w := e.do(t, r)
		close(done)
		grew := int64(peak.Load()) - int64(base.HeapInuse)
		t.Logf("%s bomb: %d KB upload, status %d in %.1fs, heap grew by %d MB", kind, len(b)>>10, w.Code, time.Since(start).Seconds(), grew>>20)
		if grew > limit {
			t.Errorf("%s bomb: the heap grew by %d MB (limit %d MB)", kind, grew>>20, limit>>20)
		}
		if w.Code != http.StatusUnprocessableEntity || !strings.ContainsAny(w.Body.String(), "圧縮大長") {
			t.Errorf("%s bomb: status %d, want 422 with a problem about the file's size: %.300s", kind, w.Code, w.Body.String())
		}
	}
}

// badText tells whether a raw query holds a value the edge refuses.
func badText(rawQuery string) bool {
	v, err := url.ParseQuery(rawQuery)
	if err != nil {
		return true
	}
	for k, vs := range v {
		if !web.CleanText(k, false) {
			return true
		}
		for _, x := range vs {
			if !web.CleanText(x, true) {
				return true
			}
		}
	}
	return false
}
