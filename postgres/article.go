package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/zeebo/xxh3"
)

// The write statements of PutArticle.
const (
	qArticleByKey = `SELECT a.id, a.record_hash, a.source_id, a.statement_count, a.created, a.duplicate_of IS NOT NULL
		FROM article_keys k JOIN articles a ON a.id = k.id WHERE k.dedup_key = ?`
	qArticleIns = `INSERT INTO articles (dedup_key, canonical_url, content_hash, record_hash, source_id, feed_id,
		published, date, language, statement_count, created, updated, external_id, url, site, authors, title, body, entities, tsv)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector) RETURNING id`
	qKeyIns     = `INSERT INTO article_keys (dedup_key, id) VALUES (?, ?)`
	qArticleUpd = `UPDATE articles SET canonical_url = ?, content_hash = ?, record_hash = ?, source_id = ?,
		feed_id = coalesce(?, feed_id), published = ?, date = ?, language = ?, statement_count = ?, updated = ?,
		external_id = ?, url = ?, site = ?, authors = ?, title = ?, body = ?, entities = ?, tsv = ?::tsvector WHERE id = ?`
	qSourceByKey   = `SELECT id FROM sources WHERE key = ?`
	qSourceIns     = `INSERT INTO sources (key, host, name, first_seen) VALUES (?, ?, ?, ?) RETURNING id`
	qSourceAdd     = `UPDATE sources SET article_count = article_count + ? WHERE id = ?`
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
	qCounter = `UPDATE counters SET n = n + ? WHERE name = ?`
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
// and builds its full-text vectors. It returns a request for the writer,
// or, for an article stored exactly so already, the unchanged result.
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

	var id, stored int64
	err = wrap(db.pool).queryRow(ctx, `SELECT a.id, a.record_hash FROM article_keys k JOIN articles a ON a.id = k.id
		WHERE k.dedup_key = ?`, req.key).Scan(&id, &stored)
	if err == nil && stored == req.recordHash {
		return nil, rapporteur.PutResult{ID: id, Status: rapporteur.PutUnchanged}, nil
	} else if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, none, errorf("put article %s: %w", req.key, err)
	}
	req.tsv = articleVector(a.Title, a.Text)
	req.stsv = make([]string, len(a.Statements))
	for i, st := range a.Statements {
		req.stsv[i] = statementVector(st.Content.Text, st.Speaker.Name)
	}
	return req, none, nil
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
// fails, as in package sqlite: a savepoint per article would cost two
// more round trips to the server for every article, to spare a rare retry.
func (db *DB) putGroup(group []*putRequest) {
	answers := make([]putResponse, len(group))
	if err := db.putGroupTx(group, answers); err != nil && len(group) > 1 {
		for i := range group {
			one := make([]putResponse, 1)
			if err := db.putGroupTx(group[i:i+1], one); err != nil {
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

// putGroupTx stores a group in one transaction, all or nothing.
func (db *DB) putGroupTx(group []*putRequest, answers []putResponse) error {
	ctx := context.Background() // each put's own context is checked below
	// The month partitions the articles' dates fall in (an undated
	// article is dated when it is stored; one stored before keeps its
	// date, whose partition exists).
	now := db.now()
	var dates []int64
	for _, req := range group {
		switch p := req.a.Published; {
		case p != nil && !p.IsZero():
			dates = append(dates, p.Unix())
		case !req.meta.Fetched.IsZero():
			dates = append(dates, req.meta.Fetched.Unix())
		default:
			dates = append(dates, now.Unix())
		}
	}
	if err := db.ensureMonths(ctx, dates); err != nil {
		return err
	}
	t, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer t.rollback()
	w := &writer{db: db, ctx: ctx, tx: t, now: now}
	for i, req := range group {
		if err := req.ctx.Err(); err != nil {
			answers[i].err = err
			continue
		}
		res, err := w.putArticle(req)
		if err != nil {
			return err
		}
		answers[i].res = res
	}
	if err := t.commit(ctx); err != nil {
		return errorf("commit: %w", err)
	}
	return nil
}

// writer holds one write transaction.
type writer struct {
	db  *DB
	ctx context.Context
	tx  *tx
	now time.Time
	// rekey is set while the store re-keys its speakers (registry.go).
	rekey *rekeyState
	// keys and names keep what the registry read in this transaction
	// until it next writes (registry.go); userAliases says whether users
	// placed names: 0 not asked yet, 1 none, 2 some.
	keys        map[string]keyAnswer
	names       map[int64][2]string
	userAliases int8
	pins        int8 // whether statements are pinned: 0 not asked yet, 1 none, 2 some
	// typeVotes lists the speakers whose type the article's statements
	// vote on again once stored (registry.go, typeVoted).
	typeVotes []int64
	// batch holds the writes of an article that nothing reads before
	// its end (counters, keys, statements, credits): children sends them
	// in one round trip.
	batch *pgx.Batch
}

// later queues a write that nothing reads before the article's end.
func (w *writer) later(q string, args ...any) {
	if w.batch == nil {
		w.batch = &pgx.Batch{}
	}
	w.batch.Queue(number(q), args...)
}

func (w *writer) exec(q string, args ...any) error {
	_, err := w.tx.exec(w.ctx, q, args...)
	return err
}

func (w *writer) queryRow(q string, args ...any) pgx.Row { return w.tx.queryRow(w.ctx, q, args...) }

func (w *writer) putArticle(req *putRequest) (rapporteur.PutResult, error) {
	a, meta := req.a, req.meta
	var (
		id, oldRecord, oldStatements, created int64
		oldSource                             *int64
		isCopy                                bool
	)
	err := w.queryRow(qArticleByKey, req.key).Scan(&id, &oldRecord, &oldSource, &oldStatements, &created, &isCopy)
	exists := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return rapporteur.PutResult{}, err
	}
	if exists && oldRecord == req.recordHash {
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
		if err := w.exec(qArticleUpd, req.canonicalURL, req.contentHash, req.recordHash, sourceID, feedID, published, date,
			a.Language, n, updated, a.ID, a.URL, a.Site, string(authors), a.Title, a.Text, string(entities), req.tsv, id); err != nil {
			return res, errorf("update: %w", err)
		}
		if err := w.clearChildren(id, isCopy); err != nil {
			return res, err
		}
		if oldSource != nil {
			if err := w.exec(qSourceAdd, -1, *oldSource); err != nil {
				return res, err
			}
		}
	} else {
		err := w.queryRow(qArticleIns, req.key, req.canonicalURL, req.contentHash, req.recordHash, sourceID, feedID,
			published, date, a.Language, n, created, updated, a.ID, a.URL, a.Site, string(authors), a.Title, a.Text,
			string(entities), req.tsv).Scan(&id)
		if err != nil {
			return res, errorf("insert: %w", err)
		}
		w.later(qKeyIns, req.key, id)
		res = rapporteur.PutResult{ID: id, Status: rapporteur.PutCreated}
		w.later(qCounter, 1, "articles")
	}
	if sourceID != nil {
		w.later(qSourceAdd, 1, sourceID)
	}
	w.later(qCounter, n-oldStatements, "statements")
	if err := w.children(id, a, req.stsv, date, sourceID, isCopy); err != nil {
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
	if id, ok := w.db.sources.Load(key); ok {
		return id.(int64), nil
	}
	var id int64
	err := w.queryRow(qSourceByKey, key).Scan(&id)
	if err == nil {
		w.db.sources.Store(key, id) // committed: sources are never deleted or re-keyed
	}
	if errors.Is(err, pgx.ErrNoRows) {
		err = w.queryRow(qSourceIns, key, host, name, w.now.Unix()).Scan(&id)
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
// statements off their speakers' counts unless it is a wire copy.
func (w *writer) clearChildren(id int64, isCopy bool) error {
	rows, err := w.tx.query(w.ctx, qOldStatements, id)
	if err != nil {
		return err
	}
	counts := map[int64]int64{}
	var speakers []int64
	for rows.Next() {
		var speaker *int64
		if err := rows.Scan(&speaker); err != nil {
			rows.Close()
			return err
		}
		if speaker != nil {
			if counts[*speaker] == 0 {
				speakers = append(speakers, *speaker)
			}
			counts[*speaker]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if !isCopy {
		for _, sp := range speakers {
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
func (w *writer) children(id int64, a *rapporteur.Article, stsv []string, date int64, sourceID any, isCopy bool) error {
	ids, err := w.speakerIDs(id, a.Statements, a.Entities, date)
	if err != nil {
		return err
	}
	// The rows below depend on nothing they return: they go to the
	// server in one batch, one round trip instead of one each.
	w.later("SELECT 1") // the batch exists
	b := w.batch
	w.batch = nil
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
		b.Queue(number(qStatementIns), id, speakerID, date, sourceID, st.Kind, st.Confidence,
			st.Content.Start, st.Content.End, cs, ce, cue, st.Speaker.Type, st.Speaker.Name, st.Speaker.Role,
			st.Speaker.Affiliation, ms, me, mention, ss, se, source, st.Via, st.Content.Text, st.Mode,
			st.Act, target, replies, moreRoles, stsv[i])
	}
	for _, sp := range w.typeVoted() { // after the statements, which vote
		b.Queue(number(qSpeakerType), sp)
	}
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
	w.forget() // the batch changes the speakers' counts
	if err := w.tx.tx.SendBatch(w.ctx, b).Close(); err != nil {
		return errorf("insert statements and credits: %w", err)
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
	src.id, src.host, src.name, src.article_count, src.first_seen, a.duplicate_of, a.similarity, a.story_id`

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
	qArticleCredits = `SELECT name, evidence_start, evidence_end, evidence, removed, relay
		FROM credits WHERE article_id = ? ORDER BY seq`
)

// Article implements rapporteur.Store.
func (db *DB) Article(ctx context.Context, id int64) (*rapporteur.StoredArticle, error) {
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("article %d: %w", id, err)
	}
	defer t.rollback()
	var body, ents string
	a, err := scanArticle(t.queryRow(ctx, qArticle, id), &body, &ents)
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
	rows, err := t.query(ctx, qArticleStatements, a.ID)
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
	rows, err = t.query(ctx, qArticleCredits, a.ID)
	if err != nil {
		return errorf("article %d credits: %w", a.ID, err)
	}
	defer rows.Close()
	a.Credits = []rapporteur.Credit{}
	for rows.Next() {
		var c rapporteur.Credit
		if err := rows.Scan(&c.Name, &c.Evidence.Start, &c.Evidence.End, &c.Evidence.Text, &c.Removed, &c.Relay); err != nil {
			return errorf("article %d credits: %w", a.ID, err)
		}
		a.Credits = append(a.Credits, c)
	}
	if err := rows.Err(); err != nil {
		return errorf("article %d credits: %w", a.ID, err)
	}
	return nil
}
