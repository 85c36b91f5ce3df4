// Package storylink links articles into wire-copy groups and stories as
// they are stored: a Writer puts articles in a Backend, runs every stored
// one through a story.Linker and records its links with
// Backend.LinkArticles; Store wraps a whole rapporteur.Store the same way. Ingest, the feed poller and the API's ingest
// endpoint all store through it, so they link the same way.
package storylink

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/story"
)

// DefaultRebuild is how many of the latest stored articles Open feeds the
// linker at start-up: enough to cover the linker's windows (a week of
// wire copies, a month of stories) for a monitor of a few hundred
// outlets, few enough that a large database still starts in seconds.
const DefaultRebuild = 10000

// Options configure Open; zero fields take their defaults.
type Options struct {
	// Linker configures the story linker.
	Linker story.Config
	// Rebuild is the number of latest stored articles replayed at
	// start-up: 0 means DefaultRebuild, a negative number none.
	Rebuild int
	// Logger receives linking failures, which never fail a put; nil
	// discards them.
	Logger *slog.Logger
	// RelinkAfter is how many late articles (published more than a day
	// before the latest one linked) start a relinking pass over the
	// latest Rebuild articles (see Writer.Relink): a shuffled archive
	// stored one article at a time then ends up linked as a batch in
	// publication order would be. A pass also waits for half of Rebuild
	// articles linked since the last one: each pass links Rebuild
	// articles again, so that a long backfill, late throughout, links
	// each article at most three times, not Rebuild/RelinkAfter times
	// (at the defaults, 50: ingest above a million articles fell to 17
	// articles/s). The passes still cover every article stored, since
	// each covers the latest Rebuild. 0 means DefaultRelinkAfter, a
	// negative number never.
	RelinkAfter int
	// RelinkIdle is how long after the last article stored, while some
	// came late since the last pass, a relinking pass runs: a backlog
	// loaded one article at a time is relinked once it is all in. 0
	// means DefaultRelinkIdle, a negative duration never.
	RelinkIdle time.Duration
}

// DefaultRelinkIdle is the quiet time after which late articles are
// relinked.
const DefaultRelinkIdle = 30 * time.Second

// DefaultRelinkAfter is the number of late articles that start a
// relinking pass: a backlog of a few hundred articles is relinked once,
// a feed that is a little late now and then almost never.
const DefaultRelinkAfter = 200

// lateBy is how much earlier than the latest article linked an article
// must be published to count as late: feeds of many outlets arrive
// minutes or hours out of order, which changes no story.
const lateBy = 24 * time.Hour

// Backend is what linking needs of a store: putting articles, reading
// the latest ones and their stories back at start-up, and recording links
// and merges. A second store implementation links through Writer once it
// has these; rapporteur.Store has them all.
type Backend interface {
	PutArticle(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (rapporteur.PutResult, error)
	PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error)
	Article(ctx context.Context, id int64) (*rapporteur.StoredArticle, error)
	Articles(ctx context.Context, f rapporteur.ArticleFilter) (rapporteur.Page[*rapporteur.StoredArticle], error)
	Stories(ctx context.Context, f rapporteur.StoryFilter) (rapporteur.Page[*rapporteur.StoredStory], error)
	LinkArticle(ctx context.Context, id int64, link rapporteur.ArticleLink) error
	LinkArticles(ctx context.Context, links []rapporteur.LinkItem) error
	MergeStories(ctx context.Context, from, into string) error
}

// Store is a rapporteur.Store that links every article it stores: its
// puts go through a Writer, every other method to the store it wraps.
type Store struct {
	rapporteur.Store
	w *Writer
}

// Open wraps s, rebuilding the linker from the latest stored articles as
// NewWriter does.
func Open(ctx context.Context, s rapporteur.Store, opt Options) (*Store, error) {
	w, err := NewWriter(ctx, s, opt)
	if err != nil {
		return nil, err
	}
	return &Store{Store: s, w: w}, nil
}

