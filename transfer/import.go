package transfer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/rapporteur/rapporteur"
)

// Target is what Import writes to; rapporteur.Store has it all. Import
// writes to the store itself, not through story linking: the links come
// from the file, as the exporting store had them.
type Target interface {
	PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error)
	LinkArticles(ctx context.Context, links []rapporteur.LinkItem) error
	Feeds(ctx context.Context) ([]*rapporteur.Feed, error)
	CreateFeed(ctx context.Context, feed *rapporteur.Feed) error
	UpdateFeed(ctx context.Context, feed *rapporteur.Feed) error
	SavedSearches(ctx context.Context) ([]*rapporteur.SavedSearch, error)
	CreateSavedSearch(ctx context.Context, s *rapporteur.SavedSearch) error
	UpdateSavedSearch(ctx context.Context, s *rapporteur.SavedSearch) error
}

// NoteTarget is a store with notes: Import files each note line on its
// article, and a statement's note on the statement with its words.
type NoteTarget interface {
	AddNote(ctx context.Context, n *rapporteur.Note) error
	Notes(ctx context.Context, articleID int64) ([]*rapporteur.Note, error)
	Statements(ctx context.Context, f rapporteur.StatementFilter) (rapporteur.Page[*rapporteur.StoredStatement], error)
}

// ImportOptions configure Import; the zero value is fine.
type ImportOptions struct {
	// Batch is the number of articles stored in one commit; 0 means
	// DefaultBatch.
	Batch int
	// OnRead, if set, is told the bytes read so far after each line.
	OnRead func(n int64)
	// OnError, if set, is told each failure that does not stop the
	// import (an article the store refused, a link it could not record),
	// with the line it comes from. Failures are counted either way.
	OnError func(line int, err error)
}

// DefaultBatch is the number of articles Import stores per commit.
const DefaultBatch = 100

// MaxLine is the longest line Import reads: far above any article the
// intake accepts (20 MiB by default), low enough that a file without
// newlines cannot take all memory.
const MaxLine = 256 << 20

// LineError is a line Import cannot read: not JSON, truncated, or neither
// an article nor a feed. The lines before it are stored.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Import reads an export from r into dst, in file order, and returns what
// it stored. It stops at the first line it cannot read, with a *LineError
// (code EINVALID) after storing every line before it, or at a store that
// becomes unavailable; an article or link the store refuses is reported
// to OnError, counted in Failed, and the import goes on.
//
// Memory does not grow with the articles' size or the file's: one batch
// is held at a time. The translation of old ids to new ones takes 16 bytes
// per article (16 MB for a million), and links waiting for an article
// further on in the file (a late original) are held until it arrives.
func Import(ctx context.Context, dst Target, r io.Reader, opt ImportOptions) (Counts, error) {
	im := &importer{dst: dst, opt: opt, feeds: map[int64]int64{}}
	if im.opt.Batch <= 0 {
		im.opt.Batch = DefaultBatch
	}
	err := im.run(ctx, r)
	if err == nil || errors.As(err, new(*LineError)) {
		// What was read before a bad line is stored, and linked as far as
		// the file allows.
		if ferr := im.flush(ctx); ferr != nil && err == nil {
			err = ferr
		}
		if ferr := im.finish(ctx); ferr != nil && err == nil {
			err = ferr
		}
	}
	if werr := im.wait(); werr != nil && err == nil {
		err = werr
	}
	return im.c, err
}

type importer struct {
	dst   Target
	opt   ImportOptions
	c     Counts
	ids   idMap
	feeds map[int64]int64 // old feed id → new
	// batch is the articles read and not stored yet, with their lines.
	batch []pending
	// waiting are stored articles whose links name an article not read
	// yet.
	waiting []pending
	read    int64
	// linking receives the outcome of the links being recorded beside
	// the next batch's put (nil when none are); mu guards the counts and
	// OnError meanwhile.
	linking chan error
	mu      sync.Mutex
}

// pending is an article line on its way into the store.
type pending struct {
	line  int
	rec   *Record
	newID int64
}

func (im *importer) run(ctx context.Context, r io.Reader) error {
	// Lines are read and decoded ahead, beside the store's writes: a
	// line's JSON costs about what the store's work for it does.
	dctx, cancel := context.WithCancel(ctx) // the decoder's: it stops with run
	defer cancel()
	lines := make(chan decoded, 2*im.opt.Batch)
	go decode(dctx, r, lines)
	for d := range lines {
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.err != nil {
			return d.err
		}
		if d.rec != nil {
			if err := im.record(ctx, d.line, d.rec); err != nil {
				return err
			}
		}
		im.read = d.read
		if im.opt.OnRead != nil {
			im.opt.OnRead(im.read)
		}
	}
	return ctx.Err()
}

