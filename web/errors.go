package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"hagukumi/apperr"
	"hagukumi/db"
)

// Status is the one mapping from an error to an HTTP status.
func Status(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	switch apperr.CodeOf(err) {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	}
	if isDBDown(err) || isDiskFull(err) {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Message is the Japanese message shown for an error; internal causes are
// never shown.
func Message(err error) string {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Sprintf("ファイルが大きすぎます（上限 %d MB）。", mbe.Limit>>20)
	}
	if apperr.CodeOf(err) == apperr.Internal {
		switch {
		case isDiskFull(err):
			return "ディスクの空き容量が不足しているため保存できませんでした。変更は行われていません。システム管理者に連絡してください。"
		case isDBDown(err):
			return "データベースに接続できません。しばらくしてから再度お試しください。"
		}
	}
	return apperr.MessageOf(err)
}

// IsValidation tells a form handler that an error is the user's to fix
// (show the form again with the message), not the system's.
func IsValidation(err error) bool {
	c := apperr.CodeOf(err)
	return c == apperr.Invalid || c == apperr.Conflict
}

// Fail answers with the error page (or JSON on the API); the internal
// cause goes to the log only. A request the client abandoned is logged
// once, at debug level, and not answered.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		s.Log.Debug("request canceled by the client", "method", r.Method, "path", r.URL.Path)
		return
	}
	status := Status(err)
	if status >= 500 {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		var body apiErr
		body.Error.Code = string(apperr.CodeOf(err))
		body.Error.Message = Message(err)
		body.Error.Fields = apperr.FieldsOf(err)
		JSON(w, status, body)
		return
	}
	s.Render(w, r, status, "error", &Page{Title: "エラー", Error: Message(err)})
}

func isDBDown(err error) bool { return db.IsUnavailable(err) }

func isDiskFull(err error) bool { return errors.Is(err, db.ErrDiskFull) || db.IsDiskFull(err) }

type apiErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

var jsonBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// JSON writes v as compact JSON through a pooled buffer, so an encoding
// error never leaves half an answer.
func JSON(w http.ResponseWriter, status int, v any) {
	buf := jsonBufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer jsonBufs.Put(buf)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// DecodeJSON reads a JSON request body into v; a broken body is the
// client's error, in Japanese.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.Invalidf("JSON の形式が正しくありません。")
	}
	return nil
}
