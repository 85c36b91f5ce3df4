package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/sqlite"
)

// DBEnv is the environment variable that names the database when --db is
// not given: a SQLite file or a postgres:// URL.
const DBEnv = "RAPPORTEUR_DB"

// defaultDB is the default of --db: $RAPPORTEUR_DB, else DefaultDB.
func defaultDB() string {
	if db := os.Getenv(DBEnv); db != "" {
		return db
	}
	return DefaultDB
}

// isPostgres reports whether a --db value names a PostgreSQL database
// rather than a SQLite file.
func isPostgres(db string) bool { return postgres.IsURL(db) }

// openStore opens the store a --db value names: a postgres:// or
// postgresql:// URL opens PostgreSQL (applying its migrations), anything
// else the SQLite file at that path (created when missing). Either store
// classifies its failures: a database that cannot be reached, opened or
// migrated is EUNAVAILABLE (exit status 1), with what failed in the
// message.
func openStore(ctx context.Context, db string) (rapporteur.Store, error) {
	if isPostgres(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	if strings.Contains(db, "://") {
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "--db %s: not a database this build knows: give a SQLite file or a postgres:// URL", db)
	}
	s, err := sqlite.OpenContext(ctx, db)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// MigrateCommand is `rapporteur migrate`: it applies the schema
// migrations of a PostgreSQL database (serve and ingest apply them too
// when they start; this lets a deployment do it first, once). On a SQLite
// file it opens the file, which migrates it.
type MigrateCommand struct{ Main *Main }

// Usage implements Command.
func (c *MigrateCommand) Usage() string {
	return `Usage: rapporteur migrate [--db URL|PATH] [--threads]

Applies the schema migrations the database has not seen yet and lists
them. Several processes may start at once: the first migrates, the others
wait for it. After a registry update it then re-keys the speakers (and
applies the users' corrections again), in batches of 5,000 articles with
a progress bar (a line every 30 s when stderr is no terminal); an
interrupted run goes on where it stopped. serve and ingest do the same when
they open the database, so running migrate first keeps servers from
starting late.

  --db URL|PATH   the database: a postgres:// URL or a SQLite file
                  (default $` + DBEnv + `, else ./rapporteur.db)
  --threads       then thread the stories linked before threading existed
                  (issue 11: their denials and answers across articles are
                  not linked until an article of theirs is linked again), in
                  batches of 200 stories, each its own transaction; an
                  interrupted run goes on where it stopped
`
}

// threadBackfiller is a store that can thread the stories linked before
// it threaded them.
type threadBackfiller interface {
	BackfillThreads(ctx context.Context, after int64, limit int) (next int64, threaded int, err error)
}

// backfillThreads runs a store's thread backfill to the end, with a line
// of progress every 30 s.
func backfillThreads(ctx context.Context, s rapporteur.Store, stdout, stderr io.Writer) error {
	b, ok := s.(threadBackfiller)
	if !ok {
		return rapporteur.Errorf(rapporteur.EINVALID, "this store cannot thread its stories again")
	}
	var after int64
	total, last := 0, time.Now()
	for {
		next, n, err := b.BackfillThreads(ctx, after, 200)
		if err != nil {
			return err
		}
		if next == 0 {
			break
		}
		after, total = next, total+n
		if time.Since(last) > 30*time.Second {
			fmt.Fprintf(stderr, "threads: %d stories threaded, up to story %d\n", total, after)
			last = time.Now()
		}
	}
	fmt.Fprintf(stdout, "threads: %d stories threaded\n", total)
	return nil
}

// Run implements Command.
func (c *MigrateCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	db := fs.String("db", defaultDB(), "")
	threads := fs.Bool("threads", false, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return errUsage
	}
	if !isPostgres(*db) {
		// A mistyped path would otherwise be made a new, empty database
		// reported as "up to date": say that it was created.
		_, statErr := os.Stat(*db)
		created := errors.Is(statErr, os.ErrNotExist)
		s, err := openStore(withRekeyProgress(ctx, c.Main.Stderr), *db)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if *threads {
			if err := backfillThreads(ctx, s, c.Main.Stdout, c.Main.Stderr); err != nil {
				s.Close()
				return fmt.Errorf("migrate: %w", err)
			}
		}
		if err := s.Close(); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if created {
			fmt.Fprintf(c.Main.Stdout, "%s did not exist: created it, a new empty database\n", *db)
		} else {
			fmt.Fprintf(c.Main.Stdout, "%s is up to date\n", *db)
		}
		return nil
	}
	applied, err := postgres.Migrate(ctx, *db)
	for _, name := range applied {
		fmt.Fprintf(c.Main.Stdout, "applied %s\n", name)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Opening it re-keys the speakers after a registry update (and
	// applies the users' corrections again), with its progress shown:
	// done here, once, the servers that start after have nothing to do.
	s, err := openStore(withRekeyProgress(ctx, c.Main.Stderr), *db)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if *threads {
		if err := backfillThreads(ctx, s, c.Main.Stdout, c.Main.Stderr); err != nil {
			s.Close()
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if err := s.Close(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(applied) == 0 {
		fmt.Fprintln(c.Main.Stdout, "the database is up to date")
	}
	return nil
}
