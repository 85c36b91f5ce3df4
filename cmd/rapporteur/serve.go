package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	nethttp "net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/demo"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/http"
	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/jobs"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/storylink"
)

// DefaultAddr is where `serve` listens without --addr: this machine only.
const DefaultAddr = "127.0.0.1:8080"

// ServeCommand is `rapporteur serve`: the web UI, the JSON API and the
// feed poller on one database.
type ServeCommand struct{ Main *Main }

// serveOptions are the flags of `rapporteur serve`.
type serveOptions struct {
	db           string
	addr         string
	demo         bool
	readOnly     bool
	tokenFile    string
	pollInterval time.Duration
	hookInterval time.Duration
	noPoll       bool
	workers      int
	shutdown     time.Duration
	trusted      string
	web          webOptions
	models       modelFlags
	roles        string
	jobTimeout   time.Duration
}

// Usage returns the help text.
func (c *ServeCommand) Usage() string {
	return `usage: rapporteur serve [options]

Serve runs the monitor: the web UI and the JSON API on the database, and a
poller that reads the subscribed feeds on a schedule (conditional GETs,
robots.txt, a per-host rate limit, backoff on errors).

Writes (ingest, feeds, saved searches) need the write token. It is made on
the first run, printed once, and stored hashed (SHA-256) in a file beside
the database (<db>.token, mode 0600); delete that file to get a new one.

On SIGINT or SIGTERM the server stops accepting connections and lets the
requests and feed polls in flight finish, up to --shutdown-timeout.

Options:
  --db PATH|URL           the database: a SQLite file or a postgres:// URL
                          (default $RAPPORTEUR_DB, else ./rapporteur.db)
  --addr HOST:PORT        where to listen (default 127.0.0.1:8080)
  --demo                  load the bundled demo corpus (285 Wikinews articles,
                          CC BY 2.5) when the database is empty
  --read-only             serve a public read-only instance: no writes at all
  --token-file PATH       where the write token's hash is kept (default <db>.token;
                          ./rapporteur-postgres.token for a postgres:// --db)
  --poll-interval D       time between two polls of a working feed (default 30m)
  --webhook-interval D    time between two passes of saved-search webhook deliveries (default 30s)
  --no-poll               do not poll feeds
  --workers N             articles extracted at once (default: the number of CPUs)
  --shutdown-timeout D    how long in-flight work may take to finish (default 30s)
  --trusted-proxy LIST    reverse proxies in front (addresses or networks, e.g.
                          127.0.0.1): their X-Forwarded-For names the client
                          for rate limits, X-Forwarded-Proto marks HTTPS
  --timeout D             time limit for one fetch (default 30s)
  --host-interval D       least time between two requests to one host (default 1s)
  --max-bytes N           refuse pages over N bytes (default 20971520)
  --allow-private         let URLs reach private, loopback and link-local addresses
  --allow-addr LIST       let URLs reach these addresses or networks
  --roles LIST            the work of this process, on a postgres:// --db only:
                          web (UI and API), worker (polls, fetches, extraction,
                          webhooks), scheduler (queues due polls and deliveries),
                          linker (links stories: one process at a time, the
                          others stand by); default $RAPPORTEUR_ROLES, else all
  --job-timeout D         PostgreSQL: time limit of one job (default 5m); a job
                          of a process that died is retried after twice that
` + modelUsage(26) + `
On PostgreSQL the background work is jobs in a River queue in the same
database: any number of processes may run --roles worker, and web serves
from any number of machines. A process without the web role listens on
nothing.
`
}