// PutArticle stores the article, then links it.
func (s *Store) PutArticle(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (rapporteur.PutResult, error) {
	return s.w.PutArticle(ctx, a, meta)
}

// Relink links the latest n stored articles again in publication order
// and records the links that changed (see Writer.Relink).
func (s *Store) Relink(ctx context.Context, n int) (int, error) { return s.w.Relink(ctx, n) }

// Late returns the number of late articles not relinked yet.
func (s *Store) Late() int { return s.w.Late() }

// Stop stops relinking (see Writer.Stop).
func (s *Store) Stop() { s.w.Stop() }

// Close stops relinking, then closes the store it wraps.
func (s *Store) Close() error {
	s.w.Stop()
	return s.Store.Close()
}

// PutArticles stores the articles, then links the stored ones in order.
func (s *Store) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	return s.w.PutArticles(ctx, items)
}

// Writer stores articles in a Backend and links each one it stores.
type Writer struct {
	b      Backend
	linker *story.Linker
	log    *slog.Logger

	// mu makes linking an article and recording its links and the merges
	// it caused one step, so that the store sees merges in the order the
	// linker made them.
	mu sync.Mutex
	// merges are the story merges the linker reported and the store has
	// not recorded yet, oldest first; the linker reports them under its
	// own lock, where the store cannot be called.
	merges [][2]string
	// lineMerges are the storyline merges reported likewise, and
	// touched the linker keys of the stories linked since the last
	// record, whose storylines record sets.
	lineMerges [][2]string
	touched    map[string]bool
	// The rebuild window may start in the middle of a story or of a
	// wire-copy group: the linker then names the story after its first
	// article in the window, and takes that article for the original.
	// alias maps such a linker story key to the key the store has, and
	// original maps a rebuilt copy to the original the store has, so
	// that new articles join what the store shows.
	alias    map[string]string
	original map[int64]int64
	// cfg is the linker's configuration, callbacks included: Relink
	// makes a new linker with it.
	cfg story.Config
	// newest is the latest publication time linked; late counts the
	// articles linked late since the last relinking pass, which starts
	// at relinkAfter (0: never) over the latest horizon articles, once
	// half of horizon were linked since the last pass (linked counts
	// them).
	newest                    time.Time
	late, relinkAfter, linked int
	horizon                   int
	// idle runs a pass RelinkIdle after the last put that left late
	// articles; stopped by Stop.
	idle       *time.Timer
	relinkIdle time.Duration
	closed     bool
	// inputs are the linker's inputs of the latest horizon articles
	// linked, for relinking passes (inputs.go).
	inputs *inputs
}

// NewWriter returns a Writer on b, rebuilding the linker from the latest
// stored articles in storing order. Articles among them stored before
// linking existed (a database from an older version) get their links
// recorded on the way.
//
// An error of the store keeps its code, with the step in the message (a
// database that cannot be read is EUNAVAILABLE); a linker that cannot be
// built from its embedded lexicons is a bug, unclassified. Callers add
// context with fmt.Errorf and do not classify again.
func NewWriter(ctx context.Context, b Backend, opt Options) (*Writer, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ls := &Writer{b: b, log: log, alias: map[string]string{}, original: map[int64]int64{}, touched: map[string]bool{}}
	cfg := opt.Linker
	onMerge := cfg.OnMerge
	cfg.OnMerge = func(from, into string) {
		// Called within the linker's Commit, which runs under ls.mu.
		ls.merges = append(ls.merges, [2]string{from, into})
		if onMerge != nil {
			onMerge(from, into)
		}
	}
	onLineMerge := cfg.OnLineMerge
	cfg.OnLineMerge = func(from, into string) {
		ls.lineMerges = append(ls.lineMerges, [2]string{from, into})
		if onLineMerge != nil {
			onLineMerge(from, into)
		}
	}
	l, err := story.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("story linker: %w", err)
	}
	ls.linker, ls.cfg = l, cfg
	n := opt.Rebuild
	if n == 0 {
		n = DefaultRebuild
	}
	ls.horizon, ls.relinkAfter, ls.relinkIdle = max(n, 0), opt.RelinkAfter, opt.RelinkIdle
	ls.inputs = newInputs(ls.horizon)
	if ls.relinkAfter == 0 {
		ls.relinkAfter = DefaultRelinkAfter
	}
	if ls.relinkIdle == 0 {
		ls.relinkIdle = DefaultRelinkIdle
	}
	if n > 0 {
		if _, err := ls.Relink(ctx, n); err != nil {
			return nil, err
		}
	}
	return ls, nil
}

