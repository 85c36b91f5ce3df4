package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// CorrectionsCommand is `rapporteur corrections`: the users' corrections
// of the speakers, listed or applied again.
type CorrectionsCommand struct{ Main *Main }

// Usage returns the help text.
func (c *CorrectionsCommand) Usage() string {
	return `usage: rapporteur corrections list|apply [options]

Users correct the speakers in the web UI or the API (merge, split, rename,
change the type, give a statement another speaker). Each correction is
kept as data and holds when articles are stored again. This command lists
them, or applies them again.

  list    print the corrections, newest first, one JSON object a line
  apply   apply again the corrections the speakers do not hold yet (after
          a registry update re-keyed them and was interrupted); with --all,
          first work every speaker out anew from the statements with the
          current registry, then apply every correction, oldest first.
          Corrections are applied in batches of 100, each its own
          transaction: an interrupted run keeps what it did, and running
          it again goes on. A progress bar shows on a terminal.

Options:
  --db PATH    the database (default ./rapporteur.db)
  --all        (apply) re-key every speaker first, then apply all corrections
  --quiet      (apply) no progress bar
`
}

// correctionStore is what the command needs of a store.
type correctionStore interface {
	Corrections(ctx context.Context, f rapporteur.CorrectionFilter) (rapporteur.Page[*rapporteur.Correction], error)
	ReapplyCorrections(ctx context.Context, all bool, progress func(done, total int)) (rapporteur.ReapplyResult, error)
	Close() error
}

// Run runs the command.
func (c *CorrectionsCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("corrections", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	db := fs.String("db", DefaultDB, "")
	all := fs.Bool("all", false, "")
	quiet := fs.Bool("quiet", false, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "list" && pos[0] != "apply" {
		return errUsage
	}
	st, err := sqlite.OpenContext(withRekeyProgress(ctx, c.Main.Stderr), *db)
	if err != nil {
		return fmt.Errorf("corrections: %w", err)
	}
	defer st.Close()
	var s correctionStore = st
	if pos[0] == "list" {
		return c.list(ctx, s)
	}
	return c.apply(ctx, s, *all, *quiet)
}

func (c *CorrectionsCommand) list(ctx context.Context, s correctionStore) error {
	enc := json.NewEncoder(c.Main.Stdout)
	f := rapporteur.CorrectionFilter{Limit: 1000}
	for {
		p, err := s.Corrections(ctx, f)
		if err != nil {
			return fmt.Errorf("corrections: %w", err)
		}
		for _, cr := range p.Items {
			if err := enc.Encode(cr); err != nil {
				return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "corrections: %w", err)
			}
		}
		if p.Next == "" {
			return nil
		}
		f.Cursor = p.Next
	}
}

func (c *CorrectionsCommand) apply(ctx context.Context, s correctionStore, all, quiet bool) error {
	f, ok := c.Main.Stderr.(*os.File)
	tty := ok && !quiet && term.IsTerminal(int(f.Fd()))
	if !quiet {
		// The re-key (with --all, or one a registry update left
		// unfinished) reports its own progress, by articles.
		ctx = withRekeyProgress(ctx, c.Main.Stderr)
	}
	var bar *progressbar.ProgressBar
	start := time.Now()
	res, err := s.ReapplyCorrections(ctx, all, func(done, total int) {
		if !tty {
			return
		}
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription("corrections"),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("corrections"),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetWidth(30),
				progressbar.OptionClearOnFinish(),
			)
		}
		bar.ChangeMax(total)
		bar.Set(done)
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return fmt.Errorf("corrections: %w", err)
	}
	took := time.Since(start)
	noun := "corrections"
	if res.Corrections == 1 {
		noun = "correction"
	}
	fmt.Fprintf(c.Main.Stdout, "applied %d %s in %s: %d changed the speakers, %d no longer apply (their speakers or statements are gone)\n",
		res.Corrections, noun, took.Round(time.Millisecond), res.Changed, res.Skipped)
	return nil
}