// Run runs the server until ctx ends (the main function ends it on SIGINT
// and SIGTERM), then shuts it down gracefully.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	o := serveOptions{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.db, "db", defaultDB(), "")
	fs.StringVar(&o.addr, "addr", DefaultAddr, "")
	fs.BoolVar(&o.demo, "demo", false, "")
	fs.BoolVar(&o.readOnly, "read-only", false, "")
	fs.StringVar(&o.tokenFile, "token-file", "", "")
	fs.DurationVar(&o.pollInterval, "poll-interval", feed.DefaultInterval, "")
	fs.BoolVar(&o.noPoll, "no-poll", false, "")
	fs.DurationVar(&o.hookInterval, "webhook-interval", http.DefaultWebhookInterval, "")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "")
	fs.DurationVar(&o.shutdown, "shutdown-timeout", 30*time.Second, "")
	fs.StringVar(&o.trusted, "trusted-proxy", "", "")
	fs.StringVar(&o.roles, "roles", defaultRoles(), "")
	fs.DurationVar(&o.jobTimeout, "job-timeout", 5*time.Minute, "")
	o.web.register(fs)
	o.models.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 0:
		return errUsage
	case o.workers <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "serve: --workers must be positive")
	case o.pollInterval <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "serve: --poll-interval must be positive")
	case o.hookInterval <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "serve: --webhook-interval must be positive")
	}
	role, err := parseRoles(o.roles, o.db)
	if err != nil {
		return err
	}
	if _, port, err := net.SplitHostPort(o.addr); err != nil || port == "" {
		// Told before anything is created: the database and its token
		// file are not made for a start that cannot listen.
		return rapporteur.Errorf(rapporteur.EINVALID, "serve: --addr %q: want host:port, such as 127.0.0.1:8080 or :8080", o.addr)
	}
	if o.tokenFile == "" && isPostgres(o.db) {
		// A URL is no place for a file: the token of a PostgreSQL store
		// is kept in the working directory, as ./rapporteur.db would be.
		o.tokenFile = "rapporteur-postgres.token"
	} else if o.tokenFile == "" {
		o.tokenFile = o.db + ".token"
	}
	proxies, err := parsePrefixes(o.trusted)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "serve: --trusted-proxy: %w", err)
	}
	log := slog.New(slog.NewTextHandler(c.Main.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	web, err := o.web.client("serve")
	if err != nil {
		return err
	}
	in, err := c.Main.intake(web, o.web.maxBytes, &o.models)
	if err != nil {
		return err
	}
	store, err := openStore(withRekeyProgress(ctx, c.Main.Stderr), o.db)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer store.Close()
	// Every stored article is linked to its wire copies and its story. A
	// read-only server that neither polls nor loads the demo stores
	// nothing, so it opens no linker: it starts without replaying the
	// latest articles, and writes no links into a database that a writer
	// shares with it (DEPLOY.md: read-only web machines).
	var linked rapporteur.Store = store
	pg, _ := store.(*postgres.DB)
	var queue *jobs.Queue
	if pg != nil {
		// On PostgreSQL the work is River's jobs (package jobs): the
		// web role stores what the API is given and queues its linking.
		queue, err = c.openQueue(ctx, pg, role, in, web, &o, log)
		if err != nil {
			return err
		}
		linked = queued{DB: pg, q: queue}
	} else if !o.readOnly || !o.noPoll || o.demo {
		ls, err := storylink.Open(ctx, store, storylink.Options{Logger: log})
		if err != nil {
			return fmt.Errorf("serve: %w", err) // a storage failure keeps its code
		}
		// Its idle relinking pass stops before the store closes.
		defer ls.Stop()
		linked = ls
	}

	if pg != nil && !role["web"] {
		fmt.Fprintf(c.Main.Stderr, "rapporteur: working %s as %s\n", o.db, role)
		return queue.Run(ctx, o.shutdown)
	}
	queueDone := make(chan error, 1)
	if queue != nil {
		go func() { queueDone <- queue.Run(ctx, o.shutdown) }()
	} else {
		close(queueDone)
	}

	ing := &ingest.Ingester{
		Store:   linked,
		Intake:  in,
		Web:     web,
		Workers: o.workers,
		OnResult: func(r ingest.Result) {
			if r.Err != nil {
				log.Warn("ingest failed", "item", r.Where, "error", r.Err)
			}
		},
	}
	if o.demo {
		if err := loadDemo(ctx, store, ing, log); err != nil {
			return err
		}
	}

	// Listen before the token is made: a token shown by a start that then
	// fails (an address in use) would be lost, since the next start finds
	// its hash and shows nothing.
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		// A malformed --addr is the user's to fix (status 2); an address
		// in use or not ours to bind is the machine's state (status 1).
		var ae *net.AddrError
		if errors.As(err, &ae) {
			return rapporteur.Errorf(rapporteur.EINVALID, "serve: --addr: %w", err)
		}
		return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "serve: %w", err)
	}
	defer ln.Close() // srv.Serve closes it too; this covers the returns before

	var checkToken func(string) bool
	if !o.readOnly {
		hash, token, err := loadOrCreateToken(o.tokenFile)
		if err != nil {
			return err
		}
		if token != "" {
			fmt.Fprintf(c.Main.Stderr, "rapporteur: the write token is %s\n"+
				"rapporteur: it is shown only this once; its hash is in %s (delete that file for a new token)\n", token, o.tokenFile)
		}
		checkToken = tokenChecker(hash)
	}

	srv, err := http.NewServer(http.Config{
		Store:          linked,
		Feeds:          web, // the poller's client: one politeness per host
		Intake:         in,
		Bulk:           ing,
		CheckToken:     checkToken,
		ReadOnly:       o.readOnly,
		Logger:         log,
		TrustedProxies: proxies,
	})
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "serve: %w", err)
	}

	// The poller runs on its own context: it ends with the server, after
	// the signal, so that polls in flight can finish within the deadline.
	pollCtx, stopPolling := context.WithCancel(context.WithoutCancel(ctx))
	defer stopPolling()
	var polling sync.WaitGroup
	if !o.noPoll && queue == nil {
		poller := &feed.Poller{Store: linked, Client: web, Sink: ing, Interval: o.pollInterval, Log: log}
		polling.Go(func() { poller.Run(pollCtx) })
	}
	// Saved-search webhooks share the poller's lifetime: a delivery in
	// flight at shutdown finishes or is retried from its saved state. A
	// read-only instance sends none, since it writes no delivery state.
	if !o.readOnly && queue == nil {
		d := &http.Deliverer{
			Store:    linked,
			Client:   http.NewWebhookClient(web.Fetch.Policy),
			Logger:   log,
			BaseURL:  "http://" + ln.Addr().String(),
			Interval: o.hookInterval,
		}
		polling.Go(func() { d.Run(pollCtx) })
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	mode := ""
	if o.readOnly {
		mode = " (read-only)"
	}
	fmt.Fprintf(c.Main.Stderr, "rapporteur: serving %s on http://%s/%s\n", o.db, ln.Addr(), mode)

	select {
	case err := <-served:
		stopPolling()
		polling.Wait()
		return rapporteur.Errorf(rapporteur.EINTERNAL, "serve: %w", err)
	case <-ctx.Done():
	}

	// Graceful shutdown (as miniflux's daemon does): stop accepting, let
	// requests in flight (an ingest through the API) finish, stop the
	// poller, and give all of it one deadline.
	fmt.Fprintf(c.Main.Stderr, "rapporteur: shutting down (up to %s for work in flight)\n", o.shutdown)
	deadline, cancel := context.WithTimeout(context.Background(), o.shutdown)
	defer cancel()
	var (
		errs        []error
		shutdownErr error
		wg          sync.WaitGroup
	)
	wg.Go(func() {
		if err := srv.Shutdown(deadline); err != nil {
			srv.Close()
			shutdownErr = fmt.Errorf("http server: %w", err)
		}
	})
	// Polls are resumable: a feed's validators are saved only after its
	// items are stored, so a poll cut short is redone in full next time.
	// They get until the deadline, then are cut.
	pollersDone := make(chan struct{})
	go func() { polling.Wait(); close(pollersDone) }()
	stopPolling()
	select {
	case <-pollersDone:
	case <-deadline.Done():
		errs = append(errs, errors.New("feed polls did not finish in time"))
	}
	wg.Wait()
	errs = append(errs, shutdownErr, <-queueDone)
	if err := <-served; err != nil && !errors.Is(err, nethttp.ErrServerClosed) {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "serve: shutdown: %w", err)
	}
	return nil
}