// key returns the store's key of a linker story.
func (s *Writer) key(linkerKey string) string {
	if k, ok := s.alias[linkerKey]; ok {
		return k
	}
	return linkerKey
}

// linkable is the article as the linker sees it: its store id as ID, so
// that links name stored articles.
func linkable(id int64, a rapporteur.Article) rapporteur.Article {
	a.ID = strconv.FormatInt(id, 10)
	return a
}

// PutArticle stores the article, then links it.
func (s *Writer) PutArticle(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (rapporteur.PutResult, error) {
	res, errs := s.PutArticles(ctx, []rapporteur.PutItem{{Article: a, Meta: meta}})
	return res[0], errs[0]
}

// maybeRelink runs a relinking pass when enough articles came late, and
// otherwise, while some did, arms the idle pass. A failure is logged: the
// articles are stored and linked already.
func (s *Writer) maybeRelink(ctx context.Context) {
	s.mu.Lock()
	due := s.relinkAfter > 0 && s.horizon > 0 && s.late >= s.relinkAfter && s.linked >= s.horizon/2
	if due {
		s.late, s.linked = 0, 0
	}
	if s.late > 0 && s.horizon > 0 && s.relinkIdle > 0 && !s.closed {
		if s.idle == nil {
			s.idle = time.AfterFunc(s.relinkIdle, s.idleRelink)
		} else {
			s.idle.Reset(s.relinkIdle)
		}
	}
	s.mu.Unlock()
	if due {
		if _, err := s.Relink(ctx, s.horizon); err != nil {
			s.log.Warn("stories not relinked", "error", err)
		}
	}
}

// idleRelink is the idle pass.
func (s *Writer) idleRelink() {
	s.mu.Lock()
	run := s.late > 0 && !s.closed
	s.mu.Unlock()
	if run {
		if _, err := s.Relink(context.Background(), s.horizon); err != nil {
			s.log.Warn("stories not relinked", "error", err)
		}
	}
}

// Late returns the number of articles stored late (published more than
// a day before the latest one) that no relinking pass has covered yet.
func (s *Writer) Late() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.late
}

// Stop stops the idle pass; a pass under way finishes first.
func (s *Writer) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.idle != nil {
		s.idle.Stop()
	}
}

// TxBackend is a Backend that records a batch's links in the transaction
// that stores the batch (sqlite.DB is one): one commit per batch, where a
// Backend alone takes one for the articles and one more for their links
// (and one per story merge).
type TxBackend interface {
	// PutArticlesLinked stores items as PutArticles does and, before
	// committing, calls link with their results (every id known) and
	// records the rapporteur.LinkBatch it returns in the same
	// transaction; link must not call the store. It returns whether the
	// links were recorded: they are not when link was never called, or
	// when its transaction failed and the articles were stored without
	// it (their ids may then differ from those link was given).
	PutArticlesLinked(ctx context.Context, items []rapporteur.PutItem,
		link func([]rapporteur.PutResult, []error) rapporteur.LinkBatch) ([]rapporteur.PutResult, []error, bool)
}

