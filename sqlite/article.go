package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/zeebo/xxh3"
)

// The write statements of PutArticle, prepared once on the write
// connection. RETURNING and plain VALUES lists are shared with PostgreSQL;
// min() and max() of two values are LEAST and GREATEST there.
const (
	qArticleByKey = `SELECT id, record_hash, source_id, statement_count, created, duplicate_of IS NOT NULL FROM articles WHERE dedup_key = ?`
	qArticleIns   = `INSERT INTO articles (dedup_key, canonical_url, content_hash, record_hash, source_id, feed_id,
		published, date, language, statement_count, created, updated, external_id, url, site, authors, title, body, entities)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qArticleUpd = `UPDATE articles SET canonical_url = ?, content_hash = ?, record_hash = ?, source_id = ?,
		feed_id = coalesce(?, feed_id), published = ?, date = ?, language = ?, statement_count = ?, updated = ?,
		external_id = ?, url = ?, site = ?, authors = ?, title = ?, body = ?, entities = ? WHERE id = ?`
	qSourceByKey   = `SELECT id FROM sources WHERE key = ?`
	qSourceIns     = `INSERT INTO sources (key, host, name, first_seen) VALUES (?, ?, ?, ?) RETURNING id`
	qSourceAdd     = `UPDATE sources SET article_count = article_count + ? WHERE id = ?`
	qOldText       = `SELECT title, body FROM articles WHERE id = ?`
	qOldStatements = `SELECT id, speaker_id, content, speaker_name FROM statements WHERE article_id = ?`
	qStatementDel  = `DELETE FROM statements WHERE article_id = ?`
	qCreditDel     = `DELETE FROM credits WHERE article_id = ?`
	qSpeakerSeen   = `UPDATE speakers SET statement_count = statement_count + ?, first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?`
	qSpeakerAdd    = `UPDATE speakers SET statement_count = statement_count + ? WHERE id = ?`
	qStatementIns  = `INSERT INTO statements (article_id, speaker_id, date, source_id, kind, confidence,
		content_start, content_end, cue_start, cue_end, cue, speaker_type, speaker_name, role, affiliation,
		mention_start, mention_end, mention, source_start, source_end, source_text, via, content, mode,
		act, target, responds_to, more_roles)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qCreditIns = `INSERT INTO credits (article_id, seq, name, name_key, evidence_start, evidence_end, evidence, removed, relay)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qCounter = `UPDATE counters SET n = n + ? WHERE name = ?`
	// See migrations 007 and 011: widen the dates of the article's block
	// of ids, and count a new article among its originals.
	qBlockDates = `INSERT INTO article_blocks (block, min_date, max_date, originals) VALUES (? >> 10, ?, ?, ?)
		ON CONFLICT (block) DO UPDATE SET min_date = min(min_date, excluded.min_date), max_date = max(max_date, excluded.max_date),
		originals = originals + excluded.originals`

	// The full-text index writes, run last in the transaction (see
	// migration 002). A 'delete' must repeat the indexed text exactly.
	qArticleFTSIns   = `INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)`
	qArticleFTSDel   = `INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)`
	qStatementFTSIns = `INSERT INTO statements_fts (rowid, content, speaker_name) VALUES (?, ?, ?)`
	qStatementFTSDel = `INSERT INTO statements_fts (statements_fts, rowid, content, speaker_name) VALUES ('delete', ?, ?, ?)`
)

var writeQueries = []string{
	qArticleByKey, qArticleIns, qArticleUpd, qSourceByKey, qSourceIns, qSourceAdd, qOldText, qOldStatements,
	qStatementDel, qCreditDel, qSpeakerSeen, qSpeakerAdd,
	qStatementIns, qCreditIns, qCounter, qBlockDates,
	qArticleFTSIns, qArticleFTSDel, qStatementFTSIns, qStatementFTSDel,
	qLinkOld, qLinkExists, qLinkStory, qLinkArticle, qStoryAdd, qStoryWiden, qSpeakerCopies, qBlockOriginals,
	qAliasByKey, qBySurname, qAliasIns, qAliasNames, qAliasNameSet, qSpeakerFTS, qSpeakerFTSPut, qSpeakerType,
	qPins, qUserKey,
}

// readQueries are the queries of an article page, prepared on the read
// connections (see readTx). (Prepared while no read transaction holds a
// connection: preparing on the pool during one could wait for ever.)
var readQueries = []string{
	qArticle, qArticleStatements, qArticleLinks, qStory,
	articleListQuery(qRelatedCopies), articleListQuery(qRelatedOthers),
}

// prepare prepares the write statements on the write connection, so that
// an ingest parses no SQL, and readQueries on the read connections.
func (db *DB) prepare() error {
	var err error
	if db.stmts, err = prepareAll(db.write, writeQueries); err != nil {
		return err
	}
	db.readStmts, err = prepareAll(db.read, readQueries)
	return err
}

// prepareAll prepares queries on conn, keyed by their SQL.
func prepareAll(conn *sql.DB, queries []string) (map[string]*sql.Stmt, error) {
	stmts := make(map[string]*sql.Stmt, len(queries))
	for _, q := range queries {
		s, err := conn.Prepare(q)
		if err != nil {
			return stmts, errorf("prepare %q: %w", q, err)
		}
		stmts[q] = s
	}
	return stmts, nil
}

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
		if st.Cue != nil {
			c := *st.Cue
			scrubSpan(&c)
			st.Cue = &c
		}
		if st.Speaker.Mention != nil {
			m := *st.Speaker.Mention
			scrubSpan(&m)
			st.Speaker.Mention = &m
		}
		if st.Speaker.Source != nil {
			m := *st.Speaker.Source
			scrubSpan(&m)
			st.Speaker.Source = &m
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

// PutArticle implements rapporteur.Store.
//
// Puts are group-committed: an article is prepared (scrubbed, hashed) in
// the caller's goroutine, then handed to the one writer goroutine, which
// stores every put waiting at that moment in one transaction (see
// putGroup for a failure inside a group). So concurrent ingest workers share
// the cost of a commit and of an FTS5 segment, each article still lands
// whole or not at all, and PutArticle returns only once its article is
// committed. A put whose context ends before the writer reaches it is
// skipped with the context's error; once the writer has it, it completes.
func (db *DB) PutArticle(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (rapporteur.PutResult, error) {
	res, errs := db.PutArticles(ctx, []rapporteur.PutItem{{Article: a, Meta: meta}})
	return res[0], errs[0]
}

// PutArticles implements rapporteur.Store: the articles go to the writer
// together, in order, so that they share transactions (maxGroup at most
// each).
func (db *DB) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	results := make([]rapporteur.PutResult, len(items))
	errs := make([]error, len(items))
	var reqs []*putRequest
	var at []int // the item of each request
	for i, it := range items {
		req, res, err := db.preparePut(ctx, it.Article, it.Meta)
		switch {
		case err != nil:
			errs[i] = err
		case req == nil:
			results[i] = res
		default:
			reqs = append(reqs, req)
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

var errClosed = errors.New("the database is closed")

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

// preparePut validates and hashes an article in the caller's goroutine.
// It returns a request for the writer, or, for an article stored exactly
// so already, no request and the unchanged result.
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

	// Re-ingesting what is already stored needs no writer: a reader sees
	// that the record is the same.
	var id, stored int64
	err = db.read.QueryRowContext(ctx, `SELECT id, record_hash FROM articles WHERE dedup_key = ?`, req.key).Scan(&id, &stored)
	if err == nil && stored == req.recordHash {
		return nil, rapporteur.PutResult{ID: id, Status: rapporteur.PutUnchanged}, nil
	} else if err != nil && err != sql.ErrNoRows {
		return nil, none, errorf("put article %s: %w", req.key, err)
	}
	return req, none, nil
}

// maxGroup bounds how many puts share a transaction, so that one commit
// stays short and the WAL small.
const maxGroup = 64

// putRequest is one prepared put waiting for the writer.
type putRequest struct {
	ctx                     context.Context
	a                       *rapporteur.Article
	meta                    rapporteur.ArticleMeta
	key, canonicalURL       string
	contentHash, recordHash int64
	done                    chan putResponse
	// hook, when set, links the batch the put came in with, in its
	// transaction (PutArticlesLinked); item is the put's index there.
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
// When one put of the group fails, the transaction is rolled back and each
// put is retried in a transaction of its own, so that only the failing one
// fails. (Savepoints would isolate the failure without the retry, but
// every savepoint makes FTS5 flush a segment to disk, which costs more
// than the rare retry.)
func (db *DB) putGroup(group []*putRequest) {
	answers := make([]putResponse, len(group))
	if err := db.putGroupTx(group, answers, true); err != nil && len(group) > 1 {
		// Stored again one by one without their links, which the caller
		// records after (see PutArticlesLinked).
		for i := range group {
			one := make([]putResponse, 1)
			if err := db.putGroupTx(group[i:i+1], one, false); err != nil {
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

// putGroupTx stores a group in one transaction, all or nothing, and,
// with link, records the links of the batches that came with a hook.
func (db *DB) putGroupTx(group []*putRequest, answers []putResponse, link bool) error {
	ctx := context.Background() // each put's own context is checked below
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w := &writer{db: db, ctx: ctx, tx: tx, now: db.now()}
	for i, req := range group {
		if err := req.ctx.Err(); err != nil {
			answers[i].err = err
			continue
		}
		res, err := w.putArticle(req.a, req.meta, req.key, req.canonicalURL, req.contentHash, req.recordHash)
		if err != nil {
			return err
		}
		answers[i].res = res
	}
	var hooks []*linkHook
	if link {
		var err error
		if hooks, err = db.runHooks(ctx, tx, group, answers); err != nil {
			return err
		}
	}
	if err := w.flushFTS(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return errorf("commit: %w", err)
	}
	for _, h := range hooks {
		h.recorded = true
	}
	return nil
}

// writer holds one write transaction.
type writer struct {
	db  *DB
	ctx context.Context
	tx  *sql.Tx
	now time.Time
	fts []ftsWrite // in order
	// rekey is set while the store re-keys its speakers (registry.go).
	rekey *rekeyState
	// userAliases says whether users placed names (see lookup.UserKey):
	// 0 not asked yet in this transaction, 1 none, 2 some.
	userAliases int8
	// typeVotes lists the speakers whose type the article's statements
	// vote on again once stored (registry.go, flushRetype).
	typeVotes []int64
}

// ftsWrite is a full-text index write kept for the end of the transaction.
type ftsWrite struct {
	query string
	args  []any
}

func (w *writer) index(query string, args ...any) {
	w.fts = append(w.fts, ftsWrite{query, args})
}

// flushFTS runs the kept full-text index writes, in order.
func (w *writer) flushFTS() error {
	for _, f := range w.fts {
		if err := w.exec(f.query, f.args...); err != nil {
			return errorf("full-text index: %w", err)
		}
	}
	w.fts = w.fts[:0]
	return nil
}

func (w *writer) stmt(q string) *sql.Stmt { return w.db.stmt(w.ctx, w.tx, q) }

func (w *writer) exec(q string, args ...any) error {
	_, err := w.stmt(q).ExecContext(w.ctx, args...)
	return err
}

func (w *writer) putArticle(a *rapporteur.Article, meta rapporteur.ArticleMeta, key, canonicalURL string, contentHash, recordHash int64) (rapporteur.PutResult, error) {
	var (
		id, oldRecord, oldStatements, created int64
		oldSource                             sql.NullInt64
		isCopy                                bool // a wire copy: its statements are not counted (see linkArticle)
	)
	err := w.stmt(qArticleByKey).QueryRowContext(w.ctx, key).Scan(&id, &oldRecord, &oldSource, &oldStatements, &created, &isCopy)
	exists := err == nil
	if err != nil && err != sql.ErrNoRows {
		return rapporteur.PutResult{}, err
	}
	if exists && oldRecord == recordHash {
		return rapporteur.PutResult{ID: id, Status: rapporteur.PutUnchanged}, nil
	}
	if !exists {
		created = w.now.Unix()
		if !meta.Fetched.IsZero() {
			created = meta.Fetched.Unix()
		}
	}

	sourceID, err := w.source(a)
	if err != nil {
		return rapporteur.PutResult{}, err
	}
	date := created
	var published any
	if a.Published != nil && !a.Published.IsZero() {
		date = a.Published.Unix()
		published = date
	}
	authors := []byte("[]")
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
		var oldTitle, oldBody string
		if err := w.stmt(qOldText).QueryRowContext(w.ctx, id).Scan(&oldTitle, &oldBody); err != nil {
			return res, err
		}
		w.index(qArticleFTSDel, id, oldTitle, oldBody)
		if err := w.exec(qArticleUpd, canonicalURL, contentHash, recordHash, sourceID, feedID, published, date,
			a.Language, n, updated, a.ID, a.URL, a.Site, string(authors), a.Title, a.Text, string(entities), id); err != nil {
			return res, errorf("update: %w", err)
		}
		if err := w.clearChildren(id, isCopy); err != nil {
			return res, err
		}
		if oldSource.Valid {
			if err := w.exec(qSourceAdd, -1, oldSource.Int64); err != nil {
				return res, err
			}
		}
	} else {
		r, err := w.stmt(qArticleIns).ExecContext(w.ctx, key, canonicalURL, contentHash, recordHash, sourceID, feedID,
			published, date, a.Language, n, created, updated, a.ID, a.URL, a.Site, string(authors), a.Title, a.Text,
			string(entities))
		if err == nil {
			id, err = r.LastInsertId() // as for statements (see children)
		}
		if err != nil {
			return res, errorf("insert: %w", err)
		}
		res = rapporteur.PutResult{ID: id, Status: rapporteur.PutCreated}
		if err := w.exec(qCounter, 1, "articles"); err != nil {
			return res, err
		}
	}
	added := 0 // a new article is no copy until linking says so
	if !exists {
		added = 1
	}
	if err := w.exec(qBlockDates, id, date, date, added); err != nil {
		return res, err
	}
	w.index(qArticleFTSIns, id, a.Title, a.Text)
	if sourceID != nil {
		if err := w.exec(qSourceAdd, 1, sourceID); err != nil {
			return res, err
		}
	}
	if err := w.exec(qCounter, n-oldStatements, "statements"); err != nil {
		return res, err
	}
	if err := w.children(id, a, date, sourceID, isCopy); err != nil {
		return res, err
	}
	return res, nil
}

// source finds or creates the source of an article: by the host of its
// URL, else by its site name; nil when it has neither.
func (w *writer) source(a *rapporteur.Article) (any, error) {
	host := ""
	if a.URL != "" {
		host = canon.SourceHost(a.URL)
	}
	key, name := host, strings.TrimSpace(a.Site)
	if host == "" {
		if name == "" {
			return nil, nil
		}
		key = "site:" + canon.Name(name)
	} else if name == "" {
		name = host
	}
	var id int64
	err := w.stmt(qSourceByKey).QueryRowContext(w.ctx, key).Scan(&id)
	if err == sql.ErrNoRows {
		err = w.stmt(qSourceIns).QueryRowContext(w.ctx, key, host, name, w.now.Unix()).Scan(&id)
		if err == nil {
			err = w.exec(qCounter, 1, "sources")
		}
	}
	if err != nil {
		return nil, errorf("source %s: %w", key, err)
	}
	return id, nil
}

// clearChildren deletes an article's statements and credits, taking its
// statements out of the index and, unless it is a wire copy (whose
// statements are not counted), off their speakers' counts.
func (w *writer) clearChildren(id int64, isCopy bool) error {
	rows, err := w.stmt(qOldStatements).QueryContext(w.ctx, id)
	if err != nil {
		return err
	}
	counts := map[int64]int64{}
	var speakers []int64 // in first-seen order, for a stable update order
	for rows.Next() {
		var sid int64
		var speaker sql.NullInt64
		var content, name string
		if err := rows.Scan(&sid, &speaker, &content, &name); err != nil {
			rows.Close()
			return err
		}
		w.index(qStatementFTSDel, sid, content, name)
		if speaker.Valid {
			if counts[speaker.Int64] == 0 {
				speakers = append(speakers, speaker.Int64)
			}
			counts[speaker.Int64]++
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, sp := range speakers {
		if !isCopy {
			if err := w.exec(qSpeakerAdd, -counts[sp], sp); err != nil {
				return err
			}
		}
	}
	for _, q := range []string{qStatementDel, qCreditDel} {
		if err := w.exec(q, id); err != nil {
			return errorf("clear: %w", err)
		}
	}
	return nil
}

// children inserts an article's statements (linking their canonical
// speakers through the registry, and counting them unless the article is
// a wire copy) and credits.
func (w *writer) children(id int64, a *rapporteur.Article, date int64, sourceID any, isCopy bool) error {
	ids, err := w.speakerIDs(id, a.Statements, a.Entities, date)
	if err != nil {
		return err
	}
	counts := map[int64]int64{}
	var order []int64 // speakers in first-seen order, for a stable update order
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
		// Exec and the last rowid rather than RETURNING: no result rows to
		// buffer and scan, on the writer's serial path, six times an
		// article. (The statements triggers insert nothing, and the
		// rowid of a trigger's insert would not outlive it anyway.)
		r, err := w.stmt(qStatementIns).ExecContext(w.ctx, id, speakerID, date, sourceID, st.Kind, st.Confidence,
			st.Content.Start, st.Content.End, cs, ce, cue, st.Speaker.Type, st.Speaker.Name, st.Speaker.Role,
			st.Speaker.Affiliation, ms, me, mention, ss, se, source, st.Via, st.Content.Text, st.Mode,
			st.Act, target, replies, moreRoles)
		if err != nil {
			return errorf("insert statement: %w", err)
		}
		sid, err := r.LastInsertId()
		if err != nil {
			return errorf("insert statement: %w", err)
		}
		w.index(qStatementFTSIns, sid, st.Content.Text, st.Speaker.Name)
	}
	if err := w.flushRetype(); err != nil {
		return errorf("speaker type: %w", err)
	}
	for _, sp := range order {
		n := counts[sp]
		if isCopy {
			n = 0
		}
		if err := w.exec(qSpeakerSeen, n, date, date, sp); err != nil {
			return err
		}
	}
	for i, c := range a.Credits {
		if err := w.exec(qCreditIns, id, i, c.Name, canon.Name(c.Name), c.Evidence.Start, c.Evidence.End,
			c.Evidence.Text, c.Removed, c.Relay); err != nil {
			return errorf("insert credit: %w", err)
		}
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
	err = db.read.QueryRowContext(ctx, `SELECT id FROM articles WHERE dedup_key = ?`, "u:"+u).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, rapporteur.Errorf(rapporteur.ENOTFOUND, "no article with url %s", u)
	} else if err != nil {
		return 0, errorf("article by url: %w", err)
	}
	return id, nil
}

// articleCols are the columns of an article row in lists, without its body;
// scanArticle reads them. src is the article's source, LEFT JOINed.
const articleCols = `a.id, a.canonical_url, a.content_hash, a.source_id, a.feed_id, a.published, a.date, a.language,
	a.statement_count, a.created, a.updated, a.external_id, a.url, a.site, a.authors, a.title,
	src.id, src.host, src.name, src.article_count, src.first_seen, a.duplicate_of, a.similarity, a.story_id`

type scanner interface{ Scan(dest ...any) error }

func scanArticle(r scanner, extra ...any) (*rapporteur.StoredArticle, error) {
	var (
		a                           rapporteur.StoredArticle
		hash                        int64
		sourceID, feedID, published sql.NullInt64
		date, created, updated      int64
		authors                     string
		srcID, srcCount, srcFirst   sql.NullInt64
		srcHost, srcName            sql.NullString
		dupOf, storyID              sql.NullInt64
	)
	dest := []any{&a.ID, &a.CanonicalURL, &hash, &sourceID, &feedID, &published, &date, &a.Language,
		&a.StatementCount, &created, &updated, &a.ExternalID, &a.URL, &a.Site, &authors, &a.Title,
		&srcID, &srcHost, &srcName, &srcCount, &srcFirst, &dupOf, &a.Similarity, &storyID}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	a.Article.ID = a.ExternalID
	a.DuplicateOf, a.StoryID = dupOf.Int64, storyID.Int64
	a.ContentHash = fmt.Sprintf("%016x", uint64(hash))
	a.SourceID, a.FeedID = sourceID.Int64, feedID.Int64
	if published.Valid {
		t := time.Unix(published.Int64, 0).UTC()
		a.Published = &t
	}
	a.Date = time.Unix(date, 0).UTC()
	a.Created, a.Updated = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	if authors != "[]" {
		if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
			return nil, errorf("article %d authors: %w", a.ID, err)
		}
	}
	if srcID.Valid {
		a.Source = &rapporteur.Source{ID: srcID.Int64, Host: srcHost.String, Name: srcName.String,
			ArticleCount: int(srcCount.Int64), FirstSeen: fromUnix(srcFirst)}
	}
	return &a, nil
}

// Article implements rapporteur.Store.
// The queries of Article.
const (
	qArticle = `SELECT ` + articleCols + `, a.body, a.entities FROM articles a
		LEFT JOIN sources src ON src.id = a.source_id WHERE a.id = ?`
	qArticleStatements = `SELECT ` + statementCols + ` FROM statements s
		JOIN articles a ON a.id = s.article_id LEFT JOIN sources src ON src.id = s.source_id
		WHERE s.article_id = ? ORDER BY s.id`
)

func (db *DB) Article(ctx context.Context, id int64) (*rapporteur.StoredArticle, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("article %d: %w", id, err)
	}
	defer tx.Rollback()
	var body, ents string
	a, err := scanArticle(tx.QueryRowContext(ctx, qArticle, id), &body, &ents)
	if err == sql.ErrNoRows {
		return nil, notFound("article", id)
	} else if err != nil {
		return nil, errorf("article %d: %w", id, err)
	}
	a.Text = body
	a.Entities = []rapporteur.Entity{}
	if err := json.Unmarshal([]byte(ents), &a.Entities); err != nil {
		return nil, errorf("article %d entities: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, qArticleStatements, id)
	if err != nil {
		return nil, errorf("article %d statements: %w", id, err)
	}
	for rows.Next() {
		st, err := scanStatement(rows)
		if err != nil {
			rows.Close()
			return nil, errorf("article %d statements: %w", id, err)
		}
		a.Statements = append(a.Statements, st)
		a.Article.Statements = append(a.Article.Statements, st.Statement)
	}
	if err := rows.Close(); err != nil {
		return nil, errorf("article %d statements: %w", id, err)
	}
	if err := pageCredits(ctx, tx, []*rapporteur.StoredArticle{a}); err != nil {
		return nil, errorf("article %d credits: %w", id, err)
	}
	return a, nil
}
