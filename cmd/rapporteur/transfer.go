package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/transfer"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// ExportCommand is `rapporteur export`: a store to JSON Lines.
type ExportCommand struct{ Main *Main }

// Usage returns the help text.
func (c *ExportCommand) Usage() string {
	return `usage: rapporteur export [--db DB] [--out FILE]

Export writes every feed, every article, every note and every saved
search of the database as JSON Lines: an article with its statements
(speakers, acts, modes, confidence), credits, entities, source, its
wire-copy link and its story (by key and title); a note with its author,
status and time; a saved search with its webhook, secret included.
"rapporteur import" reads it into another database, SQLite or PostgreSQL,
with the links translated to the ids that database gives. The format is
described in README.md ("Moving data").

Articles are written in storing order; those stored after the export
started are left out. A progress bar shows on a terminal.

Options:
  --db DB       the database: a SQLite file or a postgres:// URL
                (default $RAPPORTEUR_DB, else ./rapporteur.db)
  --out FILE    write to FILE (FILE.gz: gzip), created whole or not at all;
                default stdout
  --quiet       no progress bar; print only the summary
`
}

// Run runs the command.
func (c *ExportCommand) Run(ctx context.Context, args []string) error {
	var db, out string
	var quiet bool
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&db, "db", defaultDB(), "")
	fs.StringVar(&out, "out", "", "")
	fs.BoolVar(&quiet, "quiet", false, "")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage
	}
	store, err := openTransferStore(ctx, db, false)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer store.Close()

	w := c.Main.Stdout
	var file *os.File
	if out != "" {
		// A temporary file beside the output, renamed at the end: an
		// export that fails leaves no file that looks whole.
		file, err = os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
		if err != nil {
			return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "export: %w", err)
		}
		defer os.Remove(file.Name())
		defer file.Close()
		w = file
	}
	var zw *gzip.Writer
	if strings.HasSuffix(out, ".gz") {
		zw = gzip.NewWriter(w)
		w = zw
	}
	bar := newBar(c.Main.Stderr, quiet, "export", "articles")
	opt := transfer.ExportOptions{}
	if bar != nil {
		opt.OnTotal = func(n int64) { bar.ChangeMax64(n) }
		opt.OnArticle = func(int64) { bar.Add(1) }
	}
	start := time.Now()
	n, err := transfer.Export(ctx, store, w, opt)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "export: %w", err)
		}
	}
	if file != nil {
		if err := file.Sync(); err != nil {
			return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "export: %w", err)
		}
		if err := file.Close(); err != nil {
			return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "export: %w", err)
		}
		if err := os.Rename(file.Name(), out); err != nil {
			return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "export: %w", err)
		}
	}
	took := time.Since(start)
	// The summary goes to stderr when the export itself goes to stdout.
	sum := c.Main.Stdout
	if out == "" {
		sum = c.Main.Stderr
	}
	fmt.Fprintf(sum, "exported %d feeds, %d articles, %d statements, %d wire copies, %d articles in stories, %d notes, %d saved searches (%s, %.1f articles/s)\n",
		n.Feeds, n.Articles, n.Statements, n.Copies, n.InStory, n.Notes, n.SavedSearches, took.Round(time.Millisecond), float64(n.Articles)/took.Seconds())
	return nil
}

// ImportCommand is `rapporteur import`: JSON Lines of an export into a
// store.
type ImportCommand struct{ Main *Main }

// Usage returns the help text.
func (c *ImportCommand) Usage() string {
	return `usage: rapporteur import [--db DB] FILE|-

Import reads an export ("rapporteur export", FILE.gz too, or - for stdin)
into the database, empty or not: feeds with their polling state, then
articles in the file's order with their statements, credits and entities,
their wire-copy links and their stories, then the notes on them, then
saved searches with their
webhooks and delivery state (one with the same name and query already
there is kept as it is). Ids are the database's own:
duplicate_of, feed_id and story keys are translated, so links stay as the
export had them while the numbers may change. An article already stored
(same URL, or same content without one) is updated in place; importing the
same file twice changes nothing.

A line that is not an article or a feed (corrupt, or cut short) stops the
import with its line number; the lines before it are stored. An article or
link the database refuses is reported with its line and the import goes
on (exit status 2). A progress bar shows on a terminal.

Options:
  --db DB       the database: a SQLite file (created when missing) or a
                postgres:// URL (default $RAPPORTEUR_DB, else ./rapporteur.db)
  --batch N     articles stored per commit (default 100)
  --quiet       no progress bar; print only failures and the summary
`
}

