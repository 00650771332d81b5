package secondmentui

import (
	"io"
	"net/http"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/web"
)

// submit stores the uploaded report file of the request; the person, their
// 所属長 or liaison and the center may hand it in.
func (s *ui) submit(r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		if web.Status(err) == http.StatusRequestEntityTooLarge {
			return err
		}
		return apperr.Invalidf("報告書のファイルを選んでください。")
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	return s.st.Submit(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), id, hdr.Filename, data)
}

// upload is the page's form.
func (s *ui) upload(w http.ResponseWriter, r *http.Request) error {
	if err := s.submit(r); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/secondments", "報告書を提出しました。")
	return nil
}

// apiUpload is the API's.
func (s *ui) apiUpload(w http.ResponseWriter, r *http.Request) error {
	if err := s.submit(r); err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"submitted": true})
	return nil
}
