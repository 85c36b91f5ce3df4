// Package sqlite implements rapporteur.Store on an embedded SQLite file
// (modernc.org/sqlite, pure Go), with FTS5 full-text search.
//
// The database runs in WAL mode: readers never wait for the writer. Writes
// go through one connection, so two writers in this process queue in Go
// instead of failing with "database is locked"; writers in other processes
// wait up to the busy timeout. Every Store call is one transaction.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Connection settings. synchronous=NORMAL in WAL mode keeps every committed
// transaction across a process crash (kill -9) and loses at most the last
// ones on power loss, without an fsync per commit. The page caches are
// bounded so that the resident size stays well under 1 GiB with a database
// of millions of articles, and there is no memory map: every connection
// maps the file anew and counts it resident again (nine connections with
// 256 MiB maps took serve to 1.2 GB), while reads that miss the page cache
// are served by the kernel's.
const (
	busyTimeout   = 10000    // milliseconds a writer of another process waits
	cacheKiB      = 32 << 10 // page cache per connection
	mmapBytes     = 0        // no memory-mapped reads
	maxReadConns  = 8        // read connections at most
	walAutoPages  = 4000     // checkpoint the WAL after about 16 MB
	openPragmaFmt = "_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=cache_size(-%d)&_pragma=mmap_size(%d)&_pragma=wal_autocheckpoint(%d)&_pragma=temp_store(MEMORY)"
)

// DB is a rapporteur.Store on one SQLite file.
type DB struct {
	write *sql.DB // one connection, BEGIN IMMEDIATE
	read  *sql.DB // read-only connections
	stmts map[string]*sql.Stmt

	// rankWindow is how many of the newest matches a text search ranks;
	// commonTerm, from how many matches a word is too common for bm25;
	// walkWindow, how many articles a filtered list tests in date order.
	rankWindow, commonTerm, walkWindow int

	// readStmts are readQueries prepared on the read connections.
	readStmts map[string]*sql.Stmt

	// threads keeps the thread nodes of recently threaded stories (see
	// threadCache); noThreadCache turns it off, for tests comparing the
	// two paths.
	threads       threadCache
	forests       forestCache // the thread pages' (see readThread)
	noThreadCache bool
	cacheSmall    bool // keep stories of any size in threads (tests)

	// The writer goroutine of PutArticle: puts go to it on puts; closing
	// stop ends it, and it closes stopped when it is gone.
	puts          chan []*putRequest
	stop, stopped chan struct{}
	closeOnce     sync.Once
	closeErr      error

	// Now returns the current time; tests replace it before use. Times
	// are stored to the second.
	Now func() time.Time
}

var _ rapporteur.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path and applies the
// migrations it has not seen yet. A path that cannot name a database file
// (empty, or with ? or #) is EINVALID; a database that cannot be opened,
// read or migrated (a directory, not SQLite, read-only, corrupt) is
// EUNAVAILABLE, with the path in the message.
//
// The other methods classify their errors as they arise (see errorf): a
// failure of the storage is EUNAVAILABLE, besides the ENOTFOUND, ECONFLICT
// and EINVALID of the Store contract.
func Open(path string) (*DB, error) { return OpenContext(context.Background(), path) }

