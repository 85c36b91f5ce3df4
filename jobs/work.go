package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// articleWorker fetches or extracts an article and stores it.
type articleWorker struct {
	river.WorkerDefaults[ArticleArgs]
	q *Queue
}

// Work stores the article, queues its linking and completes the job in
// one transaction.
func (w *articleWorker) Work(ctx context.Context, job *river.Job[ArticleArgs]) error {
	q := w.q
	a, err := q.cfg.Intake.Record(ctx, job.Args.Record())
	if err != nil && job.Args.Fallback != nil {
		// A feed entry whose page cannot be fetched: its own content.
		rec := job.Args.Record()
		rec.HTML = job.Args.Fallback
		a, err = q.cfg.Intake.Record(ctx, rec)
	}
	if err != nil {
		if permanent(err) {
			// A bad record or page: retrying reads the same bytes.
			return river.JobCancel(fmt.Errorf("article %s: %w", where(job.Args), err))
		}
		return fmt.Errorf("article %s: %w", where(job.Args), err) // retried with backoff
	}
	item := []rapporteur.PutItem{{Article: a, Meta: rapporteur.ArticleMeta{FeedID: job.Args.FeedID}}}
	put, err := q.cfg.Store.PreparePut(ctx, item)
	if err != nil {
		if permanent(err) {
			return river.JobCancel(fmt.Errorf("article %s: %w", where(job.Args), err))
		}
		return fmt.Errorf("article %s: %w", where(job.Args), err) // retried with backoff
	}
	return q.writeArticle(ctx, job, put)
}

// articleWrite is an article job's write, waiting for its turn in the
// process's group writer.
type articleWrite struct {
	ctx  context.Context
	job  *river.Job[ArticleArgs]
	put  *postgres.PreparedPut
	done chan error
}

// maxGroup is how many article jobs one transaction stores at most.
const maxGroup = 16