// loadDemo ingests the demo corpus into an empty database.
func loadDemo(ctx context.Context, store rapporteur.Store, ing *ingest.Ingester, log *slog.Logger) error {
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if st.Articles > 0 {
		log.Info("demo corpus not loaded: the database has articles already", "articles", st.Articles)
		return nil
	}
	r, err := demo.Open()
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "serve: demo corpus: %w", err)
	}
	defer r.Close()
	log.Info("loading the demo corpus", "articles", demo.Articles)
	start := time.Now()
	sum, err := ing.IngestJSONL(ctx, r, demo.Name)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "serve: demo corpus: %w", err)
	}
	log.Info("demo corpus loaded", "created", sum.Created, "failed", sum.Failed, "took", time.Since(start).Round(time.Millisecond))
	if sum.Interrupted {
		return ctx.Err()
	}
	return nil
}

// loadOrCreateToken returns the SHA-256 hash of the write token kept in
// path. When path does not exist, it makes a new token from crypto/rand,
// stores its hash there (mode 0600) and returns the token too, to be shown
// once; the token itself is never stored.
func loadOrCreateToken(path string) (hash []byte, token string, err error) {
	data, err := os.ReadFile(path)
	if err == nil {
		hash, err = hex.DecodeString(strings.TrimSpace(string(data)))
		if err != nil || len(hash) != sha256.Size {
			return nil, "", rapporteur.Errorf(rapporteur.EINVALID, "serve: %s does not hold a token hash (64 hex digits); delete it to make a new token", path)
		}
		return hash, "", nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, "", rapporteur.Errorf(rapporteur.EINVALID, "serve: read the token file: %w", err)
	}
	token = rand.Text() // 26 base32 characters, 130 bits
	sum := sha256.Sum256([]byte(token))
	// O_EXCL: two servers starting at once do not overwrite each other's
	// token.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, "", rapporteur.Errorf(rapporteur.EINVALID, "serve: create the token file: %w", err)
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(sum[:])); err != nil {
		f.Close()
		os.Remove(path)
		return nil, "", rapporteur.Errorf(rapporteur.EINTERNAL, "serve: write the token file: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, "", rapporteur.Errorf(rapporteur.EINTERNAL, "serve: write the token file: %w", err)
	}
	return sum[:], token, nil
}

// tokenChecker compares the hash of a presented token with the stored one
// in constant time.
func tokenChecker(hash []byte) func(string) bool {
	return func(token string) bool {
		sum := sha256.Sum256([]byte(token))
		return subtle.ConstantTimeCompare(sum[:], hash) == 1
	}
}
