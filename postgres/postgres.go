// Package postgres implements rapporteur.Store on PostgreSQL through pgx,
// for stores that outgrow one SQLite file: several processes reading and
// writing one database, years of archive. It behaves as package sqlite
// does (the storetest suite runs against both), with the same bounded
// searches: relevance ranks a window of the newest matches, a common word
// lists the newest matches, counts extrapolate beyond a window.
//
// Articles are partitioned by publication month, undated ones in a default
// partition (see migrations/001_init.sql). Full-text search uses a tsvector
// per article and statement, with GIN indexes; the store builds the vectors
// from the tokens the SQLite store's FTS5 tokenizer makes, so both stores
// match the same words.
//
// Article writes in several processes run side by side: each locks only
// its articles' keys and its speakers' registry keys, so that writers of
// the same article or speaker take turns, and adds to shared counts
// atomically (see putArticle's locks in article.go); writes that rework
// the registry or many articles at once take one advisory lock alone.
// Within a process, concurrent puts are group-committed by one writer
// goroutine.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is a rapporteur.Store on a PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool
	dsn  string // for messages, without the password

	// rankWindow, commonTerm: see defaultRankWindow and defaultCommonTerm.
	rankWindow, commonTerm int

	months  sync.Map // partition months known to exist (int64 start → true)
	sources sync.Map // source key → id, of committed sources
	// commonness remembers which search words are common (see
	// hasCommonTerm): table and tsquery → commonness.
	commonness sync.Map
	// monthStats caches the sizes of the monthly partitions (window.go).
	monthStats monthStats

	applied *[]string // the migrations migrate applied, when Migrate asks

	// The writer goroutine of PutArticle, as in package sqlite.
	puts          chan []*putRequest
	stop, stopped chan struct{}
	closeOnce     sync.Once

	// Now returns the current time; tests replace it before use. Times
	// are stored to the second.
	Now func() time.Time
}

var _ rapporteur.Store = (*DB)(nil)

// IsURL reports whether dsn names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than a SQLite file.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database named by the URL dsn and applies the
// migrations it has not seen yet. A URL that does not parse, a database
// that cannot be reached and one that cannot be migrated are EUNAVAILABLE,
// with the URL (without password) and what failed in the message.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.pool.Close()
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "migrate database %s: %w", db.dsn, err)
	}
	// Speakers keyed with older registry rules are worked out again, and
	// the users' corrections a re-key (or an interrupted re-apply) left
	// out applied, as package sqlite does when it opens a store.
	if err := db.rekeySpeakers(ctx); err != nil {
		db.pool.Close()
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "open database %s: %w", db.dsn, err)
	}
	if _, err := db.ReapplyCorrections(ctx, false, nil); err != nil {
		db.pool.Close()
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "open database %s: %w", db.dsn, err)
	}
	db.puts, db.stop, db.stopped = make(chan []*putRequest), make(chan struct{}), make(chan struct{})
	go db.writeLoop()
	return db, nil
}

// Migrate applies the migrations the database has not seen yet, and
// returns the names of those it applied.
func Migrate(ctx context.Context, dsn string) ([]string, error) {
	db, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.pool.Close()
	var applied []string
	db.applied = &applied
	if err := db.migrate(ctx); err != nil {
		return applied, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "migrate database %s: %w", db.dsn, err)
	}
	return applied, nil
}

// connect parses dsn and checks that the database answers.
func connect(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// A URL that names no database is as unusable as one that does
		// not answer: the database cannot be used (exit status 1).
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "open database: %s is not a valid PostgreSQL URL: %v", redact(dsn), firstLine(errors.Unwrap(err)))
	}
	cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	cfg.AfterConnect = claimShard
	db := &DB{dsn: redact(dsn), Now: time.Now, rankWindow: defaultRankWindow, commonTerm: defaultCommonTerm}
	if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "open database %s: %v", db.dsn, err)
	}
	if err := db.pool.Ping(ctx); err != nil {
		db.pool.Close()
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "open database %s: %v", db.dsn, cause(err))
	}
	return db, nil
}

// Running counts (the totals, each source's articles) are kept in shards
// that writers add to, a row per shard (migrations 009 and 019), so that
// writers do not queue on one row. Each connection claims a shard no
// other live connection to the schema holds, with a session advisory
// lock, when it opens: two writers adding to one count at once then
// never wait for each other (with the shard pg_backend_pid() % 16, two
// worker processes' connections shared one often enough to wait 1.2 s a
// run on a source's row, BENCHMARKS.md, issue 14, seventh session). The
// lock goes with the connection. Past 64 live connections, or should a
// connection lose its setting, shards are shared (connShard): counts
// stay right, writers may wait.
const (
	shards      = 64
	qClaimShard = `SELECT set_config('rapporteur.shard', coalesce(
		(SELECT s FROM (SELECT (g + $1::int) % 64 AS s FROM generate_series(0, 63) g) x
		 WHERE pg_try_advisory_lock(hashtext(current_schema() || ':shard'), s) LIMIT 1),
		pg_backend_pid() % 64)::text, false)`
	// connShard is the shard of the connection.
	connShard = `coalesce(nullif(current_setting('rapporteur.shard', true), '')::int, pg_backend_pid() % 64)`
)

