// Package apperr holds the few error codes the application distinguishes.
// The web layer maps each code to an HTTP status; the Message is safe to show
// to the user (in Japanese), while the wrapped cause goes only to the log.
package apperr

import (
	"errors"
	"fmt"
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
	return "処理中にエラーが発生しました。時間をおいて再度お試しください。"
}

// NotFoundf is shorthand for the common case.
func NotFoundf(format string, args ...any) *Error { return New(NotFound, format, args...) }

// Invalidf is shorthand for the common case.
func Invalidf(format string, args ...any) *Error { return New(Invalid, format, args...) }

// Forbid is the one message for refused access; it never says whether the
// record exists.
func Forbid() *Error { return New(Forbidden, "この操作を行う権限がありません。") }
