// Package apperr holds the few error codes the application distinguishes.
// The web layer maps each code to an HTTP status; the Message is safe to show
// to the user (in Japanese), while the wrapped cause goes only to the log.
package apperr

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

type Code string

const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Forbidden    Code = "forbidden"
	Unauthorized Code = "unauthorized"
	Internal     Code = "internal"
)

type Error struct {
	Code    Code
	Message string // shown to the user
	Cause   error  // logged only
	fields  FieldErrors
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return string(e.Code) + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// New makes an error with a user message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap keeps an internal cause behind a user message.
func Wrap(code Code, cause error, message string) *Error {
	return &Error{Code: code, Message: message, Cause: cause}
}

// CodeOf returns the code of err, Internal for anything unclassified.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// MessageOf returns the user message of err, or a generic one.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return MsgGeneric
}

// NotFoundf is shorthand for the common case.
func NotFoundf(format string, args ...any) *Error { return New(NotFound, format, args...) }

// Invalidf is shorthand for the common case.
func Invalidf(format string, args ...any) *Error { return New(Invalid, format, args...) }

// Forbid is the one message for refused access; it never says whether the
// record exists.
func Forbid() *Error { return New(Forbidden, "この操作を行う権限がありません。") }

// Unavailable means the service cannot answer now (overload, database
// restarting); the client may try again later.
const Unavailable Code = "unavailable"

// FieldErrors are a form's errors by field name, each a Japanese message
// the form shows beside its field.
type FieldErrors map[string]string

// Fields makes an Invalid error that names the fields at fault. Its
// message lists them, for the API and for forms that show one message.
func Fields(fe FieldErrors) *Error {
	msgs := make([]string, 0, len(fe))
	for _, k := range sortedKeys(fe) {
		msgs = append(msgs, fe[k])
	}
	return &Error{Code: Invalid, Message: strings.Join(msgs, " "), fields: fe}
}

// FieldsOf returns the per-field messages of err, nil if it has none.
func FieldsOf(err error) FieldErrors {
	var e *Error
	if errors.As(err, &e) {
		return e.fields
	}
	return nil
}

func sortedKeys(m FieldErrors) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Shared Japanese messages, so the same situation reads the same everywhere.
const (
	MsgBadID        = "番号の指定が正しくありません。"
	MsgBadText      = "入力に使用できない文字（制御文字や不正な文字コード）が含まれています。"
	MsgTooManyField = "送信された項目が多すぎます。"
	MsgBusy         = "ただいま混み合っています。しばらくしてから再度お試しください。"
	MsgGeneric      = "処理中にエラーが発生しました。時間をおいて再度お試しください。"
	// MsgNoStaff answers a self-service page for an account not linked to a staff member.
	MsgNoStaff = "このアカウントは職員情報と紐付いていないため、このページは使えません。"
)
