package jobs

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// linkerLock is the key of the session advisory lock the linking process
// holds (any number no other lock of the database uses).
const linkerLock = 0x72617070_6c6e6b // "rapplnk"

// retryEvery is how often a standby linker asks for the lock, and how
// often the linker checks that its session (and so its lock) is alive.
var retryEvery = 2 * time.Second

// lead links while this process holds the linker lock: it waits for the
// lock, works the linker queue with one worker, and stops working it as
// soon as its session is lost (the database restarted: another process
// may take the lock), then waits for the lock again.
func (q *Queue) lead(ctx context.Context, grace time.Duration) {
	for ctx.Err() == nil {
		conn := q.tryLock(ctx)
		if conn == nil {
			sleep(ctx, retryEvery)
			continue
		}
		q.log.Info("this process links stories (it holds the linker lock)")
		link, err := q.cfg.OpenLink(ctx)
		if err != nil {
			q.log.Error("linker not rebuilt (retried)", "error", err)
			conn.Release()
			sleep(ctx, retryEvery)
			continue
		}
		q.link = link
		workers := q.allWorkers()
		var c *river.Client[pgx.Tx]
		c, err = q.newClient(map[string]river.QueueConfig{QueueLinker: {MaxWorkers: 1}}, workers)
		if err == nil {
			err = c.Start(ctx)
		}
		if err != nil {
			q.log.Error("linker did not start", "error", err)
			conn.Release()
			sleep(ctx, retryEvery)
			continue
		}
		for ctx.Err() == nil {
			sleep(ctx, retryEvery)
			if ctx.Err() == nil && conn.Ping(ctx) != nil {
				q.log.Warn("linker lock lost with the database session: linking stops until it is held again")
				break
			}
		}
		stop, cancel := context.WithTimeout(context.Background(), grace)
		c.Stop(stop)
		cancel()
		link.Stop()
		conn.Conn().Close(context.Background()) // ends the session, and the lock with it
		conn.Release()
	}
}

// tryLock returns a connection holding the linker lock, or nil.
func (q *Queue) tryLock(ctx context.Context) *pgxpool.Conn {
	conn, err := q.cfg.Store.Pool().Acquire(ctx)
	if err != nil {
		return nil
	}
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, int64(linkerLock)).Scan(&got); err != nil || !got {
		conn.Release()
		return nil
	}
	return conn
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// unfinished are the states of a job not done yet: a poll or delivery
// pass is not queued again while one waits or runs.
var unfinished = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

// schedule queues, every Tick, a poll of each feed that is due and, every
// DeliverEvery, a delivery pass. Any number of schedulers may run: River's
// unique jobs keep one poll per feed and one pass waiting at a time.
func (q *Queue) schedule(ctx context.Context) {
	tick, every := q.cfg.Tick, q.cfg.DeliverEvery
	if tick <= 0 {
		tick = time.Minute
	}
	if every <= 0 {
		every = 30 * time.Second
	}
	unique := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: unfinished}}
	var lastDeliver time.Time
	for ctx.Err() == nil {
		if q.cfg.Poller != nil && !q.cfg.NoPoll {
			feeds, err := q.cfg.Poller.Store.Feeds(ctx)
			if err != nil {
				q.log.Warn("scheduler: feeds not read (retried next tick)", "error", err)
			}
			now := time.Now()
			for _, f := range feeds {
				if f.NextFetch.After(now) {
					continue
				}
				if _, err := q.client.Insert(ctx, PollArgs{FeedID: f.ID}, unique); err != nil {
					q.log.Warn("scheduler: poll not queued (retried next tick)", "feed", f.URL, "error", err)
				}
			}
		}
		if time.Since(lastDeliver) >= every {
			if _, err := q.client.Insert(ctx, DeliverArgs{}, unique); err != nil {
				q.log.Warn("scheduler: delivery pass not queued (retried next tick)", "error", err)
			} else {
				lastDeliver = time.Now()
			}
		}
		sleep(ctx, min(tick, every))
	}
}
