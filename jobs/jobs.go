// Package jobs runs the monitor's background work on River, a job queue in
// the PostgreSQL database the store uses: feed polls, article fetches
// with extraction and attribution, story linking and webhook deliveries
// are jobs, so that any number of worker processes on any number of
// machines share them, and a process killed in the middle of a job leaves
// it to be retried elsewhere.
//
// An article job stores its article and marks itself completed in one
// transaction (postgres.DB.PutArticlesTx, river.JobCompleteTx): a crash
// before the commit leaves neither (the job is retried), a crash after it
// leaves both, so no article is lost and none is stored twice.
//
// Story linking runs in one place at a time: on the "linker" queue, worked
// by one worker in the one process that holds the linker lock (a
// PostgreSQL session advisory lock). Linking is order-sensitive and its
// state, the index of recent articles and their stories, lives in that
// process's memory (package story): two linkers would each see half the
// articles and split stories that one linker joins. Per-story advisory
// locks would not help, since which story an article joins is only known
// after comparing it with all recent articles. A single linker keeps up:
// linking costs well under a millisecond per article against tens of
// milliseconds of extraction (BENCHMARKS.md, issue 14), and a standby
// process takes over the lock when the linker's process dies.
//
// On SQLite none of this runs: one process owns the file and does the
// same work in-process (cmd/rapporteur, serve).
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/storylink"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// Queues.
const (
	// QueueDefault holds article, poll and delivery jobs: any worker.
	QueueDefault = river.QueueDefault
	// QueueLinker holds link jobs: one worker in one process.
	QueueLinker = "linker"
)

// ArticleArgs is an article to fetch or extract and store: a record as
// `rapporteur ingest` reads one (text, html, or only a URL to fetch).
type ArticleArgs struct {
	ID        string     `json:"id,omitempty"`
	Title     string     `json:"title,omitempty"`
	Text      *string    `json:"text,omitempty"`
	HTML      *string    `json:"html,omitempty"`
	URL       string     `json:"url,omitempty"`
	Published *time.Time `json:"published,omitempty"`
	Site      string     `json:"site,omitempty"`
	Authors   []string   `json:"authors,omitempty"`
	// FeedID is the feed the article came from, 0 if none.
	FeedID int64 `json:"feed_id,omitempty"`
	// Fallback is a feed entry's own content, extracted when its page
	// cannot be fetched.
	Fallback *string `json:"fallback,omitempty"`
}

// Kind implements river.JobArgs.
func (ArticleArgs) Kind() string { return "article" }

// Record returns the intake record of the job.
func (a ArticleArgs) Record() intake.Record {
	return intake.Record{ID: a.ID, Title: a.Title, Text: a.Text, HTML: a.HTML, URL: a.URL,
		Published: a.Published, Site: a.Site, Authors: a.Authors}
}

// ArticleFromRecord returns the job of a record.
func ArticleFromRecord(r intake.Record, feedID int64) ArticleArgs {
	return ArticleArgs{ID: r.ID, Title: r.Title, Text: r.Text, HTML: r.HTML, URL: r.URL,
		Published: r.Published, Site: r.Site, Authors: r.Authors, FeedID: feedID}
}

// LinkArgs are stored articles to link, in the order stored.
type LinkArgs struct {
	IDs     []int64 `json:"ids"`
	Updated bool    `json:"updated,omitempty"`
}

// Kind implements river.JobArgs.
func (LinkArgs) Kind() string { return "link" }

// InsertOpts puts link jobs on the linker queue.
func (LinkArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueLinker} }

// PollArgs is a feed to poll.
type PollArgs struct {
	FeedID int64 `json:"feed_id"`
}

// Kind implements river.JobArgs.
func (PollArgs) Kind() string { return "poll" }

// DeliverArgs is a pass of saved-search webhook deliveries.
type DeliverArgs struct{}

// Kind implements river.JobArgs.
func (DeliverArgs) Kind() string { return "deliver" }

// Migrate applies River's own migrations to the database (its tables sit
// beside the store's, in the schema of the URL's search_path).
func Migrate(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return 0, fmt.Errorf("river migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "river migrations: %w", err)
	}
	return len(res.Versions), nil
}

// Config is what a Queue runs. The roles a process has decide which
// fields it needs.
type Config struct {
	Store *postgres.DB
	// Worker: fetch, extract and store articles, poll feeds, deliver
	// webhooks, Workers at once. Intake and Poller are needed then.
	Worker  bool
	Workers int
	Intake  *intake.Intake
	// Poller polls a feed for a poll job; its Sink is replaced by the
	// queue, which turns a feed's new entries into article jobs.
	Poller *feed.Poller
	// Deliver runs one pass of webhook deliveries (http.Deliverer.DeliverDue).
	Deliver func(ctx context.Context) error
	// Linker: link stored articles, in the one process that holds the
	// linker lock. OpenLink makes the linking writer when the process
	// takes the lock, so that it is rebuilt from the articles stored up to
	// then (a standby taking over from a dead linker misses none).
	Linker   bool
	OpenLink func(ctx context.Context) (*storylink.Writer, error)
	// Scheduler: queue a poll of every feed that is due, and a delivery
	// pass, every Tick.
	Scheduler bool
	// NoPoll: the scheduler queues delivery passes only, no polls.
	NoPoll       bool
	Tick         time.Duration // 0 means a minute
	DeliverEvery time.Duration // 0 means 30 s
	Logger       *slog.Logger
	// RescueAfter is how long a job may run before River takes it for
	// the job of a dead process and retries it; 0 means JobTimeout + 1 min.
	RescueAfter time.Duration
	// JobTimeout bounds one job; 0 means 5 minutes.
	JobTimeout time.Duration
}