// claimShard claims a shard for a new connection, trying them from a
// random one so that connections opening at once do not try the same.
func claimShard(ctx context.Context, c *pgx.Conn) error {
	if _, err := c.Exec(ctx, qClaimShard, rand.IntN(shards)); err != nil {
		return fmt.Errorf("claim a shard of the counts: %w", err)
	}
	return nil
}

// cause returns what went wrong in a failure to connect: the error pgconn
// wraps, on one line (it joins the errors of each attempt, such as with
// and without TLS, which say the same).
func cause(err error) string {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Unwrap() != nil {
		err = ce.Unwrap()
	}
	return firstLine(err)
}

func firstLine(err error) string {
	if err == nil {
		return "unknown error"
	}
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}

// redact returns dsn without its password, for messages.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if user, _, ok := strings.Cut(userinfo, ":"); ok {
		return dsn[:scheme+3] + user + ":***" + dsn[at:]
	}
	return dsn
}

// Close closes the database, after the puts being written are committed.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		if db.stop != nil {
			close(db.stop)
			<-db.stopped
		}
		db.pool.Close()
	})
	return nil
}

// lockKey names an advisory lock of the current schema: several stores
// (one per schema, as the tests use) lock independently.
const lockKey = `hashtext(current_schema() || ?)`

// migrate runs, in name order, each embedded migration not yet recorded
// in schema_migrations, each in its own transaction with its record. A
// session advisory lock makes a second process starting at the same time
// wait for the first's migrations instead of running them again.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	c := wrap(conn)
	if _, err := c.exec(ctx, `SELECT pg_advisory_lock(`+lockKey+`)`, ":migrate"); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	defer c.exec(context.Background(), `SELECT pg_advisory_unlock(`+lockKey+`)`, ":migrate")
	if _, err := c.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied bigint NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, conn.Conn(), name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, conn *pgx.Conn, name string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (name, applied) VALUES ($1, $2)`, name, time.Now().Unix()); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	if db.applied != nil {
		*db.applied = append(*db.applied, name)
	}
	return nil
}

// now returns the store's clock, truncated to the second it is stored at.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Second) }

// beginWrite starts a write transaction holding the writer lock alone:
// writes that rework the registry or many articles at once (corrections,
// re-keying, merging stories, deleting a feed) take it so, and wait for
// the article writes and links under way, which hold it shared
// (beginShared, and the first round trip of an article write).
func (db *DB) beginWrite(ctx context.Context) (*tx, error) {
	t, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, errorf("begin: %w", err)
	}
	w := &tx{q: t, tx: t}
	if _, err := w.exec(ctx, `SELECT pg_advisory_xact_lock(`+lockKey+`)`, ":write"); err != nil {
		t.Rollback(context.Background())
		return nil, errorf("writer lock: %w", err)
	}
	return w, nil
}

// beginShared starts a write transaction holding the writer lock shared:
// it waits for the writes that hold it alone, and for nothing else.
func (db *DB) beginShared(ctx context.Context) (*tx, error) {
	t, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, errorf("begin: %w", err)
	}
	w := &tx{q: t, tx: t}
	if _, err := t.Exec(ctx, qSharedWrite, ":write"); err != nil {
		t.Rollback(context.Background())
		return nil, errorf("writer lock: %w", err)
	}
	return w, nil
}

// beginRead starts a read-only transaction: every query of one Store call
// sees the same snapshot.
func (db *DB) beginRead(ctx context.Context) (*tx, error) {
	t, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, errorf("begin: %w", err)
	}
	return &tx{q: t, tx: t}, nil
}

// pgQuerier is what pgx's pools, connections and transactions share.
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// tx runs queries written with ? parameters, as the SQLite store's are
// (and as its conditions are built), numbering them for PostgreSQL.
type tx struct {
	q  pgQuerier
	tx pgx.Tx // nil outside a transaction
}

func wrap(q pgQuerier) *tx { return &tx{q: q} }

func (t *tx) query(ctx context.Context, q string, args ...any) (pgx.Rows, error) {
	return t.q.Query(ctx, number(q), args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) pgx.Row {
	return t.q.QueryRow(ctx, number(q), args...)
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (pgconn.CommandTag, error) {
	return t.q.Exec(ctx, number(q), args...)
}

func (t *tx) commit(ctx context.Context) error { return t.tx.Commit(ctx) }

// rollback ends the transaction if it is still open; after a commit it
// does nothing.
func (t *tx) rollback() { t.tx.Rollback(context.Background()) }

var numbered sync.Map // query with ? → query with $n

// number replaces each ? of q with $1, $2, … in order, and ?N (SQLite's
// numbered parameter, which the ported corrections use) with $N. The
// store's SQL has no ? of its own (no JSON operators, no ? in literals).
func number(q string) string {
	if v, ok := numbered.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' && i+1 < len(q) && '1' <= q[i+1] && q[i+1] <= '9' {
			b.WriteByte('$')
		} else if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
		} else {
			b.WriteByte(q[i])
		}
	}
	out := b.String()
	if len(q) < 4096 {
		numbered.Store(q, out)
	}
	return out
}

// errorf wraps an error with context and classifies it: a failure to
// reach or use the database (connection refused or lost, the server
// shutting down, out of disk, read-only) is EUNAVAILABLE; an error already
// classified keeps its code; anything else is internal.
func errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	var e *rapporteur.Error
	if errors.As(err, &e) || !unavailable(err) {
		return err
	}
	return &rapporteur.Error{Code: rapporteur.EUNAVAILABLE, Message: err.Error(), Err: errors.Unwrap(err)}
}

var errClosed = errors.New("the database is closed")

// unavailable reports whether err is a failure of the database rather
// than of the statement.
func unavailable(err error) bool {
	if errors.Is(err, errClosed) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code[:2] {
		case "08", "53", "57", "58": // connection, resources, operator intervention, system
			return true
		}
		return pe.Code == "25006" // read-only transaction (a standby)
	}
	return strings.Contains(err.Error(), "closed pool") || strings.Contains(err.Error(), "conn closed")
}

// isUnique reports whether err is a unique constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func notFound(what string, id int64) error {
	return rapporteur.Errorf(rapporteur.ENOTFOUND, "%s %d not found", what, id)
}

// unix converts a time to stored seconds; a zero time is NULL.
func unix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// fromUnix converts stored seconds back; NULL is the zero time.
func fromUnix(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return time.Unix(*n, 0).UTC()
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

// EnsureMonths creates the partitions of articles for the months of
// dates (seconds) that do not exist yet. Writers create them as they go,
// each in a short transaction of its own under a lock that serializes
// them (12 ms of server CPU a month); a load or a benchmark of the steady
// state, whose months exist, creates them first.
func (db *DB) EnsureMonths(ctx context.Context, dates []int64) error {
	return db.ensureMonths(ctx, dates)
}

// ensureMonths creates the partitions of the publication months of dates
// (seconds) that do not exist yet, each in a short transaction of its own
// under an advisory lock, so that two processes do not race to create the
// same one and no write transaction holds the lock that creating a
// partition takes on the whole table.
func (db *DB) ensureMonths(ctx context.Context, dates []int64) error {
	for _, d := range dates {
		t := time.Unix(d, 0).UTC()
		start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		if _, ok := db.months.Load(start.Unix()); ok {
			continue
		}
		if err := db.createMonth(ctx, start); err != nil {
			return errorf("partition of %s: %w", start.Format("2006-01"), err)
		}
		db.months.Store(start.Unix(), true)
	}
	return nil
}

func (db *DB) createMonth(ctx context.Context, start time.Time) error {
	name := fmt.Sprintf("articles_p%04d%02d", start.Year(), int(start.Month()))
	if start.Year() < 0 {
		name = fmt.Sprintf("articles_pm%04d%02d", -start.Year(), int(start.Month()))
	}
	t, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback(context.Background())
	w := &tx{q: t, tx: t}
	if _, err := w.exec(ctx, `SELECT pg_advisory_xact_lock(`+lockKey+`)`, ":partitions"); err != nil {
		return err
	}
	var exists bool
	if err := w.queryRow(ctx, `SELECT to_regclass(?) IS NOT NULL`, name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	end := start.AddDate(0, 1, 0)
	// fillfactor: room in each page for its rows' next versions, so that
	// linking stored articles is a HOT update (migration 018).
	if _, err := w.exec(ctx, fmt.Sprintf(`CREATE TABLE %s PARTITION OF articles FOR VALUES FROM (%d) TO (%d) WITH (fillfactor = 50)`,
		pgx.Identifier{name}.Sanitize(), start.Unix(), end.Unix())); err != nil {
		return err
	}
	return w.commit(ctx)
}
