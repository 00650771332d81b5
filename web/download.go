package web

import (
	"net/http"

	"hagukumi/sheet"
)

// Download names a spreadsheet download (name without extension) and
// returns its format: an Excel workbook when the request asks
// ?format=xlsx, CSV (UTF-8 with BOM) otherwise.
func Download(w http.ResponseWriter, r *http.Request, name string) string {
	format, ext, ctype := sheet.CSV, ".csv", "text/csv; charset=utf-8"
	if r.FormValue("format") == "xlsx" {
		format, ext, ctype = sheet.XLSX, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", ContentDisposition(name+ext))
	return format
}

// Sheet starts a spreadsheet download; title names the workbook's sheet.
// Once rows are written the status is sent, so a later failure can only be
// logged.
func Sheet(w http.ResponseWriter, r *http.Request, name, title string) (*sheet.Writer, error) {
	return sheet.New(w, Download(w, r, name), title)
}