// PutArticles stores the articles, then links the stored ones in order,
// recording their links together: in the transaction that stores them on
// a TxBackend.
func (s *Writer) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	tb, ok := s.b.(TxBackend)
	if !ok {
		results, errs := s.b.PutArticles(ctx, items)
		s.linkAll(ctx, results, errs, items)
		s.maybeRelink(ctx)
		return results, errs
	}
	s.mu.Lock()
	called := false
	results, errs, recorded := tb.PutArticlesLinked(ctx, items, func(results []rapporteur.PutResult, errs []error) rapporteur.LinkBatch {
		// On the store's writer, while this goroutine waits with s.mu
		// held.
		called = true
		return s.collect(results, errs, items)
	})
	lost := false
	switch {
	case recorded:
	case !called:
		s.record(ctx, s.collect(results, errs, items))
	default:
		// The linker has the articles under the ids of a transaction
		// that failed: a relinking pass reads them back from the store.
		lost = true
	}
	s.mu.Unlock()
	if lost {
		s.log.Warn("story links not recorded with their articles; relinking")
		if _, err := s.Relink(ctx, s.horizon); err != nil {
			s.log.Warn("stories not relinked", "error", err)
		}
	}
	s.maybeRelink(ctx)
	return results, errs
}

// linkAll links the articles stored and records their links.
func (s *Writer) linkAll(ctx context.Context, results []rapporteur.PutResult, errs []error, items []rapporteur.PutItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record(ctx, s.collect(results, errs, items))
}

// collect runs newly stored or changed articles through the linker and
// returns their links and the merges they caused, to record. Called with
// s.mu held.
func (s *Writer) collect(results []rapporteur.PutResult, errs []error, items []rapporteur.PutItem) rapporteur.LinkBatch {
	var b rapporteur.LinkBatch
	// A batch (a bulk load, an archive's page) is linked in publication
	// order, as `rapporteur link` links one.
	var order []int
	for i := range results {
		if i < len(errs) && errs[i] == nil {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return story.Chronological(rapporteur.Article{Published: items[i].Article.Published}, rapporteur.Article{Published: items[j].Article.Published})
	})
	for _, i := range order {
		res, a := results[i], items[i].Article
		if res.Status == rapporteur.PutUnchanged || res.ID == 0 {
			continue
		}
		if res.Status == rapporteur.PutUpdated {
			// The new text replaces the old in the duplicate index.
			s.linker.Delete(strconv.FormatInt(res.ID, 10))
		} else if _, ok := s.linker.LinkOf(strconv.FormatInt(res.ID, 10)); ok {
			// A relinking pass that ran between the put and this read it
			// from the store and linked it already.
			continue
		}
		if p := a.Published; p != nil {
			if p.Before(s.newest.Add(-lateBy)) {
				s.late++
			}
			if p.After(s.newest) {
				s.newest = *p
			}
		}
		s.linked++
		s.inputs.put(res.ID, a)
		link := s.linker.Add(linkable(res.ID, a))
		b.Links = append(b.Links, s.linkItem(res.ID, link))
		b.Links = s.moved(b.Links, link)
	}
	s.drain(&b)
	return b
}

// linkItem converts the linker's answer, naming the story by its current
// key (stories merge as they converge).
func (s *Writer) linkItem(id int64, link story.Link) rapporteur.LinkItem {
	st := s.linker.Resolve(link.Story)
	s.touched[st] = true
	l := rapporteur.ArticleLink{Similarity: link.Similarity, StoryKey: s.key(st)}
	if link.DuplicateOf != "" {
		dup, err := strconv.ParseInt(link.DuplicateOf, 10, 64)
		if orig, ok := s.original[dup]; ok {
			dup = orig
		}
		if err == nil && dup != id {
			l.DuplicateOf = dup
		}
	}
	if l.DuplicateOf == 0 {
		l.Similarity = 0
	}
	if st, ok := s.linker.Story(link.Story); ok {
		l.StoryTitle = st.Title
	}
	return rapporteur.LinkItem{ID: id, Link: l}
}

