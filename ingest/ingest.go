// Package ingest turns sources into stored articles: files, directories,
// JSON Lines, single article URLs, RSS/Atom/JSON feeds, OPML subscription
// lists and WARC archives. Each item is run through the extraction
// pipeline by a pool of workers and stored by one writer, in input order,
// with Store.PutArticles: the articles extracted by the time the writer
// gets to them share a commit, and each is stored whole or not at all, so
// an interrupted or killed ingest keeps every article already stored
// whole and re-running it duplicates nothing.
package ingest

import (
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/intake"
)

// Store is what the ingester needs of a store: a batched put, the feeds it
// subscribes to (Subscribe) and the article ids of feed entries it may
// already have.
type Store interface {
	PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error)
	CreateFeed(ctx context.Context, feed *rapporteur.Feed) error
	Feeds(ctx context.Context) ([]*rapporteur.Feed, error)
	UpdateFeed(ctx context.Context, feed *rapporteur.Feed) error
	ArticleIDByURL(ctx context.Context, rawURL string) (int64, error)
}

// Ingester stores the articles of sources. Its fields must not change while
// it runs; one Ingester may run several ingests at once.
type Ingester struct {
	Store Store
	// Intake reads every item (records, files, pages, WARC records, feed
	// entries) into an article, with its size limit.
	Intake *intake.Intake
	// Web fetches article pages and feeds: robots.txt, per-host limits and
	// the SSRF guard. Nil refuses URLs.
	Web *feed.Client
	// Workers is the number of items extracted at once; 0 means the
	// number of CPUs Go may use.
	Workers int
	// Subscribe makes Ingest subscribe to the feeds it reads (feed URLs
	// and the feeds of OPML lists), so that `serve` polls them.
	Subscribe bool

	// OnExpect, if set, is told how many more items are expected, as soon
	// as the ingester knows (a JSON Lines file is counted before it is
	// read), so a progress bar can show an ETA.
	OnExpect func(n int)
	// OnResult, if set, is called by the writer after each item, in input
	// order.
	OnResult func(Result)
}

// Result is the outcome of one item.
type Result struct {
	// Where names the item for a user: "news.jsonl:12", a path, a URL, or
	// "crawl.warc.gz@1234" (a record's offset).
	Where string
	// Line is the line number of a JSON Lines record, 0 for other items.
	Line int
	// ID is the stored article's id; 0 when the item failed or was skipped.
	ID     int64
	Status rapporteur.PutStatus // "" when the item failed or was skipped
	// Skipped says why an item that is no article was left out (a WARC
	// record of an image, a feed entry already stored), "" otherwise.
	Skipped string
	Err     error
}

// Summary counts the outcomes of an ingest.
type Summary struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Skipped   int `json:"skipped"`
	Failed    int `json:"failed"`
	// Interrupted is set when the ingest stopped before its end because
	// its context was canceled; what was stored stays stored.
	Interrupted bool `json:"interrupted,omitempty"`
}

// Total is the number of items seen.
func (s Summary) Total() int { return s.Created + s.Updated + s.Unchanged + s.Skipped + s.Failed }

func (s *Summary) add(r Result) {
	switch {
	case r.Err != nil:
		s.Failed++
	case r.Skipped != "":
		s.Skipped++
	case r.Status == rapporteur.PutCreated:
		s.Created++
	case r.Status == rapporteur.PutUpdated:
		s.Updated++
	default:
		s.Unchanged++
	}
}

// job is one item on its way from the producer through a worker to the
// writer. The producer fills where, meta and work (or res, for an item it
// already settled); the worker sets article and res; ready is closed when
// the writer may take the job.
type job struct {
	where string
	meta  rapporteur.ArticleMeta
	work  func(ctx context.Context) (*rapporteur.Article, Result)
	line  int // of a JSON Lines record
	// itemURL is the link of a feed entry: an entry whose link was read
	// already in this ingest (two feeds listing one story) is skipped.
	itemURL string

	article *rapporteur.Article
	res     Result
	ready   chan struct{}
}

// emitFunc queues a job; it fails only when the ingest is canceled.
type emitFunc func(*job) error

