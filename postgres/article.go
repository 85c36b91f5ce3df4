package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/registry"
	"github.com/zeebo/xxh3"
)

// The write statements of PutArticle.
const (
	// The article of a key is read in its month's partition, whose date
	// article_dates holds (migration 013): by id alone, every month's id
	// index is probed. qKeyDate reads the id and month, and only a key
	// found reads its row (qArticleRow), with the month as a value: a
	// query that joins articles to a date it reads itself cannot prune
	// the months when it is planned, so each run locked and opened every
	// month's partition and its indexes (3.4 ms a run at 203 months,
	// 0.1 ms of it the query's own; BENCHMARKS.md, issue 14, fifth
	// session), and most articles written are new.
	qKeyDate    = `SELECT k.id, d.date FROM article_keys k JOIN article_dates d ON d.id = k.id WHERE k.dedup_key = ?`
	qArticleRow = `SELECT a.id, a.record_hash, a.source_id, a.statement_count, a.created, a.duplicate_of IS NOT NULL, a.date
		FROM articles a WHERE a.id = ? AND a.date = ?`
	qArticleByKey = `SELECT a.id, a.record_hash, a.source_id, a.statement_count, a.created, a.duplicate_of IS NOT NULL, a.date
		FROM article_keys k JOIN article_dates d ON d.id = k.id JOIN articles a ON a.id = d.id AND a.date = d.date
		WHERE k.dedup_key = ?`
	qArticleIns = `INSERT INTO articles (id, dedup_key, canonical_url, content_hash, record_hash, source_id, feed_id,
		published, date, language, statement_count, created, updated, external_id, url, site, authors, title, body, entities, tsv)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector)`
	qKeyIns     = `INSERT INTO article_keys (dedup_key, id) VALUES (?, ?)`
	qArticleUpd = `UPDATE articles SET canonical_url = ?, content_hash = ?, record_hash = ?, source_id = ?,
		feed_id = coalesce(?, feed_id), published = ?, date = ?, language = ?, statement_count = ?, updated = ?,
		external_id = ?, url = ?, site = ?, authors = ?, title = ?, body = ?, entities = ?, tsv = ?::tsvector WHERE id = ? AND date = ?`
	qSourceByKey = `SELECT id FROM sources WHERE key = ?`
	qSourceIns   = `INSERT INTO sources (key, host, name, first_seen) VALUES (?, ?, ?, ?) RETURNING id`
	// qSourceAdd adds to a source's article count in the shard of the
	// connection (migration 019, claimShard).
	qSourceAdd = `INSERT INTO source_counts (source_id, shard, n) VALUES (?2, ` + connShard + `, ?1)
		ON CONFLICT (source_id, shard) DO UPDATE SET n = source_counts.n + excluded.n`
	qOldStatements = `SELECT speaker_id FROM statements WHERE article_id = ?`
	qStatementDel  = `DELETE FROM statements WHERE article_id = ?`
	qCreditDel     = `DELETE FROM credits WHERE article_id = ?`
	qSpeakerSeen   = `UPDATE speakers SET statement_count = statement_count + ?, first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?) WHERE id = ?`
	qSpeakerAdd    = `UPDATE speakers SET statement_count = statement_count + ? WHERE id = ?`
	qStatementIns  = `INSERT INTO statements (article_id, speaker_id, date, source_id, kind, confidence,
		content_start, content_end, cue_start, cue_end, cue, speaker_type, speaker_name, role, affiliation,
		mention_start, mention_end, mention, source_start, source_end, source_text, via, content, mode,
		act, target, responds_to, more_roles, tsv)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector)`
	qCreditIns = `INSERT INTO credits (article_id, seq, name, name_key, evidence_start, evidence_end, evidence, removed, relay)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	// qCounter adds to a total in the shard of the connection
	// (migration 009, claimShard).
	qCounter = `INSERT INTO counters (name, shard, n) VALUES (?2, ` + connShard + `, ?1)
		ON CONFLICT (name, shard) DO UPDATE SET n = counters.n + excluded.n`
)

// scrub replaces the highlight markers, which must never occur in stored
// text, with spaces: one code point for one, so offsets still hold.
func scrub(s string) string {
	if !strings.ContainsAny(s, rapporteur.HighlightStart+rapporteur.HighlightEnd) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == rune(rapporteur.HighlightStart[0]) || r == rune(rapporteur.HighlightEnd[0]) {
			return ' '
		}
		return r
	}, s)
}

func scrubSpan(s *rapporteur.Span) {
	if s != nil {
		s.Text = scrub(s.Text)
	}
}

// scrubArticle returns a copy of a with the markers scrubbed from its
// texts, sharing nothing with the caller's slices.
func scrubArticle(a rapporteur.Article) rapporteur.Article {
	a.Title, a.Text = scrub(a.Title), scrub(a.Text)
	a.Statements = append([]rapporteur.Statement(nil), a.Statements...)
	for i := range a.Statements {
		st := &a.Statements[i]
		scrubSpan(&st.Content)
		for _, p := range []**rapporteur.Span{&st.Cue, &st.Speaker.Mention, &st.Speaker.Source} {
			if *p != nil {
				c := **p
				scrubSpan(&c)
				*p = &c
			}
		}
	}
	a.Credits = append([]rapporteur.Credit(nil), a.Credits...)
	for i := range a.Credits {
		scrubSpan(&a.Credits[i].Evidence)
	}
	return a
}

// dedupKey returns the idempotency key of an article and its canonical
// URL: the canonical URL when it has a usable one, else its content hash.
func dedupKey(a *rapporteur.Article, hash uint64) (key, canonical string) {
	if a.URL != "" {
		if u, err := canon.URL(a.URL); err == nil {
			return "u:" + u, u
		}
	}
	return "h:" + strconv.FormatUint(hash, 16), ""
}

// PutArticle implements rapporteur.Store. Puts are group-committed as in
// package sqlite: concurrent puts of this process share a transaction.
func (db *DB) PutArticle(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (rapporteur.PutResult, error) {
	res, errs := db.PutArticles(ctx, []rapporteur.PutItem{{Article: a, Meta: meta}})
	return res[0], errs[0]
}

// PutArticles implements rapporteur.Store.
func (db *DB) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	results := make([]rapporteur.PutResult, len(items))
	errs := make([]error, len(items))
	var reqs []*putRequest
	var at []int
	prepared := db.prepareAll(ctx, items)
	for i, p := range prepared {
		switch {
		case p.err != nil:
			errs[i] = p.err
		case p.req == nil:
			results[i] = p.res
		default:
			reqs = append(reqs, p.req)
			at = append(at, i)
		}
	}
	for len(reqs) > 0 {
		n := min(len(reqs), maxGroup)
		batch := reqs[:n]
		if err := db.send(ctx, batch); err != nil {
			for k, req := range reqs {
				errs[at[k]] = errorf("put article %s: %w", req.key, err)
			}
			break
		}
		for k, req := range batch {
			if r := <-req.done; r.err != nil {
				errs[at[k]] = errorf("put article %s: %w", req.key, r.err)
			} else {
				results[at[k]] = r.res
			}
		}
		reqs, at = reqs[n:], at[n:]
	}
	return results, errs
}

// send hands a batch to the writer; on an error none of it was sent.
func (db *DB) send(ctx context.Context, batch []*putRequest) error {
	select {
	case db.puts <- batch:
		return nil
	case <-db.stopped:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// preparePut validates and hashes an article in the caller's goroutine,
// and builds its full-text vectors, so that the writer does no more than
// send it. Whether it is stored exactly so already, the writer finds out
// in its first round trip for it (an article stored again unchanged
// costs its vectors here, and saves every new article a round trip).
func (db *DB) preparePut(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (*putRequest, rapporteur.PutResult, error) {
	var none rapporteur.PutResult
	a = scrubArticle(a)
	for i, st := range a.Statements {
		switch st.Kind {
		case rapporteur.Direct, rapporteur.Indirect, rapporteur.Mixed:
		default:
			return nil, none, rapporteur.Errorf(rapporteur.EINVALID, "statement %d: unknown kind %q", i, st.Kind)
		}
	}
	record, err := json.Marshal(a)
	if err != nil {
		return nil, none, errorf("put article: %w", err)
	}
	req := &putRequest{ctx: ctx, a: &a, meta: meta, recordHash: int64(xxh3.Hash(record)), done: make(chan putResponse, 1)}
	hash := canon.Hash(a.Title, a.Text)
	req.contentHash = int64(hash)
	req.key, req.canonicalURL = dedupKey(&a, hash)
	req.tsv = articleVector(a.Title, a.Text)
	req.stsv = make([]string, len(a.Statements))
	for i, st := range a.Statements {
		req.stsv[i] = statementVector(st.Content.Text, st.Speaker.Name)
	}
	return req, none, nil
}

// prepared is an item's preparePut.
type prepared struct {
	req *putRequest
	res rapporteur.PutResult
	err error
}

// prepareAll runs preparePut on items, on every core: its vectors and
// hashes are most of a put's CPU in this process, and a batch's articles
// are independent.
func (db *DB) prepareAll(ctx context.Context, items []rapporteur.PutItem) []prepared {
	out := make([]prepared, len(items))
	workers := min(runtime.GOMAXPROCS(0), len(items)/4)
	if workers < 2 {
		for i, it := range items {
			out[i].req, out[i].res, out[i].err = db.preparePut(ctx, it.Article, it.Meta)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(items); i = int(next.Add(1) - 1) {
				out[i].req, out[i].res, out[i].err = db.preparePut(ctx, items[i].Article, items[i].Meta)
			}
		}()
	}
	wg.Wait()
	return out
}

// maxGroup bounds how many puts share a transaction.
const maxGroup = 64

// putRequest is one prepared put waiting for the writer.
type putRequest struct {
	ctx                     context.Context
	a                       *rapporteur.Article
	meta                    rapporteur.ArticleMeta
	key, canonicalURL       string
	contentHash, recordHash int64
	tsv                     string   // the article's vector
	stsv                    []string // its statements'
	done                    chan putResponse
	// hook links the batch the put came in (PutArticlesLinked), whose
	// item it is.
	hook *linkHook
	item int
}

type putResponse struct {
	res rapporteur.PutResult
	err error
}

// writeLoop is the writer goroutine: it takes the waiting batches of puts
// in groups until stop is closed.
func (db *DB) writeLoop() {
	defer close(db.stopped)
	for {
		var group []*putRequest
		select {
		case batch := <-db.puts:
			group = append(group, batch...)
		case <-db.stop:
			return
		}
	fill:
		for len(group) < maxGroup {
			select {
			case batch := <-db.puts:
				group = append(group, batch...)
			default:
				break fill
			}
		}
		db.putGroup(group)
	}
}

// putGroup stores a group of puts in one transaction and answers each.
// A transaction that lost a race with another writer (a deadlock, or a
// speaker both created) is tried again. When one put of the group fails
// otherwise, the transaction is rolled back and each put is tried in a
// transaction of its own, so that only the failing one fails, as in
// package sqlite: a savepoint per article would cost a round trip to the
// server for every article, to spare a rare retry.
func (db *DB) putGroup(group []*putRequest) {
	answers := make([]putResponse, len(group))
	if err := db.putGroupRetry(group, answers); err != nil && len(group) > 1 {
		for i := range group {
			one := make([]putResponse, 1)
			if err := db.putGroupRetry(group[i:i+1], one); err != nil {
				one[0] = putResponse{err: err}
			}
			answers[i] = one[0]
		}
	} else if err != nil {
		answers[0] = putResponse{err: err}
	}
	for i, req := range group {
		req.done <- answers[i]
	}
}

// maxTries bounds how often a write that lost a race is tried.
const maxTries = 4

func (db *DB) putGroupRetry(group []*putRequest, answers []putResponse) error {
	var err error
	for try := 0; try < maxTries; try++ {
		clear(answers)
		var linked bool
		linked, err = db.putGroupTx(group, answers)
		// A transaction that failed recording a batch's links is tried
		// once more without them (its hook is not called again): the
		// articles are stored, and the linker relinks.
		if err == nil || (!retryable(err) && !linked) {
			return err
		}
	}
	return err
}

// retryable reports whether err is a writer's lost race, which the same
// transaction tried again does not meet: a deadlock or serialization
// failure, or a unique or foreign key that another writer took or removed
// first.
func retryable(err error) bool {
	if errors.Is(err, errMoved) {
		return true
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40P01", "40001", "23505", "23503":
		return true
	}
	return false
}

// filedDate returns the date an article is filed under: its publication
// date, or when it was fetched, or now.
func filedDate(req *putRequest, now time.Time) int64 {
	switch p := req.a.Published; {
	case p != nil && !p.IsZero():
		return p.Unix()
	case !req.meta.Fetched.IsZero():
		return req.meta.Fetched.Unix()
	}
	return now.Unix()
}

// putGroupTx stores a group in one transaction, all or nothing.
// linked says whether it called a link hook (PutArticlesLinked).
func (db *DB) putGroupTx(group []*putRequest, answers []putResponse) (linked bool, err error) {
	ctx := context.Background() // each put's own context is checked below
	// The month partitions the articles' dates fall in (an undated
	// article is dated when it is stored; one stored before keeps its
	// date, whose partition exists).
	now := db.now()
	var dates []int64
	for _, req := range group {
		dates = append(dates, filedDate(req, now))
	}
	if err := db.ensureMonths(ctx, dates); err != nil {
		return false, err
	}
	pt, err := db.pool.Begin(ctx)
	if err != nil {
		return false, errorf("begin: %w", err)
	}
	t := &tx{q: pt, tx: pt}
	defer t.rollback()
	w := &writer{db: db, ctx: ctx, tx: t, now: now, locks: lockSet(group), stmts: &stmtCopy{}}
	if linksWhole(group) {
		w.pending = map[int64]*pendingInsert{}
	}
	for i, req := range group {
		if err := req.ctx.Err(); err != nil {
			answers[i].err = err
			continue
		}
		w.last = i == len(group)-1
		w.next = nil
		if !w.last && group[i+1].ctx.Err() == nil {
			w.next = group[i+1]
		}
		res, err := w.putArticle(req)
		if err != nil {
			return false, err
		}
		answers[i].res = res
	}
	if err := w.flush(); err != nil {
		return false, err
	}
	// The linker runs while the statements go in: it needs the articles'
	// ids only, and the server is busy with the COPY meanwhile.
	calls := w.callHooks(group, answers)
	err = w.copyFlush()
	hooks, batches, herr := calls.wait()
	if err != nil {
		return len(hooks) > 0, err
	}
	if herr != nil {
		return true, herr
	}
	if err := w.recordHooks(batches); err != nil {
		return true, err
	}
	if err := w.insertPending(); err != nil { // those the linker left alone
		return len(hooks) > 0, err
	}
	if err := t.commit(ctx); err != nil {
		return len(hooks) > 0, errorf("commit: %w", err)
	}
	w.committed()
	for _, h := range hooks {
		h.recorded = true
	}
	return len(hooks) > 0, nil
}

// Writers do not wait for each other but where they write the same
// things. A write transaction takes, in its first round trip:
//   - the store's writer lock in shared mode: writes that rework the
//     registry or many articles at once (corrections, re-keying, merging
//     stories, deleting a feed) take it alone (beginWrite), and wait for
//     the article writes under way, which wait for them;
//   - a lock on each key its articles are stored under and each registry
//     key (and surname) their speakers' names give, taken at once in one
//     order, so that two writers of one article, or of one speaker, take
//     turns, and each reads the registry as the other left it, as in
//     package sqlite's single writer; writers of other articles and
//     speakers do not wait at all.
//
// Rows several writers add to (totals, a source's article count, a
// speaker's statements) are changed atomically, at the end of the
// transaction and in one order (counters in shards: migration 009). What
// the locks do not cover (a speaker the registry reaches by a name no
// statement gives) is kept right by the unique keys: the writer that
// loses the race fails and its transaction is tried again.
const (
	qSharedWrite = `SELECT pg_advisory_xact_lock_shared(hashtext(current_schema() || $1))`
	// The locks are taken in the order of their hashes, so that two
	// writers wanting the same two cannot each hold one.
	qLockKeys = `SELECT count(pg_advisory_xact_lock(hashtext(current_schema()), h))
		FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) k ORDER BY 1 OFFSET 0) s`
)

// lockSet returns the keys a group of puts locks: each article's key and
// the registry keys and surnames of its statements' speakers.
func lockSet(group []*putRequest) []string {
	var keys []string
	for _, req := range group {
		keys = append(keys, "a:"+req.key)
		for _, st := range req.a.Statements {
			if k, ok := registry.Key(st.Speaker.Name, st.Speaker.Type); ok {
				keys = append(keys, "r:"+k)
				if s := registry.Surname(k); s != "" {
					keys = append(keys, "r:"+s)
				}
			}
		}
	}
	return keys
}

// writer holds one write transaction.
type writer struct {
	db  *DB
	ctx context.Context
	tx  *tx
	now time.Time
	// locks are the keys to lock in the first round trip (lockSet);
	// nil once taken, and in a transaction holding the writer lock alone.
	locks []string
	// savepoint asks for a savepoint first (WriteTx).
	savepoint bool
	// last is set while the transaction's last article is written: its
	// batch carries the counts (flush).
	last bool
	// rekey is set while the store re-keys its speakers (registry.go).
	rekey *rekeyState
	// keys and names keep what the registry read in this transaction
	// until it next writes (registry.go); surnames the namesakes of a
	// surname (BySurname); pendingNames the other names aliasName set
	// that wait in the batch; userAliases says whether users placed
	// names: 0 not asked yet, 1 none, 2 some.
	keys         map[string]keyAnswer
	names        map[int64][2]string
	surnames     map[string][]registry.Candidate
	pendingNames map[int64][2]string
	userAliases  int8
	pins         int8 // whether statements are pinned: 0 not asked yet, 1 none, 2 some
	// typeVotes lists the speakers whose type the article's statements
	// vote on again once stored (registry.go, typeVoted).
	typeVotes []int64
	// freeIDs are speaker ids taken for speakers the article may create
	// (queueKeys).
	freeIDs []int64
	// next is the put to write after the one being written, whose reads
	// go with its writes; ahead are those reads once queued (putArticle).
	next  *putRequest
	ahead *putRead
	// pending are the new articles of a group whose rows wait for their
	// links (linked.go), by id; nil, they go with their article's batch.
	pending map[int64]*pendingInsert
	// stmts holds the statements of a group of puts, sent with one COPY
	// at its end (copy.go); nil, they go with their article's batch.
	stmts *stmtCopy
	// batch holds the writes of an article that nothing reads before
	// its end (the article, its key, statements, credits, speakers' other
	// names): children sends them in one round trip.
	batch *pgx.Batch
	// counters and sourceAdds are what the transaction adds to the
	// totals and to sources' article counts, sent at its end (flush).
	counters   map[string]int64
	sourceAdds map[int64]int64
	// sources are the sources the transaction found (to keep once it
	// commits) and those it created.
	sources, newSources map[string]int64
}

// later queues a write that nothing reads before the article's end.
func (w *writer) later(q string, args ...any) {
	if w.batch == nil {
		w.batch = &pgx.Batch{}
	}
	w.batch.Queue(number(q), args...)
}

// count adds n to a total, at the transaction's end.
func (w *writer) count(name string, n int64) {
	if n == 0 {
		return
	}
	if w.counters == nil {
		w.counters = map[string]int64{}
	}
	w.counters[name] += n
}

// queueCounts queues what the transaction adds to sources and totals, in
// one order (sources by id, then totals by name), and forgets it.
func (w *writer) queueCounts(b *pgx.Batch) {
	ids := make([]int64, 0, len(w.sourceAdds))
	for id, n := range w.sourceAdds {
		if n != 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		b.Queue(number(qSourceAdd), w.sourceAdds[id], id)
	}
	names := make([]string, 0, len(w.counters))
	for name, n := range w.counters {
		if n != 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		b.Queue(number(qCounter), w.counters[name], name)
	}
	w.counters, w.sourceAdds = nil, nil
}

// flush sends the writes queued and the counts, if any.
func (w *writer) flush() error {
	if len(w.counters) > 0 || len(w.sourceAdds) > 0 {
		if w.batch == nil {
			w.batch = &pgx.Batch{}
		}
		w.queueCounts(w.batch)
	}
	return w.sendQueued()
}

// sendQueued sends the writes queued, if any.
func (w *writer) sendQueued() error {
	if w.batch == nil {
		return nil
	}
	b := w.batch
	w.batch, w.pendingNames = nil, nil
	return w.tx.tx.SendBatch(w.ctx, b).Close()
}

// committed keeps what the transaction found that others committed.
func (w *writer) committed() {
	for k, id := range w.sources {
		if _, ours := w.newSources[k]; !ours {
			w.db.sources.Store(k, id)
		}
	}
}

func (w *writer) exec(q string, args ...any) error {
	_, err := w.tx.exec(w.ctx, q, args...)
	return err
}

func (w *writer) queryRow(q string, args ...any) pgx.Row { return w.tx.queryRow(w.ctx, q, args...) }

// sourceKey returns the key and name of an article's source: the host of
// its URL, else its site name; "" when it has neither.
func sourceKey(a *rapporteur.Article) (key, host, name string) {
	if a.URL != "" {
		host = canon.SourceHost(a.URL)
	}
	key, name = host, strings.TrimSpace(a.Site)
	if host == "" {
		if name == "" {
			return "", "", ""
		}
		key = "site:" + canon.Name(name)
	} else if name == "" {
		name = host
	}
	return key, host, name
}

// putArticle writes one article in about two round trips: one reads all
// it needs (the stored article of its key, a new id, its source, what
// the registry knows of its speakers' names and ids for those it does not
// know, and, first in a transaction, takes the locks), the other writes
// it whole, new speakers too. In a group, the reads of an article go with
// the write of the one before it (w.next, children), so that a group of
// n new articles takes about n+1 round trips, not 2n.
func (w *writer) putArticle(req *putRequest) (rapporteur.PutResult, error) {
	a, meta := req.a, req.meta
	r := w.ahead
	w.ahead = nil
	if r == nil || r.req != req {
		b := &pgx.Batch{}
		r = w.queueRead(b, req)
		if err := w.tx.tx.SendBatch(w.ctx, b).Close(); err != nil {
			return rapporteur.PutResult{}, errorf("read: %w", err)
		}
	}
	if err := w.readStored(r); err != nil {
		return rapporteur.PutResult{}, errorf("read: %w", err)
	}
	id, oldRecord, oldStatements, created, oldDate := r.id, r.oldRecord, r.oldStatements, r.created, r.oldDate
	oldSource, isCopy, exists, newID, sourceID := r.oldSource, r.isCopy, r.exists, r.newID, r.sourceID
	skey, host, sname := r.skey, r.host, r.sname
	if exists && oldRecord == req.recordHash {
		return rapporteur.PutResult{ID: id, Status: rapporteur.PutUnchanged}, w.lastFlush()
	}
	if !exists {
		if newID == 0 {
			return rapporteur.PutResult{}, errorf("article key %s: stored but not readable", req.key)
		}
		id = newID
		created = w.now.Unix()
		if !meta.Fetched.IsZero() {
			created = meta.Fetched.Unix()
		}
	}
	if skey != "" && sourceID == nil {
		sid, err := w.newSource(skey, host, sname)
		if err != nil {
			return rapporteur.PutResult{}, errorf("source %s: %w", skey, err)
		}
		sourceID = sid
	}
	date := created
	var published any
	if a.Published != nil && !a.Published.IsZero() {
		date = a.Published.Unix()
		published = date
	}
	authors := []byte("[]")
	var err error
	if len(a.Authors) > 0 {
		if authors, err = json.Marshal(a.Authors); err != nil {
			return rapporteur.PutResult{}, err
		}
	}
	var feedID any
	if meta.FeedID != 0 {
		feedID = meta.FeedID
	}
	entities := []byte("[]")
	if len(a.Entities) > 0 {
		if entities, err = json.Marshal(a.Entities); err != nil {
			return rapporteur.PutResult{}, err
		}
	}
	n := int64(len(a.Statements))
	updated := w.now.Unix()

	res := rapporteur.PutResult{ID: id, Status: rapporteur.PutUpdated}
	if exists {
		// The old statements leave their speakers' counts before the
		// registry reads them, as they did when stored.
		if err := w.clearChildren(id, isCopy); err != nil {
			return res, err
		}
		w.later(qArticleUpd, req.canonicalURL, req.contentHash, req.recordHash, sourceID, feedID, published, date,
			a.Language, n, updated, a.ID, a.URL, a.Site, string(authors), a.Title, a.Text, string(entities), req.tsv, id, oldDate)
		if oldSource != nil {
			w.addSource(*oldSource, -1)
		}
	} else {
		args := []any{id, req.key, req.canonicalURL, req.contentHash, req.recordHash, sourceID, feedID,
			published, date, a.Language, n, created, updated, a.ID, a.URL, a.Site, string(authors), a.Title, a.Text,
			string(entities), req.tsv}
		if w.pending != nil {
			w.pending[id] = &pendingInsert{args: args, published: published}
		} else {
			w.later(qArticleIns, args...)
		}
		w.later(qKeyIns, req.key, id)
		res = rapporteur.PutResult{ID: id, Status: rapporteur.PutCreated}
		w.count("articles", 1)
	}
	if sid, ok := sourceID.(int64); ok {
		w.addSource(sid, 1)
	}
	w.count("statements", n-oldStatements)
	if err := w.children(id, a, req.stsv, date, sourceID, isCopy); err != nil {
		return res, err
	}
	return res, nil
}

// readStored reads the row of an article whose key is stored, in its
// month (r.oldDate), and locks it (FOR UPDATE): the linker, which changes
// its copy status and so the counts of its speakers, waits. The writer
// holds the key's lock, so the month read with the key is the row's; were
// it not found there, the row is read by its key in every month.
func (w *writer) readStored(r *putRead) error {
	if !r.stored {
		return nil
	}
	r.stored = false
	scan := func(row pgx.Row) error {
		return row.Scan(&r.id, &r.oldRecord, &r.oldSource, &r.oldStatements, &r.created, &r.isCopy, &r.oldDate)
	}
	err := scan(w.queryRow(number(qArticleRow+` FOR UPDATE`), r.id, r.oldDate))
	if errors.Is(err, pgx.ErrNoRows) {
		err = scan(w.queryRow(number(qArticleByKey+` FOR UPDATE OF a`), r.req.key))
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	r.exists = err == nil
	return err
}

// putRead is what an article's first round trip reads (queueRead).
type putRead struct {
	req *putRequest
	// stored: the key is stored, its row not read yet (readStored).
	stored                                bool
	id, oldRecord, oldStatements, created int64
	oldDate, newID                        int64
	oldSource                             *int64
	isCopy, exists                        bool
	sourceID                              any
	skey, host, sname                     string
}

// queueRead queues in b the reads of req's article (see putArticle),
// which fill in the putRead it returns once b is sent. They read the
// transaction as it is when they run: queued after the previous
// article's writes, they see its speakers and counts, as they would in a
// round trip of their own after it.
func (w *writer) queueRead(b *pgx.Batch, req *putRequest) *putRead {
	r := &putRead{req: req}
	if w.savepoint {
		// WriteTx's: a lost race rolls back to here.
		b.Queue(`SAVEPOINT rapporteur_put`)
		w.savepoint = false
	}
	if w.locks != nil {
		b.Queue(qSharedWrite, ":write")
		b.Queue(qLockKeys, w.locks)
		w.locks = nil
	}
	if w.userAliases == 0 {
		b.Queue(`SELECT EXISTS (SELECT 1 FROM speaker_aliases WHERE source = 'user')`).QueryRow(func(r pgx.Row) error {
			var some bool
			err := r.Scan(&some)
			w.userAliases = 1
			if some {
				w.userAliases = 2
			}
			return err
		})
	}
	if w.pins == 0 {
		b.Queue(`SELECT EXISTS (SELECT 1 FROM statement_pins)`).QueryRow(func(r pgx.Row) error {
			var some bool
			err := r.Scan(&some)
			w.pins = 1
			if some {
				w.pins = 2
			}
			return err
		})
	}
	// The key's id and month; its stored row, if any, is read by
	// readStored.
	b.Queue(number(qKeyDate), req.key).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&r.id, &r.oldDate)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		r.stored = err == nil
		return err
	})
	b.Queue(`SELECT nextval('articles_id_seq') WHERE NOT EXISTS (SELECT 1 FROM article_keys WHERE dedup_key = $1)`, req.key).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			if err := rows.Scan(&r.newID); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	r.skey, r.host, r.sname = sourceKey(req.a)
	if skey := r.skey; skey != "" {
		if v, ok := w.db.sources.Load(skey); ok {
			r.sourceID = v.(int64)
		} else if v, ok := w.sources[skey]; ok {
			r.sourceID = v
		} else {
			b.Queue(number(qSourceByKey), skey).QueryRow(func(row pgx.Row) error {
				var sid int64
				err := row.Scan(&sid)
				if errors.Is(err, pgx.ErrNoRows) {
					return nil
				}
				if err == nil {
					r.sourceID = sid
					if w.sources == nil {
						w.sources = map[string]int64{}
					}
					w.sources[skey] = sid
				}
				return err
			})
		}
	}
	keys, names, surnames := w.prefetchKeys(req.a.Statements, req.a.Entities)
	w.queuePrefetch(b, keys, names, surnames)
	return r
}

// lastFlush sends the counts with the last article of a transaction
// when that article needed no write of its own.
func (w *writer) lastFlush() error {
	if !w.last {
		return nil
	}
	return w.flush()
}

func (w *writer) addSource(id, n int64) {
	if w.sourceAdds == nil {
		w.sourceAdds = map[int64]int64{}
	}
	w.sourceAdds[id] += n
}

// newSource creates a source no transaction had committed when the
// article's reads ran; one that another writer created meanwhile is
// read instead.
func (w *writer) newSource(key, host, name string) (int64, error) {
	var id int64
	err := w.queryRow(`INSERT INTO sources (key, host, name, first_seen) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING id`, key, host, name, w.now.Unix()).Scan(&id)
	if err == nil {
		w.count("sources", 1)
		if w.newSources == nil {
			w.newSources = map[string]int64{}
		}
		w.newSources[key] = id
	} else if errors.Is(err, pgx.ErrNoRows) {
		err = w.queryRow(qSourceByKey, key).Scan(&id)
	}
	if err != nil {
		return 0, err
	}
	if w.sources == nil {
		w.sources = map[string]int64{}
	}
	w.sources[key] = id
	return id, nil
}

// clearChildren deletes an article's statements and credits, taking its
// statements off their speakers' counts unless it is a wire copy.
func (w *writer) clearChildren(id int64, isCopy bool) error {
	if err := w.copyFlush(); err != nil { // they may wait there
		return err
	}
	b := &pgx.Batch{}
	if !isCopy {
		b.Queue(number(qSpeakerCopies), -1, id)
	}
	b.Queue(number(qStatementDel), id)
	b.Queue(number(qCreditDel), id)
	if err := w.tx.tx.SendBatch(w.ctx, b).Close(); err != nil {
		return errorf("clear: %w", err)
	}
	w.forget() // the speakers' counts changed
	return nil
}

// children inserts an article's statements (linking their canonical
// speakers through the registry, and counting them unless the article is
// a wire copy) and credits, and sends them with the article's other
// writes.
func (w *writer) children(id int64, a *rapporteur.Article, stsv []string, date int64, sourceID any, isCopy bool) error {
	ids, err := w.speakerIDs(id, a.Statements, a.Entities, date)
	if err != nil {
		return err
	}
	// The rows below depend on nothing they return: they go to the
	// server in one batch, one round trip instead of one each.
	w.later("SELECT 1") // the batch exists
	b := w.batch
	var rows []any // the statements' values, without a COPY (stmtCopy)
	counts := map[int64]int64{}
	var order []int64
	for i, st := range a.Statements {
		speakerID := ids[i]
		if sp, ok := speakerID.(int64); ok {
			if _, seen := counts[sp]; !seen {
				order = append(order, sp)
			}
			counts[sp]++
		}
		cs, ce, cue := optSpan(st.Cue)
		ms, me, mention := optSpan(st.Speaker.Mention)
		ss, se, source := optSpan(st.Speaker.Source)
		target, replies, err := actColumns(st)
		if err != nil {
			return err
		}
		moreRoles, err := moreRolesColumn(st.Speaker)
		if err != nil {
			return err
		}
		vals := []any{id, speakerID, date, sourceID, st.Kind, st.Confidence,
			st.Content.Start, st.Content.End, cs, ce, cue, st.Speaker.Type, st.Speaker.Name, st.Speaker.Role,
			st.Speaker.Affiliation, ms, me, mention, ss, se, source, st.Via, st.Content.Text, st.Mode,
			st.Act, target, replies, moreRoles, stsv[i]}
		if w.stmts == nil {
			rows = append(rows, vals...)
			continue
		}
		w.stmts.row(vals...)
		if sp, ok := speakerID.(int64); ok {
			w.stmts.count(sp, st.Speaker.Type)
		}
	}
	queueStatements(b, rows)
	for _, sp := range w.typeVoted() { // after the statements, which vote
		var waiting [2]int64 // those not sent yet
		if w.stmts != nil {
			waiting = w.stmts.types[sp]
		}
		b.Queue(number(qSpeakerType), sp, waiting[0], waiting[1])
	}
	// Speakers in one order, so that writers of the same speakers (a
	// speaker the locks missed) cannot wait for each other in a circle.
	slices.Sort(order)
	for _, sp := range order {
		n := counts[sp]
		if isCopy {
			n = 0
		}
		b.Queue(number(qSpeakerSeen), n, date, date, sp)
	}
	for i, c := range a.Credits {
		b.Queue(number(qCreditIns), id, i, c.Name, canon.Name(c.Name), c.Evidence.Start, c.Evidence.End,
			c.Evidence.Text, c.Removed, c.Relay)
	}
	if w.last {
		w.queueCounts(b)
	}
	w.forget() // the batch changes the speakers' counts
	if w.next != nil {
		// The next article's reads, after this one's writes (putArticle).
		w.ahead, w.next = w.queueRead(b, w.next), nil
	}
	if err := w.flush(); err != nil {
		return errorf("insert article, statements and credits: %w", err)
	}
	return nil
}

// optSpan returns the columns of an optional span: NULLs for nil.
func optSpan(s *rapporteur.Span) (start, end, text any) {
	if s == nil {
		return nil, nil, nil
	}
	return s.Start, s.End, s.Text
}

// ArticleIDByURL implements rapporteur.Store.
func (db *DB) ArticleIDByURL(ctx context.Context, rawURL string) (int64, error) {
	u, err := canon.URL(rawURL)
	if err != nil {
		return 0, rapporteur.Errorf(rapporteur.EINVALID, "%v", err)
	}
	var id int64
	err = wrap(db.pool).queryRow(ctx, `SELECT id FROM article_keys WHERE dedup_key = ?`, "u:"+u).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, rapporteur.Errorf(rapporteur.ENOTFOUND, "no article with url %s", u)
	} else if err != nil {
		return 0, errorf("article by url: %w", err)
	}
	return id, nil
}

// articleCols are the columns of an article row in lists, without its
// body; scanArticle reads them. src is the article's source, LEFT JOINed.
const articleCols = `a.id, a.canonical_url, a.content_hash, a.source_id, a.feed_id, a.published, a.date, a.language,
	a.statement_count, a.created, a.updated, a.external_id, a.url, a.site, a.authors, a.title,
	src.id, src.host, src.name, ` + srcCount + `, src.first_seen, a.duplicate_of, a.similarity, a.story_id`

type scanner interface{ Scan(dest ...any) error }

func scanArticle(r scanner, extra ...any) (*rapporteur.StoredArticle, error) {
	var (
		a                           rapporteur.StoredArticle
		hash                        int64
		sourceID, feedID, published *int64
		date, created, updated      int64
		authors                     string
		srcID, srcCount, srcFirst   *int64
		srcHost, srcName            *string
		dupOf, storyID              *int64
	)
	dest := []any{&a.ID, &a.CanonicalURL, &hash, &sourceID, &feedID, &published, &date, &a.Language,
		&a.StatementCount, &created, &updated, &a.ExternalID, &a.URL, &a.Site, &authors, &a.Title,
		&srcID, &srcHost, &srcName, &srcCount, &srcFirst, &dupOf, &a.Similarity, &storyID}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	a.Article.ID = a.ExternalID
	a.DuplicateOf, a.StoryID = deref(dupOf), deref(storyID)
	a.ContentHash = fmt.Sprintf("%016x", uint64(hash))
	a.SourceID, a.FeedID = deref(sourceID), deref(feedID)
	if published != nil {
		t := time.Unix(*published, 0).UTC()
		a.Published = &t
	}
	a.Date = time.Unix(date, 0).UTC()
	a.Created, a.Updated = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	if authors != "[]" {
		if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
			return nil, errorf("article %d authors: %w", a.ID, err)
		}
	}
	if srcID != nil {
		a.Source = &rapporteur.Source{ID: *srcID, Host: derefS(srcHost), Name: derefS(srcName),
			ArticleCount: int(deref(srcCount)), FirstSeen: fromUnix(srcFirst)}
	}
	return &a, nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func derefS(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// The queries of Article.
const (
	qArticle = `SELECT ` + articleCols + `, a.body, a.entities FROM articles a
		LEFT JOIN sources src ON src.id = a.source_id WHERE a.id = ?`
	qArticleStatements = `SELECT ` + statementCols + ` FROM statements s
		JOIN articles a ON a.id = s.article_id LEFT JOIN sources src ON src.id = s.source_id
		WHERE s.article_id = ? ORDER BY s.id`
)

// Article implements rapporteur.Store.
func (db *DB) Article(ctx context.Context, id int64) (*rapporteur.StoredArticle, error) {
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("article %d: %w", id, err)
	}
	defer t.rollback()
	var body, ents string
	a, err := articleByID(ctx, t, id, &body, &ents)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("article", id)
	} else if err != nil {
		return nil, errorf("article %d: %w", id, err)
	}
	if err := fill(ctx, t, a, body, ents); err != nil {
		return nil, err
	}
	return a, nil
}

// fill sets an article's text, entities, statements and credits.
func fill(ctx context.Context, t *tx, a *rapporteur.StoredArticle, body, ents string) error {
	a.Text = body
	a.Entities = []rapporteur.Entity{}
	if err := json.Unmarshal([]byte(ents), &a.Entities); err != nil {
		return errorf("article %d entities: %w", a.ID, err)
	}
	rows, err := t.query(ctx, qArticleStatementsAt, a.Date.Unix(), a.ID)
	if err != nil {
		return errorf("article %d statements: %w", a.ID, err)
	}
	a.Statements = []*rapporteur.StoredStatement{}
	a.Article.Statements = []rapporteur.Statement{}
	for rows.Next() {
		st, err := scanStatement(rows)
		if err != nil {
			rows.Close()
			return errorf("article %d statements: %w", a.ID, err)
		}
		a.Statements = append(a.Statements, st)
		a.Article.Statements = append(a.Article.Statements, st.Statement)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return errorf("article %d statements: %w", a.ID, err)
	}
	if err := pageCredits(ctx, t, []*rapporteur.StoredArticle{a}); err != nil {
		return errorf("article %d: %w", a.ID, err)
	}
	return nil
}
