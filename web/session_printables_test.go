package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"hagukumi/training"
)

// TestSessionPrintables: the 受講者名簿, the 出席簿 with its signature
// column and the venue's QR poster are printable pages with CSV/Excel
// exports, for the center and the session's instructor only; the roster
// page links to them.
func TestSessionPrintables(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f)
		center, instructor := f.asCookie(t, "a_center_staff"), f.asCookie(t, "a_instructor")
		x := recSession(t, f, "SETTAI", "2026-06-10", training.Instructor{Number: "A2002"})
		other := recSession(t, f, "SETTAI", "2026-06-11")
		recEnrol(t, f, x.ID, "A1001", "A2001")
		base := fmt.Sprintf("/sessions/%d/", x.ID)

		w := f.get(base+"attendance", center)
		expectBody(t, w, `href="`+base+`roster"`, `href="`+base+`sign-sheet"`, `href="`+base+`poster"`)

		w = f.get(base+"roster", center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "受講者名簿", "髙橋 一樹", "鈴木 次郎", "令和8年6月10日", `class="no-print rec-toolbar"`, "data-print", base+"roster/export?format=xlsx")
		w = f.get(base+"sign-sheet", instructor)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "出席簿", ">署名</th>", `<td class="rec-sign"></td>`, "鈴木 次郎")
		w = f.get(base+"poster", center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "接遇", "令和8年6月10日", "会場：研修室", base+"qr.png")

		w = f.get(base+"roster/export", center)
		expectStatus(t, w, http.StatusOK)
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("roster export Content-Type %q", ct)
		}
		expectBody(t, w, "職員番号,氏名,所属", "A2001,鈴木 次郎")
		w = f.get(base+"sign-sheet/export?format=xlsx", instructor)
		expectStatus(t, w, http.StatusOK)
		if ct := w.Header().Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			t.Fatalf("sign sheet export Content-Type %q", ct)
		}
		expectBody(t, f.get(base+"sign-sheet/export", center), "番号,職員番号,氏名,所属,署名,備考", "1,A2001,鈴木 次郎,市民文化部 市民課,,")

		// Nobody else: the instructor of another session, a liaison, staff.
		for _, p := range []string{"roster", "sign-sheet", "poster", "roster/export", "sign-sheet/export"} {
			expectStatus(t, f.get(fmt.Sprintf("/sessions/%d/%s", other.ID, p), instructor), http.StatusNotFound)
			expectStatus(t, f.get(base+p, f.asCookie(t, "a_liaison")), http.StatusForbidden)
			expectStatus(t, f.get(base+p, f.asCookie(t, "a_staff")), http.StatusForbidden)
		}
	})
}
