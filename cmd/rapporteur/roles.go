package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/http"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/jobs"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/storylink"
)

// RolesEnv names the environment variable that gives serve's roles when
// --roles is not given.
const RolesEnv = "RAPPORTEUR_ROLES"

// allRoles are the roles of `serve --roles`, in the order help lists them.
var allRoles = []string{"web", "worker", "scheduler", "linker"}

// roles is the work one serve process does.
type roles map[string]bool

func (r roles) all() bool { return len(r) == len(allRoles) }

func (r roles) String() string {
	var names []string
	for _, n := range allRoles {
		if r[n] {
			names = append(names, n)
		}
	}
	return strings.Join(names, ",")
}

// defaultRoles is $RAPPORTEUR_ROLES, else every role.
func defaultRoles() string {
	if v := os.Getenv(RolesEnv); v != "" {
		return v
	}
	return "all"
}

// parseRoles reads a comma-separated list of roles ("all" is every one).
// Any role but all needs PostgreSQL: on a SQLite file one process owns
// the file and does all the work itself.
func parseRoles(list, db string) (roles, error) {
	r := roles{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(strings.ToLower(n))
		switch {
		case n == "all":
			for _, a := range allRoles {
				r[a] = true
			}
		case slices.Contains(allRoles, n):
			r[n] = true
		case n == "":
		default:
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "serve: --roles: unknown role %q (roles: web, worker, scheduler, linker, or all)", n)
		}
	}
	if len(r) == 0 {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "serve: --roles: name at least one role (web, worker, scheduler, linker, or all)")
	}
	if !r.all() && !isPostgres(db) {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "serve: --roles %s: a SQLite file is served by one process that does all the work; roles need a postgres:// --db", r)
	}
	return r, nil
}

// queued is the store of a web process on PostgreSQL for the API's bulk
// ingest: it stores articles as every other put does, and queues their
// linking for the linker process instead of linking them here (one
// process links; package jobs says why). An article whose link job is
// lost (the process dies between the two) is linked when the linker next
// starts, which links the unlinked among the latest articles.
type queued struct {
	*postgres.DB
	q *jobs.Queue
}

func (s queued) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	res, errs := s.DB.PutArticles(ctx, items)
	var created, updated []int64
	for i, r := range res {
		switch {
		case errs[i] != nil || r.ID == 0:
		case r.Status == rapporteur.PutCreated:
			created = append(created, r.ID)
		case r.Status == rapporteur.PutUpdated:
			updated = append(updated, r.ID)
		}
	}
	for _, l := range []jobs.LinkArgs{{IDs: created}, {IDs: updated, Updated: true}} {
		if len(l.IDs) == 0 {
			continue
		}
		if _, err := s.q.Client().Insert(ctx, l, nil); err != nil {
			for i := range errs {
				if errs[i] == nil && res[i].Status != rapporteur.PutUnchanged {
					errs[i] = fmt.Errorf("stored, but its linking was not queued: %w", err)
				}
			}
		}
	}
	return res, errs
}

func (s queued) PutArticle(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (rapporteur.PutResult, error) {
	res, errs := s.PutArticles(ctx, []rapporteur.PutItem{{Article: a, Meta: meta}})
	return res[0], errs[0]
}

// openQueue applies River's migrations and makes the job queue of a serve
// process on PostgreSQL, with the work of its roles.
func (c *ServeCommand) openQueue(ctx context.Context, pg *postgres.DB, role roles, in *intake.Intake, web *feed.Client, o *serveOptions, log *slog.Logger) (*jobs.Queue, error) {
	if _, err := jobs.Migrate(ctx, pg.Pool()); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	cfg := jobs.Config{
		Store:        pg,
		Worker:       role["worker"] && !o.readOnly,
		Workers:      o.workers,
		Intake:       in,
		Scheduler:    role["scheduler"] && !o.readOnly,
		NoPoll:       o.noPoll,
		Linker:       role["linker"] && !o.readOnly,
		Logger:       log,
		DeliverEvery: o.hookInterval,
		JobTimeout:   o.jobTimeout,
		RescueAfter:  2 * o.jobTimeout,
	}
	if cfg.Worker {
		cfg.Poller = &feed.Poller{Store: pg, Client: web, Interval: o.pollInterval, Log: log}
		d := &http.Deliverer{
			Store:   pg,
			Client:  http.NewWebhookClient(web.Fetch.Policy),
			Logger:  log,
			BaseURL: "http://" + o.addr,
		}
		cfg.Deliver = d.DeliverDue
	}
	if cfg.Scheduler {
		cfg.Poller = &feed.Poller{Store: pg, Client: web, Interval: o.pollInterval, Log: log}
	}
	if cfg.Linker {
		// The linker is rebuilt from the latest stored articles when this
		// process takes the linker lock.
		cfg.OpenLink = func(ctx context.Context) (*storylink.Writer, error) {
			return storylink.NewWriter(ctx, pg, storylink.Options{Logger: log})
		}
	}
	q, err := jobs.New(cfg)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINTERNAL, "serve: %w", err)
	}
	return q, nil
}
