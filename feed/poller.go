package feed

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
)

// Poller defaults.
const (
	DefaultInterval    = 30 * time.Minute
	DefaultRetryBase   = 5 * time.Minute
	DefaultMaxBackoff  = 24 * time.Hour
	DefaultConcurrency = 4
	// checkEvery is how often Run looks for due feeds, so a feed added
	// through the UI is polled within this time.
	checkEvery = 15 * time.Second
)

// Sink stores the items of a polled feed. FeedItems returns an error only
// when the feed as a whole failed (the store failed, or no item could be
// read); single items that fail are the sink's to report.
type Sink interface {
	FeedItems(ctx context.Context, f *rapporteur.Feed, items []Item) error
}

// Store is what the poller needs of a store: the subscribed feeds, and a
// place to save each one's polling state.
type Store interface {
	Feeds(ctx context.Context) ([]*rapporteur.Feed, error)
	UpdateFeed(ctx context.Context, feed *rapporteur.Feed) error
}

// Poller polls the subscribed feeds of a store on a schedule: each feed
// every Interval while it works, and after an error again after RetryBase,
// doubling with each consecutive error up to MaxBackoff. Every poll is a
// conditional GET with the validators of the last successful one, through
// the Client's politeness and SSRF guard. A feed's state (ErrorCount,
// LastError, NextFetch, validators) is saved with Store.UpdateFeed after
// every poll, so the UI can show which feeds fail and why.
type Poller struct {
	Store  Store
	Client *Client
	Sink   Sink

	Interval    time.Duration // 0 means DefaultInterval
	RetryBase   time.Duration // 0 means DefaultRetryBase
	MaxBackoff  time.Duration // 0 means DefaultMaxBackoff
	Concurrency int           // feeds polled at once; 0 means DefaultConcurrency

	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Log receives one line per poll; nil discards them.
	Log *slog.Logger
}

// Run polls due feeds until ctx is done. Polls in progress when ctx ends
// are abandoned without recording an error; their items already stored
// stay stored. It returns nil after ctx ends, or the store's error when
// the feeds cannot be listed at all.
func (p *Poller) Run(ctx context.Context) error {
	t := time.NewTicker(checkEvery)
	defer t.Stop()
	for {
		if _, err := p.PollDue(ctx); err != nil && ctx.Err() == nil {
			p.log().Error("feed poller: list feeds", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// PollDue polls, Concurrency at a time, every feed whose NextFetch has
// come, and returns how many it polled.
func (p *Poller) PollDue(ctx context.Context) (int, error) {
	feeds, err := p.Store.Feeds(ctx)
	if err != nil {
		return 0, err
	}
	now := p.now()
	n := p.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	polled := 0
	for _, f := range feeds {
		if f.NextFetch.After(now) {
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return polled, nil
		}
		polled++
		wg.Go(func() {
			defer func() { <-sem }()
			p.Poll(ctx, f)
		})
	}
	wg.Wait()
	return polled, nil
}

// Poll fetches one feed, hands its items to the Sink and saves the feed's
// new state. It returns the poll's error, which is also recorded in the
// feed, or nil.
func (p *Poller) Poll(ctx context.Context, f *rapporteur.Feed) error {
	start := p.now()
	page, err := p.Client.Get(ctx, fetch.Request{URL: f.URL, Accept: Accept, ETag: f.ETag, LastModified: f.LastModified})
	items := 0
	if err == nil && !page.NotModified {
		var parsed *Parsed
		if parsed, err = Parse(page.Body, page.URL); err != nil {
			err = rapporteur.Errorf(rapporteur.ErrorCode(err), "%s: %s", f.URL, err.Error())
		} else {
			if f.Title == "" {
				f.Title = parsed.Title
			}
			items = len(parsed.Items)
			err = p.Sink.FeedItems(ctx, f, parsed.Items)
		}
		// The validators are kept only once the items are stored, so a
		// crash or failure before that fetches the feed in full again.
		if err == nil {
			f.ETag, f.LastModified = page.ETag, page.LastModified
		}
	}
	if ctx.Err() != nil {
		return ctx.Err() // shutting down: not the feed's fault
	}
	now := p.now()
	f.LastFetched = now
	if err != nil {
		f.ErrorCount++
		f.LastError = err.Error()
		f.NextFetch = now.Add(p.backoff(f.ErrorCount))
	} else {
		f.ErrorCount, f.LastError = 0, ""
		f.NextFetch = now.Add(p.interval())
	}
	if uerr := p.Store.UpdateFeed(ctx, f); uerr != nil && rapporteur.ErrorCode(uerr) != rapporteur.ENOTFOUND {
		err = errors.Join(err, uerr)
	}
	if err != nil {
		p.log().Warn("feed poll failed", "feed", f.URL, "errors", f.ErrorCount, "next", f.NextFetch.Format(time.RFC3339), "error", err)
	} else {
		p.log().Info("feed polled", "feed", f.URL, "not_modified", page.NotModified, "items", items, "took", p.now().Sub(start).Round(time.Millisecond))
	}
	return err
}

// backoff is the wait after the n-th consecutive error: RetryBase,
// doubling, at most MaxBackoff.
func (p *Poller) backoff(n int) time.Duration {
	base, maxWait := p.RetryBase, p.MaxBackoff
	if base <= 0 {
		base = DefaultRetryBase
	}
	if maxWait <= 0 {
		maxWait = DefaultMaxBackoff
	}
	d := base
	for i := 1; i < n && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait)
}

func (p *Poller) interval() time.Duration {
	if p.Interval > 0 {
		return p.Interval
	}
	return DefaultInterval
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.New(slog.DiscardHandler)
}