// decoded is a line of the file, decoded: rec is nil for a blank line;
// err, the last sent, stops the import.
type decoded struct {
	line int
	rec  *Record
	read int64 // the bytes read up to the end of the line
	err  error
}

// decode reads and decodes the lines of r into out, and closes it at the
// end of r, after a line it cannot read, or when ctx is done.
func decode(ctx context.Context, r io.Reader, out chan<- decoded) {
	defer close(out)
	send := func(d decoded) bool {
		select {
		case out <- d:
			return true
		case <-ctx.Done():
			return false
		}
	}
	br := bufio.NewReaderSize(r, 1<<20)
	line := 0
	var read int64
	var buf []byte
	for {
		var err error
		buf, err = readLine(br, buf[:0])
		if len(buf) == 0 && err == io.EOF {
			return
		}
		line++
		read += int64(len(buf))
		if err != nil && err != io.EOF {
			if errors.Is(err, errLongLine) {
				err = &LineError{Line: line, Err: rapporteur.Errorf(rapporteur.EINVALID, "%w", err)}
			} else {
				err = rapporteur.Errorf(rapporteur.EUNAVAILABLE, "line %d: read: %w", line, err)
			}
			send(decoded{line: line, err: err})
			return
		}
		rec, derr := decodeLine(line, buf, err == io.EOF)
		if !send(decoded{line: line, rec: rec, read: read, err: derr}) || derr != nil || err == io.EOF {
			return
		}
	}
}

var errLongLine = fmt.Errorf("longer than %d bytes", MaxLine)

// readLine appends the next line of br to buf, without its newline. It
// returns io.EOF with the last line when the file does not end in one.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		part, err := br.ReadSlice('\n')
		if len(buf)+len(part) > MaxLine {
			return buf, errLongLine
		}
		buf = append(buf, part...)
		switch {
		case err == nil:
			return buf[:len(buf)-1], nil
		case err == bufio.ErrBufferFull:
			continue
		default:
			return buf, err
		}
	}
}

// decodeLine decodes one line: nil for a blank one. last says the file
// ended without a newline after it, which is where a copy cut short ends.
func decodeLine(line int, b []byte, last bool) (*Record, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil
	}
	rec := &Record{StoredArticle: &rapporteur.StoredArticle{}}
	if err := json.Unmarshal(b, rec); err != nil {
		msg := "not a JSON object: %w"
		if last {
			msg = "not a JSON object (is the file cut short?): %w"
		}
		return nil, &LineError{Line: line, Err: rapporteur.Errorf(rapporteur.EINVALID, msg, err)}
	}
	return rec, nil
}

// record handles the record of one line.
func (im *importer) record(ctx context.Context, line int, rec *Record) error {
	if rec.Feed != nil {
		// Feeds come first in an export; an article stored before its feed
		// would lose its feed_id.
		if err := im.settle(ctx); err != nil {
			return err
		}
		return im.feed(ctx, line, rec.Feed)
	}
	if rec.Note != nil {
		// It names its article, which must be stored first.
		if err := im.settle(ctx); err != nil {
			return err
		}
		return im.note(ctx, line, rec.Note)
	}
	if rec.SavedSearch != nil && rec.SavedSearch.SavedSearch != nil {
		// Its delivery state names the last article delivered, which must
		// be stored (and its new id known) first.
		if err := im.settle(ctx); err != nil {
			return err
		}
		return im.saved(ctx, line, rec.SavedSearch)
	}
	if rec.Text == "" && rec.Title == "" {
		return &LineError{Line: line, Err: rapporteur.Errorf(rapporteur.EINVALID, "neither an article (no text, no title), a feed nor a saved search")}
	}
	im.batch = append(im.batch, pending{line: line, rec: rec})
	if len(im.batch) >= im.opt.Batch {
		return im.flush(ctx)
	}
	return nil
}