// writeArticle stores a job's article, completes the job and queues the
// article's linking in one transaction, shared with the article jobs of
// this process that wait for it meanwhile (a group, as the store's own
// writer commits concurrent puts together): each job still commits with
// its article, or neither does, while the group shares one transaction,
// one commit, one pipelined write and one link job. Per article, River's
// insert of a link job, the linker's turn for it and a commit cost the
// database more than the article's write (BENCHMARKS.md, issue 14).
func (q *Queue) writeArticle(ctx context.Context, job *river.Job[ArticleArgs], put *postgres.PreparedPut) error {
	w := &articleWrite{ctx: ctx, job: job, put: put, done: make(chan error, 1)}
	q.groupOnce.Do(func() {
		q.writes = make(chan *articleWrite, maxGroup)
		go q.groupWriter()
	})
	select {
	case q.writes <- w:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Not abandoned when ctx ends: the write may commit, which must
	// be the job's result.
	return <-w.done
}

// groupWriter writes the article jobs that wait, in groups.
func (q *Queue) groupWriter() {
	for w := range q.writes {
		group := []*articleWrite{w}
	more:
		for len(group) < maxGroup {
			select {
			case w := <-q.writes:
				group = append(group, w)
			default:
				break more
			}
		}
		if len(group) > 1 {
			if err := q.writeGroup(group); err == nil {
				for _, w := range group {
					w.done <- nil
				}
				continue
			} else {
				q.log.Debug("jobs: a group of article jobs failed; writing each alone", "jobs", len(group), "error", err)
			}
		}
		// Alone, so that an article's failure fails its own job only.
		for _, w := range group {
			w.done <- q.writeGroup([]*articleWrite{w})
		}
	}
}

// writeGroup stores the articles of group, completes their jobs and
// queues their linking, in one transaction.
func (q *Queue) writeGroup(group []*articleWrite) error {
	ctx := group[0].ctx
	what := where(group[0].job.Args)
	if len(group) > 1 {
		what = fmt.Sprintf("%s and %d more", what, len(group)-1)
	}
	puts := make([]*postgres.PreparedPut, len(group))
	for i, w := range group {
		if err := w.ctx.Err(); err != nil {
			return fmt.Errorf("article %s: %w", where(w.job.Args), err)
		}
		puts[i] = w.put
	}
	put, from := postgres.JoinPuts(puts...)
	start := time.Now()
	tx, err := q.cfg.Store.Pool().Begin(ctx)
	if err != nil {
		return fmt.Errorf("article %s: begin: %w", what, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// The commit need not wait for the disk: the jobs' completions are in
	// the same transaction, so a server crash that loses the commit loses
	// both, and the jobs run again. Not waiting shortens the time the
	// writer lock is held, which bounds how fast all workers together
	// store (BENCHMARKS.md, issue 14).
	if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit TO off`); err != nil {
		return fmt.Errorf("article %s: %w", what, err)
	}
	// The jobs are marked completed first, before the store's writer
	// lock is taken: within the transaction the order does not matter,
	// and what runs under the lock bounds every worker's rate.
	for _, w := range group {
		if _, err := river.JobCompleteTx[*riverpgxv5.Driver](w.ctx, tx, w.job); err != nil {
			return fmt.Errorf("article %s: complete: %w", where(w.job.Args), err)
		}
	}
	res, err := put.WriteTx(ctx, tx)
	if err != nil {
		return fmt.Errorf("article %s: %w", what, err)
	}
	// Their linking: one link job of the new articles, in the order
	// stored, and one of those stored again (see LinkArgs).
	var created, updated []int64
	for i := range group {
		switch r := res[from[i]]; {
		case r.ID == 0 || r.Status == rapporteur.PutUnchanged:
		case r.Status == rapporteur.PutUpdated:
			updated = append(updated, r.ID)
		default:
			created = append(created, r.ID)
		}
	}
	for _, l := range []LinkArgs{{IDs: created}, {IDs: updated, Updated: true}} {
		if len(l.IDs) == 0 {
			continue
		}
		if _, err := q.client.InsertTx(ctx, tx, l, nil); err != nil {
			return fmt.Errorf("article %s: queue its linking: %w", what, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("article %s: commit: %w", what, err)
	}
	n := q.stored.Add(int64(len(group)))
	wt := q.writeTime.Add(int64(time.Since(start)))
	var held int64
	if at := put.LockedAt(); !at.IsZero() {
		held = q.lockTime.Add(int64(time.Since(at)))
	}
	if n/100 != (n-int64(len(group)))/100 {
		q.log.Info("jobs: articles stored", "articles", n, "write_ms_per_article", float64(wt)/float64(n)/1e6,
			"lock_held_ms_per_article", float64(held)/float64(n)/1e6)
	}
	return nil
}

func where(a ArticleArgs) string {
	switch {
	case a.URL != "":
		return a.URL
	case a.ID != "":
		return a.ID
	}
	return "(no id)"
}

// permanent reports whether an error is the input's, which a retry does
// not change.
func permanent(err error) bool {
	switch rapporteur.ErrorCode(err) {
	case rapporteur.EINVALID, rapporteur.ETOOLARGE, rapporteur.EFORBID:
		return true
	}
	return false
}

// linkWorker links stored articles.
type linkWorker struct {
	river.WorkerDefaults[LinkArgs]
	q *Queue
}

// Work links the job's articles, and those of the link jobs queued after
// it (up to linkBatch articles in all), then deletes those jobs: a worker
// queues a job per article, and River's turn of fetching, working and
// completing a job, with a linking transaction and its commit each,
// bounded the linker (BENCHMARKS.md, issue 14). A job taken along is
// deleted only once its articles' links are committed: a crash before
// leaves it queued, and when it runs LinkStored finds its articles linked
// and skips them. Links are recorded by the linking writer in
// transactions of its own: a crash before this job is marked done runs it
// again, and LinkStored leaves articles linked already as they are.
func (w *linkWorker) Work(ctx context.Context, job *river.Job[LinkArgs]) error {
	q := w.q
	if q.link == nil {
		// Only the linker's client works the linker queue.
		return errors.New("this process does not link")
	}
	ids := job.Args.IDs
	var along []int64
	if !job.Args.Updated {
		// Articles stored again are linked by their own jobs: their
		// linking replaces what the linker had of them.
		var more []int64
		var err error
		along, more, err = q.queuedLinks(ctx, linkBatch-len(ids))
		if err != nil {
			q.log.Warn("jobs: queued links not read; linking this job's alone", "error", err)
		}
		ids = append(ids[:len(ids):len(ids)], more...)
	}
	if err := q.link.LinkStored(ctx, ids, job.Args.Updated); err != nil {
		return err
	}
	if len(along) > 0 {
		// Running jobs are never deleted (River), nor any that another
		// transaction holds.
		p := river.NewJobDeleteManyParams().IDs(along...).States(rivertype.JobStateAvailable).First(len(along))
		if _, err := q.client.JobDeleteMany(ctx, p); err != nil {
			q.log.Warn("jobs: link jobs linked along not deleted; they run and find their articles linked", "error", err)
		}
	}
	return nil
}

// linkBatch is how many articles a link job links at most.
const linkBatch = 64

// queuedLinks returns the link jobs of new articles waiting on the linker
// queue, in the order queued, up to the first of an article stored again,
// and their articles, n at most.
func (q *Queue) queuedLinks(ctx context.Context, n int) (jobs, ids []int64, err error) {
	if n <= 0 {
		return nil, nil, nil
	}
	p := river.NewJobListParams().Queues(QueueLinker).Kinds(LinkArgs{}.Kind()).
		States(rivertype.JobStateAvailable).First(n)
	res, err := q.client.JobList(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	for _, j := range res.Jobs {
		var args LinkArgs
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			return jobs, ids, fmt.Errorf("link job %d: %w", j.ID, err)
		}
		if args.Updated || len(ids)+len(args.IDs) > n {
			break
		}
		jobs = append(jobs, j.ID)
		ids = append(ids, args.IDs...)
	}
	return jobs, ids, nil
}

// pollWorker polls one feed; its new entries become article jobs.
type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	q *Queue
}

func (w *pollWorker) Work(ctx context.Context, job *river.Job[PollArgs]) error {
	q := w.q
	if q.cfg.Poller == nil {
		return river.JobCancel(errors.New("this worker polls no feeds"))
	}
	feeds, err := q.cfg.Poller.Store.Feeds(ctx)
	if err != nil {
		return fmt.Errorf("poll feed %d: %w", job.Args.FeedID, err)
	}
	for _, f := range feeds {
		if f.ID == job.Args.FeedID {
			p := *q.cfg.Poller
			p.Sink = q
			// The poll's own error is recorded in the feed, with its
			// backoff: the scheduler queues it again when it is due.
			p.Poll(ctx, f)
			return nil
		}
	}
	return nil // unsubscribed meanwhile
}

// FeedItems implements feed.Sink: a feed's entries not stored yet become
// article jobs, inserted in one transaction, so a poll is queued whole or
// not at all (its validators are saved only afterwards).
func (q *Queue) FeedItems(ctx context.Context, f *rapporteur.Feed, items []feed.Item) error {
	var params []river.InsertManyParams
	for _, it := range items {
		if it.URL != "" {
			if id, err := q.cfg.Store.ArticleIDByURL(ctx, it.URL); err == nil && id != 0 {
				continue
			}
		}
		args := ArticleArgs{Title: it.Title, URL: it.URL, Published: it.Published, Authors: it.Authors, FeedID: f.ID}
		if it.HTML != "" {
			h := it.HTML
			if it.URL == "" {
				args.HTML = &h
			} else {
				args.Fallback = &h
			}
		}
		if args.URL == "" && args.HTML == nil {
			continue
		}
		params = append(params, river.InsertManyParams{Args: args})
	}
	if len(params) == 0 {
		return nil
	}
	return pgx.BeginFunc(ctx, q.cfg.Store.Pool(), func(tx pgx.Tx) error {
		_, err := q.client.InsertManyTx(ctx, tx, params)
		return err
	})
}

// deliverWorker runs a pass of webhook deliveries.
type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	q *Queue
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	if w.q.cfg.Deliver == nil {
		return river.JobCancel(errors.New("this worker delivers no webhooks"))
	}
	return w.q.cfg.Deliver(ctx)
}
