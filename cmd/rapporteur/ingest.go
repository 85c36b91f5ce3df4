package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/storylink"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// DefaultDB is the database `ingest` and `serve` open without --db.
const DefaultDB = "rapporteur.db"

// IngestCommand is `rapporteur ingest`: sources into the database.
type IngestCommand struct{ Main *Main }

// Usage returns the help text.
func (c *IngestCommand) Usage() string {
	return `usage: rapporteur ingest [options] PATH|URL|- ...

Ingest extracts the articles of each source and stores them, with their
statements, credits and speakers, in the database, ready for search and for
"rapporteur serve". A source is:

  a file        plain text (title line, blank line, body), HTML, JSON Lines
                (*.jsonl, *.jsonl.gz: the lines of "extract --jsonl", with
                optional "published" and "site"), a WARC archive (*.warc,
                *.warc.gz: its HTML and text pages), an OPML list or a feed
  a directory   every file in it, recursively (hidden ones left out)
  a URL         an article page, an RSS/Atom/JSON feed (its entries' pages
                are fetched), or an OPML list (every feed in it)
  -             JSON Lines on stdin

Ingest is idempotent: an article is keyed by its canonical URL (or, without
a URL, by its content), so running it again updates changed articles and
duplicates nothing, and an interrupted run keeps every article it stored.
A bad item is reported with its place (file:line, URL, WARC offset) and the
run goes on. A progress bar shows on a terminal.

Options:
  --db PATH|URL       the database: a SQLite file or a postgres:// URL
                      (default $RAPPORTEUR_DB, else ./rapporteur.db)
  --subscribe         subscribe to the feeds read (feed URLs, OPML lists),
                      so that "rapporteur serve" polls them
  --workers N         articles extracted at once (default: the number of CPUs)
  --max-bytes N       refuse items (files, pages, records) over N bytes (default 20971520)
  --timeout D         time limit for one fetch (default 30s)
  --host-interval D   least time between two requests to one host (default 1s)
  --allow-private     let URLs reach private, loopback and link-local addresses
  --allow-addr LIST   let URLs reach these addresses or networks
                      (comma-separated, e.g. 10.1.2.3,192.168.0.0/24)
  --quiet             print only the summary
` + modelUsage(22)
}

// webOptions are the fetching flags of `ingest` and `serve`.
type webOptions struct {
	timeout      time.Duration
	hostInterval time.Duration
	allowPrivate bool
	allowAddrs   string
	maxBytes     int64
}

func (o *webOptions) register(fs *flag.FlagSet) {
	fs.DurationVar(&o.timeout, "timeout", fetch.DefaultTimeout, "")
	fs.DurationVar(&o.hostInterval, "host-interval", feed.DefaultHostInterval, "")
	fs.BoolVar(&o.allowPrivate, "allow-private", false, "")
	fs.StringVar(&o.allowAddrs, "allow-addr", "", "")
	fs.Int64Var(&o.maxBytes, "max-bytes", intake.DefaultMaxBytes, "")
}

// client builds the polite, guarded web client of the flags.
func (o *webOptions) client(cmd string) (*feed.Client, error) {
	allow, err := parsePrefixes(o.allowAddrs)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%s: --allow-addr: %w", cmd, err)
	}
	pol := fetch.Policy{AllowPrivate: o.allowPrivate, Allow: allow}
	if o.maxBytes <= 0 {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%s: --max-bytes must be positive", cmd)
	}
	interval := o.hostInterval
	if interval == 0 {
		interval = -1 // the flag's 0 means no wait, the client's 0 the default
	}
	return &feed.Client{
		Fetch:        &fetch.Client{Policy: pol, MaxBytes: o.maxBytes, Timeout: o.timeout},
		HostInterval: interval,
	}, nil
}

// Run runs the command.
func (c *IngestCommand) Run(ctx context.Context, args []string) error {
	var (
		db        string
		subscribe bool
		workers   int
		quiet     bool
		web       webOptions
		models    modelFlags
	)
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&db, "db", defaultDB(), "")
	fs.BoolVar(&subscribe, "subscribe", false, "")
	fs.IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "")
	fs.BoolVar(&quiet, "quiet", false, "")
	web.register(fs)
	models.register(fs)
	sources, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		return errUsage
	}
	if workers <= 0 {
		return rapporteur.Errorf(rapporteur.EINVALID, "ingest: --workers must be positive")
	}
	client, err := web.client("ingest")
	if err != nil {
		return err
	}
	in, err := c.Main.intake(client, web.maxBytes, &models)
	if err != nil {
		return err
	}
	store, err := openStore(withRekeyProgress(ctx, c.Main.Stderr), db)
	if err != nil {
		return fmt.Errorf("ingest: %w", err) // classified by the store
	}
	defer store.Close()
	// Every stored article is linked to its wire copies and its story.
	linked, err := storylink.Open(ctx, store, storylink.Options{})
	if err != nil {
		return fmt.Errorf("ingest: %w", err) // a storage failure keeps its code
	}

	prog := newProgress(c.Main.Stderr, quiet)
	ing := &ingest.Ingester{
		Store:     linked,
		Intake:    in,
		Web:       client,
		Workers:   workers,
		Subscribe: subscribe,
		OnExpect:  prog.expect,
		OnResult:  prog.result,
	}
	start := time.Now()
	sum, err := ing.Ingest(ctx, sources, c.Main.Stdin)
	prog.finish()
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(c.Main.Stdout, "%d created, %d updated, %d unchanged, %d skipped, %d failed (%d items in %s, %.1f/s)\n",
		sum.Created, sum.Updated, sum.Unchanged, sum.Skipped, sum.Failed, sum.Total(), took.Round(time.Millisecond), float64(sum.Total())/took.Seconds())
	switch {
	case sum.Interrupted:
		return rapporteur.Errorf(rapporteur.EINTERNAL, "ingest: interrupted; what was stored stays stored, run it again to finish")
	case sum.Failed > 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "ingest: %d of %d items failed (see above)", sum.Failed, sum.Total())
	}
	return nil
}

// progress shows a progress bar with the count, rate and ETA on a
// terminal, and prints each failed item above it; off a terminal it
// prints only the failures.
type progress struct {
	w     io.Writer
	quiet bool
	bar   *progressbar.ProgressBar // nil off a terminal
	total int64                    // items expected so far
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quiet: quiet}
	if f, ok := w.(*os.File); ok && !quiet && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// expect grows the bar's total; it is called from the ingest's producer.
func (p *progress) expect(n int) {
	if p.bar == nil {
		return
	}
	p.total += int64(n)
	p.bar.ChangeMax64(p.total)
}

// result counts an item and prints it if it failed.
func (p *progress) result(r ingest.Result) {
	if r.Err != nil && !p.quiet {
		if p.bar != nil {
			p.bar.Clear()
		}
		fmt.Fprintln(p.w, "rapporteur: ingest:", r.Err)
	}
	if p.bar != nil {
		p.bar.Add(1)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// parsePrefixes reads a comma-separated list of addresses and networks
// (203.0.113.7, 10.0.0.0/8, ::1); an address is a network of itself.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		pre, err := netip.ParsePrefix(s)
		if err != nil {
			addr, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("%q is not an address or a network", s)
			}
			pre = netip.PrefixFrom(addr, addr.BitLen())
		}
		out = append(out, pre)
	}
	return out, nil
}