// feed subscribes to a feed, with its polling state, or finds it among
// the target's feeds.
func (im *importer) feed(ctx context.Context, line int, f *rapporteur.Feed) error {
	old := f.ID
	nf := *f
	err := im.dst.CreateFeed(ctx, &nf)
	switch rapporteur.ErrorCode(err) {
	case "":
		// CreateFeed keeps the URL and title; the rest is polling state.
		nf.ETag, nf.LastModified = f.ETag, f.LastModified
		nf.LastFetched, nf.NextFetch = f.LastFetched, f.NextFetch
		nf.ErrorCount, nf.LastError = f.ErrorCount, f.LastError
		if err := im.dst.UpdateFeed(ctx, &nf); err != nil {
			return fmt.Errorf("line %d: feed %s: %w", line, f.URL, err)
		}
	case rapporteur.ECONFLICT:
		// Subscribed already: the articles join the feed the target has.
		all, err := im.dst.Feeds(ctx)
		if err != nil {
			return fmt.Errorf("line %d: feed %s: %w", line, f.URL, err)
		}
		for _, g := range all {
			if g.URL == f.URL {
				nf.ID = g.ID
			}
		}
	default:
		if rapporteur.ErrorCode(err) == rapporteur.EUNAVAILABLE {
			return fmt.Errorf("line %d: feed %s: %w", line, f.URL, err)
		}
		im.fail(line, fmt.Errorf("feed %s: %w", f.URL, err))
		return nil
	}
	im.feeds[old] = nf.ID
	im.c.Feeds++
	return nil
}

// saved stores a saved search with its webhook and delivery state, or
// finds it among the target's (same name and query), so that importing
// twice makes no second one.
func (im *importer) saved(ctx context.Context, line int, rec *SavedSearch) error {
	ss := *rec.SavedSearch
	ss.WebhookSecret = rec.WebhookSecret
	all, err := im.dst.SavedSearches(ctx)
	if err != nil {
		return fmt.Errorf("line %d: saved search %q: %w", line, ss.Name, err)
	}
	for _, have := range all {
		if have.Name == ss.Name && have.Query == ss.Query {
			im.c.SavedSearches++
			return nil
		}
	}
	state := ss
	if err := im.dst.CreateSavedSearch(ctx, &ss); err != nil {
		if rapporteur.ErrorCode(err) == rapporteur.EUNAVAILABLE {
			return fmt.Errorf("line %d: saved search %q: %w", line, ss.Name, err)
		}
		im.fail(line, fmt.Errorf("saved search %q: %w", ss.Name, err))
		return nil
	}
	// The webhook has had every article up to the last it was sent, and
	// only those: ids keep their storing order, so that is the new id of
	// the last article at or before it.
	ss.Delivered = im.ids.floor(state.Delivered)
	ss.LastDelivery, ss.DeliveryErrors = state.LastDelivery, state.DeliveryErrors
	ss.LastError, ss.NextDelivery = state.LastError, state.NextDelivery
	if err := im.dst.UpdateSavedSearch(ctx, &ss); err != nil {
		return fmt.Errorf("line %d: saved search %q: %w", line, ss.Name, err)
	}
	im.c.SavedSearches++
	return nil
}

// note files a note on its article's new id, on the statement with its
// words when it had one, with its author, status and time. A note whose
// article or statement is not in the target fails; importing twice files
// a note again only if the target lacks one of the same author, time and
// text on the same words.
func (im *importer) note(ctx context.Context, line int, n *rapporteur.Note) error {
	nt, ok := im.dst.(NoteTarget)
	if !ok {
		im.fail(line, rapporteur.Errorf(rapporteur.EINVALID, "note %d: this store keeps no notes", n.ID))
		return nil
	}
	id, ok := im.ids.get(n.ArticleID)
	if !ok {
		im.fail(line, rapporteur.Errorf(rapporteur.ENOTFOUND, "note %d: its article %d is not in the file", n.ID, n.ArticleID))
		return nil
	}
	have, err := nt.Notes(ctx, id)
	if err != nil {
		return fmt.Errorf("line %d: note %d: %w", line, n.ID, err)
	}
	for _, h := range have {
		if h.Author == n.Author && h.Text == n.Text && h.Quote == n.Quote && h.Created.Unix() == n.Created.Unix() {
			im.c.Notes++ // imported before
			return nil
		}
	}
	nn := &rapporteur.Note{ArticleID: id, Status: n.Status, Author: n.Author, Text: n.Text, Created: n.Created}
	if n.Quote != "" {
		st, err := statementWith(ctx, nt, id, n.Quote)
		if err != nil {
			return fmt.Errorf("line %d: note %d: %w", line, n.ID, err)
		}
		if st == 0 {
			im.fail(line, rapporteur.Errorf(rapporteur.ENOTFOUND, "note %d: article %d has no statement %q", n.ID, n.ArticleID, n.Quote))
			return nil
		}
		nn.StatementID = st
	}
	if err := nt.AddNote(ctx, nn); err != nil {
		if rapporteur.ErrorCode(err) == rapporteur.EUNAVAILABLE {
			return fmt.Errorf("line %d: note %d: %w", line, n.ID, err)
		}
		im.fail(line, fmt.Errorf("note %d: %w", n.ID, err))
		return nil
	}
	im.c.Notes++
	return nil
}