// Run runs the command.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	var db string
	var batch int
	var quiet bool
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&db, "db", defaultDB(), "")
	fs.IntVar(&batch, "batch", transfer.DefaultBatch, "")
	fs.BoolVar(&quiet, "quiet", false, "")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return errUsage
	}
	if batch <= 0 {
		return rapporteur.Errorf(rapporteur.EINVALID, "import: --batch must be positive")
	}
	name := rest[0]
	var in io.Reader = c.Main.Stdin
	var size int64 = -1
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return rapporteur.Errorf(rapporteur.EINVALID, "import: %w", err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		in = f
	} else {
		name = "stdin"
	}
	// The bar follows the file's bytes, compressed or not.
	counted := &countingReader{r: in}
	in = counted
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return rapporteur.Errorf(rapporteur.EINVALID, "import: %s: %w", name, err)
		}
		defer zr.Close()
		in = zr
	}
	store, err := openTransferStore(ctx, db, true)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer store.Close()

	bar := newBar(c.Main.Stderr, quiet, "import", "")
	if bar != nil {
		bar.ChangeMax64(size)
	}
	opt := transfer.ImportOptions{
		Batch: batch,
		OnRead: func(int64) {
			if bar != nil {
				bar.Set64(counted.n)
			}
		},
		OnError: func(line int, err error) {
			if bar != nil {
				bar.Clear()
			}
			fmt.Fprintf(c.Main.Stderr, "rapporteur: import: %s:%d: %v\n", name, line, err)
		},
	}
	start := time.Now()
	n, err := transfer.Import(ctx, store, in, opt)
	if bar != nil {
		bar.Finish()
	}
	took := time.Since(start)
	fmt.Fprintf(c.Main.Stdout, "imported %d feeds, %d articles (%d created, %d updated, %d unchanged), %d statements, %d wire copies, %d articles in stories, %d notes, %d saved searches, %d failed (%s, %.1f articles/s)\n",
		n.Feeds, n.Articles, n.Created, n.Updated, n.Unchanged, n.Statements, n.Copies, n.InStory, n.Notes, n.SavedSearches, n.Failed,
		took.Round(time.Millisecond), float64(n.Articles)/took.Seconds())
	var le *transfer.LineError
	if errors.As(err, &le) {
		// As the refused lines are reported: FILE:LINE.
		return fmt.Errorf("import: %s:%d: %w", name, le.Line, le.Err)
	} else if err != nil {
		return fmt.Errorf("import: %s: %w", name, err)
	}
	if n.Failed > 0 {
		return rapporteur.Errorf(rapporteur.EINVALID, "import: %d articles or links failed (see above)", n.Failed)
	}
	return nil
}

// openTransferStore opens the database of --db as every command does
// (openStore: a SQLite file or a postgres:// URL). Export must find a
// SQLite file there, where opening would create an empty one.
func openTransferStore(ctx context.Context, db string, create bool) (rapporteur.Store, error) {
	if !create && !isPostgres(db) {
		if _, err := os.Stat(db); err != nil {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "--db %s: no database there", db)
		}
	}
	return openStore(ctx, db)
}

// newBar returns a progress bar on w when w is a terminal, nil otherwise.
// Its total is set later; unit names the count ("" counts bytes).
func newBar(w io.Writer, quiet bool, desc, unit string) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || quiet || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
	}
	if unit == "" {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowIts(), progressbar.OptionSetItsString(unit))
	}
	return progressbar.NewOptions64(-1, opts...)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
