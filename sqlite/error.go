package sqlite

import (
	"errors"
	"fmt"

	"github.com/rapporteur/rapporteur"
	driver "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// errorf wraps an error with context, as fmt.Errorf does, and classifies
// it where it arises: a failure of the storage itself (see unavailable) is
// EUNAVAILABLE; an error already classified (ENOTFOUND, ECONFLICT,
// EINVALID, …) keeps its code; anything else, such as a statement SQLite
// rejects, stays unclassified: an internal error, a bug.
func errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	var e *rapporteur.Error
	if errors.As(err, &e) || !unavailable(err) {
		return err
	}
	return &rapporteur.Error{Code: rapporteur.EUNAVAILABLE, Message: err.Error(), Err: errors.Unwrap(err)}
}

// unavailable reports whether err is a failure of the storage rather than
// of the statement: the file cannot be opened, read or written, is not a
// database or is corrupt, the disk is full, another process held the lock
// past the busy timeout, or the database is closed.
func unavailable(err error) bool {
	if errors.Is(err, errClosed) {
		return true
	}
	var de *driver.Error
	if !errors.As(err, &de) {
		return false
	}
	switch de.Code() & 0xff { // the primary result code of an extended one
	case sqlite3.SQLITE_PERM, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM,
		sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FULL,
		sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// openError classifies a failure to open or migrate the database at path:
// whatever the cause, the database cannot be used, a storage failure.
func openError(path string, err error) error {
	return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "open database %s: %w", path, err)
}