// statementWith returns the id of article id's first statement whose
// words are quote, 0 for none.
func statementWith(ctx context.Context, nt NoteTarget, id int64, quote string) (int64, error) {
	f := rapporteur.StatementFilter{ArticleID: id, Duplicates: true, Limit: 500}
	for {
		p, err := nt.Statements(ctx, f)
		if err != nil {
			return 0, err
		}
		for _, st := range p.Items {
			if st.Content.Text == quote {
				return st.ID, nil
			}
		}
		if p.Next == "" {
			return 0, nil
		}
		f.Cursor = p.Next
	}
}

func (im *importer) fail(line int, err error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.c.Failed++
	if im.opt.OnError != nil {
		im.opt.OnError(line, err)
	}
}

// flush stores the batch and links what it can.
func (im *importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	items := make([]rapporteur.PutItem, len(im.batch))
	for i, p := range im.batch {
		items[i] = rapporteur.PutItem{Article: article(p.rec), Meta: rapporteur.ArticleMeta{
			FeedID: im.feeds[p.rec.FeedID], Fetched: p.rec.Created}}
	}
	results, errs := im.dst.PutArticles(ctx, items)
	var stored []pending
	for i, p := range im.batch {
		var err error
		if i < len(errs) {
			err = errs[i]
		}
		if err == nil && i >= len(results) {
			err = errors.New("the store returned no result")
		}
		if rapporteur.ErrorCode(err) == rapporteur.EUNAVAILABLE {
			im.batch = nil
			return fmt.Errorf("line %d: %w", p.line, err)
		}
		if err != nil {
			im.fail(p.line, fmt.Errorf("article %d: %w", p.rec.ID, err))
			continue
		}
		switch results[i].Status {
		case rapporteur.PutCreated:
			im.c.Created++
		case rapporteur.PutUpdated:
			im.c.Updated++
		default:
			im.c.Unchanged++
		}
		im.c.Articles++
		im.c.Statements += len(p.rec.Statements)
		p.newID = results[i].ID
		im.ids.add(p.rec.ID, p.newID)
		stored = append(stored, p)
	}
	im.batch = im.batch[:0]
	// Links wait for this batch's articles, which a late original or a
	// story's first article may be; those waiting may now resolve too.
	todo := append(im.waiting, stored...)
	im.waiting = nil
	return im.link(ctx, todo, false)
}

// finish links what still waits: the file has ended, so an article it
// waits for is not in it.
func (im *importer) finish(ctx context.Context) error {
	todo := im.waiting
	im.waiting = nil
	return im.link(ctx, todo, true)
}

// article is the record as PutArticle takes it.
func article(rec *Record) rapporteur.Article {
	a := rec.Article
	a.ID = rec.ExternalID
	a.Statements = make([]rapporteur.Statement, len(rec.Statements))
	for i, st := range rec.Statements {
		a.Statements[i] = st.Statement
	}
	return a
}

// link records the links of stored articles whose references resolve,
// and keeps the others waiting; at the end (final), it records what it
// can of every one.
func (im *importer) link(ctx context.Context, todo []pending, final bool) error {
	var items []rapporteur.LinkItem
	var lines []int
	for _, p := range todo {
		rec := p.rec
		l := rapporteur.ArticleLink{}
		wait := false
		if rec.DuplicateOf != 0 {
			switch id, ok := im.ids.get(rec.DuplicateOf); {
			case ok:
				l.DuplicateOf, l.Similarity = id, rec.Similarity
			case !final && !im.ids.gone(rec.DuplicateOf):
				wait = true
			default:
				im.fail(p.line, fmt.Errorf("article %d: its original, article %d, is not in the file: stored as no copy", rec.ID, rec.DuplicateOf))
			}
		}
		if rec.Story != nil && rec.Story.Key != "" {
			key, ok := im.storyKey(rec.Story.Key, final)
			if !ok {
				wait = true
			}
			l.StoryKey, l.StoryTitle = key, rec.Story.Title
		}
		if wait {
			im.waiting = append(im.waiting, p)
			continue
		}
		if l == (rapporteur.ArticleLink{}) {
			continue
		}
		items = append(items, rapporteur.LinkItem{ID: p.newID, Link: l})
		lines = append(lines, p.line)
		im.mu.Lock()
		if l.DuplicateOf != 0 {
			im.c.Copies++
		}
		if l.StoryKey != "" {
			im.c.InStory++
		}
		im.mu.Unlock()
	}
	if len(items) == 0 {
		return nil
	}
	// The links are recorded while the next batch is read and stored
	// (the store takes them in another transaction), one batch of links
	// at a time, in file order.
	if err := im.wait(); err != nil {
		return err
	}
	done := make(chan error, 1)
	im.linking = done
	go func() { done <- im.recordLinks(ctx, items, lines) }()
	return nil
}

