package recordsui

import (
	"fmt"
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/sheet"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// The printables of a session — the 受講者名簿, the 出席簿 people sign at
// the venue and the poster with the check-in QR code — are for who runs
// the session: the center and the session's instructors.

// printData is a printable list of a session's people.
type printData struct {
	X       *training.Session
	Rows    []training.AttendanceRow
	Blank   []int // empty lines of the 出席簿 for people not on the list
	Printed string
}

// printable loads the session of the URL and its whole list, for those
// who run it; anyone else gets 404.
func (s *ui) printable(r *http.Request) (*printData, error) {
	a, err := s.sessionAccess(r)
	if err != nil {
		return nil, err
	}
	if !a.Edit {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	rows, err := s.Train.Attendance(r.Context(), web.UserOf(r).Municipality, a.X.ID, staff.Scope{})
	if err != nil {
		return nil, err
	}
	return &printData{X: a.X, Rows: rows, Blank: make([]int, 5), Printed: calendar.Today(s.Now()).Format(time.DateOnly)}, nil
}

// sessionRoster prints the 受講者名簿 of a session.
func (s *ui) sessionRoster(w http.ResponseWriter, r *http.Request) error {
	d, err := s.printable(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "session_roster", &web.Page{Title: "受講者名簿 " + d.X.Label(), Nav: "training", FY: d.X.FY, Data: d})
	return nil
}

// signSheet prints the 出席簿: one line per person with room to sign.
func (s *ui) signSheet(w http.ResponseWriter, r *http.Request) error {
	d, err := s.printable(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "session_signsheet", &web.Page{Title: "出席簿 " + d.X.Label(), Nav: "training", FY: d.X.FY, Data: d})
	return nil
}

// rosterExport writes the 受講者名簿 as CSV or, with format=xlsx, Excel.
func (s *ui) rosterExport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.printable(r)
	if err != nil {
		return err
	}
	return s.writePeople(w, r, d, "受講者名簿", []string{"職員番号", "氏名", "所属", "登録", "出欠", "出席時間", "修了証番号"},
		func(row *training.AttendanceRow) []sheet.Cell {
			enrolled := "登録済み"
			if !row.Enrolled {
				enrolled = "登録外"
			}
			hours := sheet.Text("")
			if row.Status != "" {
				hours = sheet.Number(row.Hours)
			}
			return []sheet.Cell{sheet.Text(row.Number), sheet.Text(row.Name), sheet.Text(row.UnitDisplay()), sheet.Text(enrolled),
				sheet.Text(row.StatusLabel()), hours, sheet.Text(row.CertificateNo)}
		})
}

// signSheetExport writes the 出席簿 with an empty signature column, for a
// city that prints it from its own spreadsheet.
func (s *ui) signSheetExport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.printable(r)
	if err != nil {
		return err
	}
	return s.writePeople(w, r, d, "出席簿", []string{"番号", "職員番号", "氏名", "所属", "署名", "備考"},
		func(row *training.AttendanceRow) []sheet.Cell {
			return []sheet.Cell{sheet.Text(row.Number), sheet.Text(row.Name), sheet.Text(row.UnitDisplay()), sheet.Text(""), sheet.Text("")}
		})
}

// writePeople writes one row per person, numbered when the header starts
// with 番号.
func (s *ui) writePeople(w http.ResponseWriter, r *http.Request, d *printData, what string, header []string, cells func(*training.AttendanceRow) []sheet.Cell) error {
	sw, err := web.Sheet(w, r, fmt.Sprintf("%s_%s_%s", what, d.X.Label(), d.X.First()), what)
	if err != nil {
		return err
	}
	numbered := header[0] == "番号"
	err = sw.Row(sheet.Texts(header...)...)
	for i := range d.Rows {
		if err != nil {
			break
		}
		row := cells(&d.Rows[i])
		if numbered {
			row = append([]sheet.Cell{sheet.Int(i + 1)}, row...)
		}
		err = sw.Row(row...)
	}
	if err == nil {
		err = sw.Close()
	}
	if err != nil {
		// The status is sent with the first row: a failure can only be logged.
		s.Log.Error(what+" export", "err", err)
	}
	return nil
}

// posterData is the poster for the venue.
type posterData struct {
	X          *training.Session
	CheckinURL string
}

// poster prints the check-in QR code large, with the session's name, its
// days in 和暦 and the venue, to put up at the entrance.
func (s *ui) poster(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	if !a.Edit {
		return apperr.NotFoundf("開催回が見つかりません。")
	}
	link, err := s.checkinURL(r, a.X.ID)
	if err != nil {
		return err
	}
	if link == "" {
		return apperr.NotFoundf("この開催回には受付用のコードがありません。")
	}
	s.Render(w, r, http.StatusOK, "session_poster", &web.Page{Title: "受付ポスター " + a.X.Label(), Nav: "training", FY: a.X.FY,
		Data: posterData{X: a.X, CheckinURL: link}})
	return nil
}