// Queue is the River clients of one process: one that inserts, one that
// works the default queue (worker role), and one that works the linker
// queue while this process holds the linker lock (linker role).
type Queue struct {
	cfg  Config
	link *storylink.Writer // while this process links
	// stored counts the articles this process stored, writeTime the time
	// from the start of their transactions to their commits (logged at
	// the end, for the figures in BENCHMARKS.md).
	// lockTime the time from getting the store's writer lock to the commit.
	stored, writeTime, lockTime atomic.Int64
	// writes are the article jobs waiting for the group writer
	// (writeArticle), started by the first.
	writes    chan *articleWrite
	groupOnce sync.Once
	client    *river.Client[pgx.Tx] // inserts only
	work      *river.Client[pgx.Tx] // nil without the worker role
	log       *slog.Logger
}

// New makes the River clients of a process.
func New(cfg Config) (*Queue, error) {
	q := &Queue{cfg: cfg, log: cfg.Logger}
	if q.log == nil {
		q.log = slog.New(slog.DiscardHandler)
	}
	if q.cfg.JobTimeout == 0 {
		q.cfg.JobTimeout = 5 * time.Minute
	}
	if q.cfg.RescueAfter == 0 {
		q.cfg.RescueAfter = q.cfg.JobTimeout + time.Minute
	}
	if cfg.Linker && cfg.OpenLink == nil {
		return nil, errors.New("jobs: a linker needs a link writer")
	}
	var err error
	if q.client, err = q.newClient(nil, nil); err != nil {
		return nil, err
	}
	if cfg.Worker {
		if cfg.Intake == nil {
			return nil, errors.New("jobs: a worker needs an intake")
		}
		workers := q.allWorkers()
		queues := map[string]river.QueueConfig{QueueDefault: {MaxWorkers: max(cfg.Workers, 1)}}
		if q.work, err = q.newClient(queues, workers); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// fetchCooldown is the least time between two fetches of one client.
const fetchCooldown = 5 * time.Millisecond

// allWorkers has a worker for every kind of job, whatever queues the
// client works: the client elected leader rescues the jobs of dead
// processes, and River discards a rescued job whose kind its client does
// not know (the kill test found link jobs discarded so).
func (q *Queue) allWorkers() *river.Workers {
	workers := river.NewWorkers()
	river.AddWorker(workers, &articleWorker{q: q})
	river.AddWorker(workers, &linkWorker{q: q})
	river.AddWorker(workers, &pollWorker{q: q})
	river.AddWorker(workers, &deliverWorker{q: q})
	return workers
}

func (q *Queue) newClient(queues map[string]river.QueueConfig, workers *river.Workers) (*river.Client[pgx.Tx], error) {
	rc := &river.Config{
		Logger:               q.log.With("component", "river"),
		JobTimeout:           q.cfg.JobTimeout,
		RescueStuckJobsAfter: q.cfg.RescueAfter,
		MaxAttempts:          25, // River's default backoff: about three weeks in all
		Queues:               queues,
		Workers:              workers,
		// River fetches jobs for the free slots of a queue at most once
		// per cooldown (100 ms by default): one linker slot would link 10
		// articles a second, four worker slots store 40. A fetch is one
		// indexed query; measured in BENCHMARKS.md, issue 14.
		FetchCooldown: fetchCooldown,
	}
	c, err := river.NewClient(riverpgxv5.New(q.cfg.Store.Pool()), rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return c, nil
}

// Client returns the client that inserts jobs.
func (q *Queue) Client() *river.Client[pgx.Tx] { return q.client }

// Run works the queues of the process's roles and schedules polls until
// ctx ends, then lets the jobs in flight finish for up to grace. A
// database that goes away is waited for: River retries its fetches, and
// jobs that failed on it are retried with backoff.
func (q *Queue) Run(ctx context.Context, grace time.Duration) error {
	var stops []*river.Client[pgx.Tx]
	if q.work != nil {
		if err := q.work.Start(ctx); err != nil {
			return fmt.Errorf("jobs: start: %w", err)
		}
		stops = append(stops, q.work)
	}
	var bg sync.WaitGroup
	if q.cfg.Scheduler {
		bg.Go(func() { q.schedule(ctx) })
	}
	if q.cfg.Linker {
		bg.Go(func() { q.lead(ctx, grace) })
	}
	<-ctx.Done()
	bg.Wait()
	stop, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if n := q.stored.Load(); n > 0 {
		q.log.Info("jobs: articles stored", "articles", n, "write_ms_per_article", float64(q.writeTime.Load())/float64(n)/1e6,
			"lock_held_ms_per_article", float64(q.lockTime.Load())/float64(n)/1e6)
	}
	var errs []error
	for _, c := range stops {
		if err := c.Stop(stop); err != nil {
			errs = append(errs, fmt.Errorf("jobs: stop: %w", err))
		}
	}
	return errors.Join(errs...)
}