// wait waits for the links being recorded, if any, and returns what
// stopped them.
func (im *importer) wait() error {
	if im.linking == nil {
		return nil
	}
	err := <-im.linking
	im.linking = nil
	return err
}

// settle stores the batch and waits for its links: the line to come names
// what they store.
func (im *importer) settle(ctx context.Context) error {
	if err := im.flush(ctx); err != nil {
		return err
	}
	return im.wait()
}

// recordLinks records links, read from lines; a link the store refuses
// is reported, and the others recorded.
func (im *importer) recordLinks(ctx context.Context, items []rapporteur.LinkItem, lines []int) error {
	err := im.dst.LinkArticles(ctx, items)
	if err == nil {
		return nil
	}
	if rapporteur.ErrorCode(err) == rapporteur.EUNAVAILABLE {
		return fmt.Errorf("line %d: links: %w", lines[0], err)
	}
	// One bad link must not lose the others.
	for i, it := range items {
		if err := im.dst.LinkArticles(ctx, items[i:i+1]); err != nil {
			if rapporteur.ErrorCode(err) == rapporteur.EUNAVAILABLE {
				return fmt.Errorf("line %d: links: %w", lines[i], err)
			}
			im.mu.Lock()
			if it.Link.DuplicateOf != 0 {
				im.c.Copies--
			}
			if it.Link.StoryKey != "" {
				im.c.InStory--
			}
			im.mu.Unlock()
			im.fail(lines[i], fmt.Errorf("links of article %d: %w", it.ID, err))
		}
	}
	return nil
}

// storyKey translates a story key. A key is the id of the story's first
// article (see package story), so it becomes that article's new id, and
// the linker of the target store, rebuilt from these articles, names the
// story as the file does. A key whose article is not in the file gets a
// key that no article id can take ("imported:" and the key), so that no
// story linked later can be mistaken for it; a key that is no id is kept.
// ok is false while the article may still come.
func (im *importer) storyKey(key string, final bool) (string, bool) {
	old, err := strconv.ParseInt(key, 10, 64)
	if err != nil || old <= 0 {
		return key, true
	}
	if id, ok := im.ids.get(old); ok {
		return strconv.FormatInt(id, 10), true
	}
	if !final && !im.ids.gone(old) {
		return "", false
	}
	return "imported:" + key, true
}

// idMap translates the ids of the file to the target's. An export lists
// articles in ascending id order, so the pairs are appended in order and
// found by binary search; a file out of order (hand-made, concatenated)
// falls back to a map for the ids out of order.
type idMap struct {
	old, new []int64
	other    map[int64]int64
}

func (m *idMap) add(old, new int64) {
	if n := len(m.old); n == 0 || old > m.old[n-1] {
		m.old = append(m.old, old)
		m.new = append(m.new, new)
		return
	}
	if m.other == nil {
		m.other = map[int64]int64{}
	}
	m.other[old] = new
}

func (m *idMap) get(old int64) (int64, bool) {
	if i, ok := slices.BinarySearch(m.old, old); ok {
		return m.new[i], true
	}
	id, ok := m.other[old]
	return id, ok
}

// floor returns the new id of the greatest old id at or below old, 0 when
// there is none. Ids out of order are left out.
func (m *idMap) floor(old int64) int64 {
	i, ok := slices.BinarySearch(m.old, old)
	if ok {
		return m.new[i]
	}
	if i == 0 {
		return 0
	}
	return m.new[i-1]
}

// gone reports whether an id not in the map will never be: the file
// ascends and has passed it. A file out of order never rules one out
// before its end.
func (m *idMap) gone(old int64) bool {
	return m.other == nil && len(m.old) > 0 && old < m.old[len(m.old)-1]
}
