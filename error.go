package rapporteur

import (
	"errors"
	"fmt"
)

// Error codes. Each error that reaches a user is classified once, with one of
// these, where it arises; the CLI and the HTTP layer translate the code into
// an exit status or an HTTP status.
const (
	EINVALID  = "invalid"   // bad input: not text, not HTML, malformed JSON, …
	ETOOLARGE = "too_large" // input over a size limit
	EFORBID   = "forbidden" // refused by policy, such as the SSRF guard
	EUPSTREAM = "upstream"  // a remote server failed or timed out
	// EUNAVAILABLE is a storage failure: the database or a file the program
	// writes cannot be opened, read or written (missing or unreadable, not a
	// database, read-only, corrupt, disk full, locked past the busy
	// timeout). The input was fine and the code is not at fault; trying
	// again once the storage is repaired may succeed.
	EUNAVAILABLE = "unavailable"
	EINTERNAL    = "internal" // a bug
)

// Error is an application error with a code and a message fit for a user.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, if any
}

// Error returns the message; Errorf already folds the cause into it.
func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message. A %w verb
// wraps its operand as the cause.
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
