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

// LockedAt returns when WriteTx started (zero before, or when it had
// nothing to write): the articles' and speakers' keys are locked from then
// to the commit, the time that bounds how fast writers of the same
// articles or speakers store.
func (p *PreparedPut) LockedAt() time.Time { return p.locked }

// PreparePut validates and hashes articles, builds their vectors, and
// makes the partitions of their months, each in a short
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
		dates = append(dates, filedDate(req, p.now))
	}
	if err := db.ensureMonths(ctx, dates); err != nil {
		return nil, err
	}
	return p, nil
}

// JoinPuts returns one PreparedPut of the articles of ps, in order, and
// where each one's results begin in its WriteTx's: a job queue's worker
// writes the articles of several jobs in one transaction (package jobs),
// in one pipelined write whose keys are locked together, in order.
func JoinPuts(ps ...*PreparedPut) (*PreparedPut, []int) {
	j := &PreparedPut{db: ps[0].db, now: ps[0].now}
	from := make([]int, len(ps))
	for k, p := range ps {
		from[k] = len(j.results)
		for i, at := range p.at {
			j.reqs = append(j.reqs, p.reqs[i])
			j.at = append(j.at, from[k]+at)
		}
		j.results = append(j.results, p.results...)
	}
	return j, from
}

// WriteTx stores the prepared articles in the caller's transaction, which
// the caller commits or rolls back: a job that stores an article completes
// itself in the same transaction (river.JobCompleteTx), so a crash either
// keeps both or neither, and the job's retry finds the article stored and
// unchanged. It locks the articles' keys and their speakers' registry
// keys in tx (as every article write does: writers of other articles do
// not wait), so commit soon after it returns. A write that loses a race
// with another writer (a deadlock, a speaker both created) is rolled back
// to a savepoint taken in its first round trip and tried again.
//
// Unlike PutArticles, one failing article fails the whole call (the
// transaction is the caller's, and PostgreSQL aborts it on an error).
func (p *PreparedPut) WriteTx(ctx context.Context, ptx pgx.Tx) ([]rapporteur.PutResult, error) {
	results := append([]rapporteur.PutResult(nil), p.results...)
	if len(p.reqs) == 0 {
		return results, nil
	}
	t := &tx{q: ptx, tx: ptx}
	p.locked = time.Now()
	var err error
	for try := 0; try < maxTries; try++ {
		if try > 0 {
			if _, err := ptx.Exec(ctx, `ROLLBACK TO SAVEPOINT rapporteur_put`); err != nil {
				return nil, errorf("put articles: %w", err)
			}
		}
		w := &writer{db: p.db, ctx: ctx, tx: t, now: p.now, locks: lockSet(p.reqs), savepoint: try == 0}
		if err = p.write(w, results); err == nil || !retryable(err) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return results, nil
}

func (p *PreparedPut) write(w *writer, results []rapporteur.PutResult) error {
	for k, req := range p.reqs {
		w.last = k == len(p.reqs)-1
		w.next = nil
		if !w.last {
			w.next = p.reqs[k+1]
		}
		res, err := w.putArticle(req)
		if err != nil {
			return errorf("put article %s: %w", req.key, err)
		}
		results[p.at[k]] = res
	}
	if err := w.flush(); err != nil {
		return errorf("put articles: %w", err)
	}
	// Sources found are kept only once committed, which is the caller's.
	return nil
}