// moved appends the new links of the articles stored earlier whose
// original changed with link's article (story.Link.Moved): an article
// that arrives late, published before the original the store has for
// its copies, becomes their original, and LinkArticle rewrites each
// copy's duplicate_of (and the old original's, now a copy) in the same
// transaction as the new article's link.
func (s *Writer) moved(links []rapporteur.LinkItem, link story.Link) []rapporteur.LinkItem {
	for _, m := range link.Moved {
		id, err := strconv.ParseInt(m, 10, 64)
		if err != nil {
			continue
		}
		if k, ok := s.linker.LinkOf(m); ok {
			delete(s.original, id)
			links = append(links, s.linkItem(id, k))
		}
	}
	return links
}

// drain moves the merges the linker made since the last drain, and the
// storylines of the stories linked since, into b, in the store's keys.
// Called with s.mu held.
func (s *Writer) drain(b *rapporteur.LinkBatch) {
	for _, m := range s.merges {
		b.Merges = append(b.Merges, [2]string{s.key(m[0]), s.key(m[1])})
	}
	s.merges = s.merges[:0]
	for k := range s.touched {
		b.Lines = append(b.Lines, rapporteur.StorylineLink{StoryKey: s.key(s.linker.Resolve(k)), StorylineKey: s.key(s.linker.Storyline(k))})
	}
	clear(s.touched)
	slices.SortFunc(b.Lines, func(a, b rapporteur.StorylineLink) int { return strings.Compare(a.StoryKey, b.StoryKey) })
	for _, m := range s.lineMerges {
		b.LineMerges = append(b.LineMerges, [2]string{s.key(m[0]), s.key(m[1])})
	}
	s.lineMerges = s.lineMerges[:0]
}

// record stores a batch's links, then the merges the linker made
// meanwhile, in order (a merge moves every article of its story, those
// just linked too), each step in a transaction of its own. Called with
// s.mu held. A failure is logged, never returned: the articles are
// stored, and their links come back when they are stored again or the
// store is reopened (rebuild links unlinked articles).
func (s *Writer) record(ctx context.Context, b rapporteur.LinkBatch) {
	if err := s.b.LinkArticles(ctx, b.Links); err != nil {
		// One bad link must not lose the others.
		for _, l := range b.Links {
			if err := s.b.LinkArticle(ctx, l.ID, l.Link); err != nil {
				s.log.Warn("story link not recorded", "article", l.ID, "error", err)
			}
		}
	}
	for _, m := range b.Merges {
		if err := s.b.MergeStories(ctx, m[0], m[1]); err != nil {
			s.log.Warn("story merge not recorded", "from", m[0], "into", m[1], "error", err)
		}
	}
	s.recordLines(ctx, b)
}

// StorylineBackend is a Backend that keeps storylines, the level above
// stories (sqlite.DB does). A Writer on a Backend without them links
// stories only.
type StorylineBackend interface {
	LinkStorylines(ctx context.Context, links []rapporteur.StorylineLink) error
	MergeStorylines(ctx context.Context, from, into string) error
}

// recordLines stores the storylines of the stories a batch linked, as
// the linker had them then, then the storyline merges it reported
// meanwhile, in order: a merge moves stories this batch did not touch.
// Called with s.mu held; failures are logged, as in record.
func (s *Writer) recordLines(ctx context.Context, b rapporteur.LinkBatch) {
	ls, ok := s.b.(StorylineBackend)
	if !ok {
		return
	}
	if err := ls.LinkStorylines(ctx, b.Lines); err != nil {
		s.log.Warn("storylines not recorded", "stories", len(b.Lines), "error", err)
	}
	for _, m := range b.LineMerges {
		if err := ls.MergeStorylines(ctx, m[0], m[1]); err != nil {
			s.log.Warn("storyline merge not recorded", "from", m[0], "into", m[1], "error", err)
		}
	}
}

// Unwrap returns the store that s wraps, where the web server finds the
// capabilities beyond rapporteur.Store (counts, facets, notes …) that
// linking has nothing to add to.
func (s *Store) Unwrap() rapporteur.Store { return s.Store }