// run drives one ingest: produce emits jobs in input order, the workers
// run them, and the calling goroutine stores their articles in that same
// order. When ctx ends, production stops, the jobs in flight are finished
// and stored (with a context that is not canceled), and the summary is
// marked Interrupted. The error is production's (an unreadable source
// list), never an item's.
func (ing *Ingester) run(ctx context.Context, produce func(ctx context.Context, emit emitFunc) error) (Summary, error) {
	workers := ing.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	work := make(chan *job)
	// The jobs queued for the writer: room for two batches, so that the
	// workers go on extracting the next batch while one is being stored.
	order := make(chan *job, max(2*workers, 2*maxBatch))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range work {
				j.article, j.res = safely(ctx, j)
				close(j.ready)
			}
		})
	}

	prodErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		seen := map[string]bool{} // canonical links of the feed entries emitted
		emit := func(j *job) error {
			j.ready = make(chan struct{})
			if j.res.Where == "" {
				j.res.Where = j.where
			}
			j.res.Line = j.line
			if j.itemURL != "" {
				key, err := canon.URL(j.itemURL)
				if err != nil {
					key = j.itemURL
				}
				if seen[key] {
					j.work, j.res = nil, Result{Where: j.itemURL, Skipped: "read already in this ingest (listed twice)"}
				}
				seen[key] = true
			}
			select {
			case order <- j:
			case <-ctx.Done():
				return ctx.Err()
			}
			if j.work == nil {
				close(j.ready)
				return nil
			}
			select {
			case work <- j:
				return nil
			case <-ctx.Done():
				j.res.Err = ctx.Err()
				close(j.ready)
				return ctx.Err()
			}
		}
		prodErr <- produce(ctx, emit)
	}()

	// Articles already extracted are stored even after an interrupt: the
	// work is done, and storing them takes milliseconds.
	putCtx := context.WithoutCancel(ctx)
	var (
		sum   Summary
		next  *job // taken from order but not ready yet
		batch []*job
	)
	for {
		// The next job in input order, waited for; then the ones after
		// it that are ready too, so they share one commit. Waiting for
		// none but the first keeps a slow item from holding up the rest,
		// and when storing is the bottleneck, batches grow by themselves.
		j := next
		if j == nil {
			var ok bool
			if j, ok = <-order; !ok {
				break
			}
		}
		next = nil
		<-j.ready
		batch = append(batch[:0], j)
	fill:
		for len(batch) < maxBatch {
			select {
			case k, ok := <-order:
				if !ok {
					break fill
				}
				select {
				case <-k.ready:
					batch = append(batch, k)
				default:
					next = k
					break fill
				}
			default:
				break fill
			}
		}
		for _, r := range ing.store(putCtx, batch) {
			if r.Err != nil && ctx.Err() != nil {
				// Cut short by the interrupt (a fetch canceled, a job
				// never started): not the item's fault, and a re-run
				// picks it up.
				sum.Interrupted = true
				continue
			}
			sum.add(r)
			if ing.OnResult != nil {
				ing.OnResult(r)
			}
		}
	}
	wg.Wait()
	err := <-prodErr
	if ctx.Err() != nil {
		sum.Interrupted = true
		if errors.Is(err, ctx.Err()) {
			err = nil
		}
	}
	return sum, err
}

// maxBatch bounds the articles stored in one PutArticles call.
const maxBatch = 64

// store stores the articles of a batch of finished jobs with one
// PutArticles call, and returns the jobs' results in order.
func (ing *Ingester) store(ctx context.Context, batch []*job) []Result {
	results := make([]Result, len(batch))
	var (
		items []rapporteur.PutItem
		at    []int
	)
	for i, j := range batch {
		results[i] = j.res
		if j.res.Err == nil && j.res.Skipped == "" && j.article != nil {
			items = append(items, rapporteur.PutItem{Article: *j.article, Meta: j.meta})
			at = append(at, i)
		}
	}
	if len(items) == 0 {
		return results
	}
	prs, errs := ing.Store.PutArticles(ctx, items)
	for k, i := range at {
		if errs[k] != nil {
			results[i].Err = intake.Prefix(results[i].Where, errs[k])
		} else {
			results[i].ID, results[i].Status = prs[k].ID, prs[k].Status
		}
	}
	return results
}

// safely runs a job's work, turning a panic of the pipeline into an item
// error, so one bad article never stops an ingest.
func safely(ctx context.Context, j *job) (a *rapporteur.Article, r Result) {
	defer func() {
		if p := recover(); p != nil {
			a, r = nil, Result{Where: j.where, Line: j.line, Err: rapporteur.Errorf(rapporteur.EINTERNAL, "%s: internal error (please report it with the input): %v", j.where, p)}
		}
	}()
	a, r = j.work(ctx)
	if r.Where == "" {
		r.Where = j.where
	}
	r.Line = j.line
	return a, r
}

func (ing *Ingester) expect(n int) {
	if ing.OnExpect != nil && n != 0 {
		ing.OnExpect(n)
	}
}
