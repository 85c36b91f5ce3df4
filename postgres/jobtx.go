package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur"
)

// Pool returns the store's connection pool, for a job queue that keeps
// its tables in the same database (package jobs: River), so that a job's
// completion and the writes it made commit in one transaction.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// PreparedPut is articles ready to be written in a caller's transaction:
// PreparePut did what needs connections of its own (the reads that find
// unchanged articles, the month partitions), so that writing them holds
// one connection only, the transaction's: a job queue's workers, each in a
// transaction, cannot then wait on each other for the pool.
type PreparedPut struct {
	db      *DB
	results []rapporteur.PutResult
	reqs    []*putRequest
	at      []int
	now     time.Time
	locked  time.Time
}

// LockedAt returns when WriteTx got the writer lock (zero before, or when
// it had nothing to write): the lock is held from then to the commit, the
// time that bounds how fast all processes together store.
func (p *PreparedPut) LockedAt() time.Time { return p.locked }

// PreparePut validates and hashes articles, finds those stored exactly so
// already, and makes the partitions of their months, each in a short
// transaction of its own (an empty partition left by a rollback is
// harmless).
func (db *DB) PreparePut(ctx context.Context, items []rapporteur.PutItem) (*PreparedPut, error) {
	p := &PreparedPut{db: db, results: make([]rapporteur.PutResult, len(items)), now: db.now()}
	for i, it := range items {
		req, res, err := db.preparePut(ctx, it.Article, it.Meta)
		switch {
		case err != nil:
			return nil, err
		case req == nil:
			p.results[i] = res
		default:
			p.reqs = append(p.reqs, req)
			p.at = append(p.at, i)
		}
	}
	var dates []int64
	for _, req := range p.reqs {
		switch pub := req.a.Published; {
		case pub != nil && !pub.IsZero():
			dates = append(dates, pub.Unix())
		case !req.meta.Fetched.IsZero():
			dates = append(dates, req.meta.Fetched.Unix())
		default:
			dates = append(dates, p.now.Unix())
		}
	}
	if err := db.ensureMonths(ctx, dates); err != nil {
		return nil, err
	}
	return p, nil
}

// WriteTx stores the prepared articles in the caller's transaction, which
// the caller commits or rolls back: a job that stores an article completes
// itself in the same transaction (river.JobCompleteTx), so a crash either
// keeps both or neither, and the job's retry finds the article stored and
// unchanged. It takes the store's writer lock in tx, as every write does,
// so commit soon after it returns.
//
// Unlike PutArticles, one failing article fails the whole call (the
// transaction is the caller's, and PostgreSQL aborts it on an error).
func (p *PreparedPut) WriteTx(ctx context.Context, ptx pgx.Tx) ([]rapporteur.PutResult, error) {
	results := append([]rapporteur.PutResult(nil), p.results...)
	if len(p.reqs) == 0 {
		return results, nil
	}
	t := &tx{q: ptx, tx: ptx}
	if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock(`+lockKey+`)`, ":write"); err != nil {
		return nil, errorf("writer lock: %w", err)
	}
	p.locked = time.Now()
	w := &writer{db: p.db, ctx: ctx, tx: t, now: p.now}
	for k, req := range p.reqs {
		res, err := w.putArticle(req)
		if err != nil {
			return nil, errorf("put article %s: %w", req.key, err)
		}
		results[p.at[k]] = res
	}
	return results, nil
}