// OpenContext is Open with a context for the work opening may do beyond
// the migrations: re-keying the speakers after a registry rules update,
// in batches as the context's rapporteur.RekeyOptions say, and applying
// the users' corrections again. Cancelling it stops that work between two
// batches (Open then fails); the next open goes on where it stopped.
func OpenContext(ctx context.Context, path string) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "open database %q: the path must be a file name without ? or #", path)
	}
	params := fmt.Sprintf(openPragmaFmt, busyTimeout, cacheKiB, mmapBytes, walAutoPages)
	write, err := sql.Open("sqlite", path+"?"+params+"&_txlock=immediate")
	if err != nil {
		return nil, openError(path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	db := &DB{write: write, Now: time.Now, rankWindow: defaultRankWindow, commonTerm: defaultCommonTerm, walkWindow: defaultWalkWindow}
	if err := db.migrate(); err != nil {
		write.Close()
		return nil, openError(path, err)
	}
	read, err := sql.Open("sqlite", path+"?"+params+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, openError(path, err)
	}
	n := min(max(4, 2*runtime.GOMAXPROCS(0)), maxReadConns)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db.read = read
	if err := db.prepare(); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	if err := db.rekeySpeakers(ctx); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	// Users' corrections a re-key (or an interrupted re-apply) left out.
	if _, err := db.ReapplyCorrections(ctx, false, nil); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	db.puts, db.stop, db.stopped = make(chan []*putRequest), make(chan struct{}), make(chan struct{})
	go db.writeLoop()
	return db, nil
}

// Close closes the database, after the puts being written are committed.
// A last checkpoint folds the WAL into the database file. Calling Close
// again returns the first call's result.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		if db.stop != nil {
			close(db.stop)
			<-db.stopped
		}
		var errs []error
		for _, s := range db.stmts {
			errs = append(errs, s.Close())
		}
		for _, s := range db.readStmts {
			errs = append(errs, s.Close())
		}
		if db.read != nil {
			errs = append(errs, db.read.Close())
		}
		if db.write != nil {
			_, err := db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
			errs = append(errs, err, db.write.Close())
		}
		if err := errors.Join(errs...); err != nil {
			db.closeErr = errorf("close database: %w", err)
		}
	})
	return db.closeErr
}

// migrate runs, in name order, each embedded migration not yet recorded in
// the migrations table, each in its own transaction with its record.
func (db *DB) migrate() error {
	if _, err := db.write.Exec(`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(name); err != nil {
			return errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(name string) error {
	tx, err := db.write.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(string(buf)); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO migrations (name) VALUES (?)`, name); err != nil {
		return err
	}
	return tx.Commit()
}

// now returns the store's clock, truncated to the second it is stored at.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Second) }

// beginWrite starts a write transaction on the single write connection.
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, errorf("begin: %w", err)
	}
	return tx, nil
}

// beginRead starts a read transaction: every query of one Store call sees
// the same snapshot.
func (db *DB) beginRead(ctx context.Context) (*readTx, error) {
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, errorf("begin: %w", err)
	}
	return &readTx{Tx: tx, db: db}, nil
}

// A readTx is a read transaction whose frequent queries (readQueries)
// run as statements prepared once per connection: SQLite spent a fifth of
// an article page parsing and planning the same few queries again.
type readTx struct {
	*sql.Tx
	db *DB
}

// querier is what the read helpers need of a transaction, read or write.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// stmt returns the prepared statement of q bound to the transaction, or
// nil when q is not one of readQueries.
func (tx *readTx) stmt(ctx context.Context, q string) *sql.Stmt {
	if s, ok := tx.db.readStmts[q]; ok {
		return tx.StmtContext(ctx, s)
	}
	return nil
}

// QueryContext runs q, as a prepared statement when it is one of readQueries.
func (tx *readTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := tx.stmt(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, q, args...)
}

// QueryRowContext runs q, as a prepared statement when it is one of readQueries.
func (tx *readTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if s := tx.stmt(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, q, args...)
}

// stmt returns the prepared write statement named by its SQL, bound to tx.
func (db *DB) stmt(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	return tx.StmtContext(ctx, db.stmts[query])
}

// unix converts a time to stored seconds; a zero time is NULL.
func unix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// fromUnix converts stored seconds back; NULL is the zero time.
func fromUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}

func notFound(what string, id int64) error {
	return rapporteur.Errorf(rapporteur.ENOTFOUND, "%s %d not found", what, id)
}

// limit returns the page size asked for: 20 by default, at most 1000.
func limit(n int) int {
	switch {
	case n <= 0:
		return 20
	case n > 1000:
		return 1000
	}
	return n
}
