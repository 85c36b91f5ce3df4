// Command rapporteur reads news articles and reports who said what, where,
// and who reported it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/intake"
)

// Command is one subcommand of the binary.
type Command interface {
	// Run runs the command with its arguments (without the command name).
	Run(ctx context.Context, args []string) error
	// Usage is the help text of the command.
	Usage() string
}

// Main is the program: its streams are fields so tests can run it.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Pipeline runs the extraction stages; when nil, the first command
	// that needs it builds it (loading the lexicons takes a moment).
	Pipeline *intake.Stages
}

// pipeline returns m.Pipeline, building it on first use.
func (m *Main) pipeline() (*intake.Stages, error) {
	if m.Pipeline == nil {
		p, err := intake.NewStages()
		if err != nil {
			return nil, err
		}
		m.Pipeline = p
	}
	return m.Pipeline, nil
}

// modelFlags choose the attribution model of a command: the embedded one
// (the default), the rules alone, or a model file trained with `rapporteur
// train --out`.
type modelFlags struct {
	rulesOnly bool
	model     string
}

func (mf *modelFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&mf.rulesOnly, "rules-only", false, "")
	fs.StringVar(&mf.model, "model", "", "")
}

// modelUsage documents the flags of modelFlags, their texts starting at
// column col, where the command's other options start theirs.
func modelUsage(col int) string {
	row := func(flag, text string) string {
		return "  " + flag + strings.Repeat(" ", max(1, col-2-len(flag))) + text + "\n"
	}
	more := strings.Repeat(" ", col)
	return row("--rules-only", "attribute and read acts with the rules alone, without the") +
		more + "learned models\n" +
		row("--model FILE", "use this statement model (en-spans.bin.gz from") +
		more + "\"rapporteur train --out DIR\") instead of the embedded one,\n" +
		more + "with the en-bounds.bin.gz and en-cues.bin.gz beside it\n"
}

// stages returns the pipeline the flags choose: m.pipeline() for the
// default, else one built for them.
func (m *Main) stages(mf *modelFlags) (*intake.Stages, error) {
	switch {
	case mf == nil || !mf.rulesOnly && mf.model == "":
		return m.pipeline()
	case mf.rulesOnly && mf.model != "":
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "give --rules-only or --model, not both")
	case mf.rulesOnly:
		return intake.NewStagesWith(attrib.Options{RulesOnly: true})
	}
	f, err := os.Open(mf.model)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "--model: %w", err)
	}
	defer f.Close()
	o := attrib.Options{Model: f}
	// The boundary and cue models trained with it lie beside it.
	if b, err := os.Open(filepath.Join(filepath.Dir(mf.model), "en-bounds.bin.gz")); err == nil {
		defer b.Close()
		o.Bounds = b
	}
	if c, err := os.Open(filepath.Join(filepath.Dir(mf.model), "en-cues.bin.gz")); err == nil {
		defer c.Close()
		o.Cues = c
	}
	return intake.NewStagesWith(o)
}

// intake is the one way in of every command that reads articles: the
// pipeline the model flags choose, with the polite fetcher and the size
// limit of the web flags.
func (m *Main) intake(web *feed.Client, maxBytes int64, mf *modelFlags) (*intake.Intake, error) {
	p, err := m.stages(mf)
	if err != nil {
		return nil, err
	}
	return &intake.Intake{Pipeline: p, Fetch: web, MaxBytes: maxBytes}, nil
}

// errUsage asks Main to print the usage text; it exits with status 2.
var errUsage = errors.New("usage")

// errHelp is a command's -h: its usage goes to stdout, and the command
// succeeds, since help was what the user asked for.
var errHelp = errors.New("help requested")

func (m *Main) commands() map[string]Command {
	return map[string]Command{
		"extract":     &ExtractCommand{Main: m},
		"eval":        &EvalCommand{Main: m},
		"bench":       &BenchCommand{Main: m},
		"ingest":      &IngestCommand{Main: m},
		"serve":       &ServeCommand{Main: m},
		"scale":       &ScaleCommand{Main: m},
		"link":        &LinkCommand{Main: m},
		"train":       &TrainCommand{Main: m},
		"corrections": &CorrectionsCommand{Main: m},
		"migrate":     &MigrateCommand{Main: m},
		"export":      &ExportCommand{Main: m},
		"import":      &ImportCommand{Main: m},
		"version":     &VersionCommand{Main: m},
	}
}

// Run runs the subcommand named by args[0].
func (m *Main) Run(ctx context.Context, args []string) error {
	cmds := m.commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(m.Stdout, m.usage())
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = []string{"version"}
	}
	c, ok := cmds[args[0]]
	if !ok {
		return rapporteur.Errorf(rapporteur.EINVALID, "unknown command %q; run \"rapporteur help\" for the list", args[0])
	}
	err := c.Run(ctx, args[1:])
	if errors.Is(err, errHelp) || errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(m.Stdout, c.Usage())
		return nil
	}
	if errors.Is(err, errUsage) {
		// A mistyped option is told first, with the command's synopsis
		// and where its options are, not under fifty lines of help.
		if msg := strings.TrimSuffix(err.Error(), ": "+errUsage.Error()); msg != errUsage.Error() {
			fmt.Fprintf(m.Stderr, "rapporteur %s: %s\n%sRun \"rapporteur %s -h\" for its options.\n", args[0], msg, synopsis(c.Usage()), args[0])
		} else {
			fmt.Fprint(m.Stderr, c.Usage())
		}
	}
	return err
}

// synopsis is the first paragraph of a command's usage text: its usage
// lines.
func synopsis(usage string) string {
	if i := strings.Index(usage, "\n\n"); i >= 0 {
		return usage[:i+1]
	}
	return usage
}

func (m *Main) usage() string {
	return `rapporteur reads news articles and reports who said what, where, and who reported it.

Usage:
	rapporteur <command> [arguments]

Commands:
	serve     run the monitor: web UI, JSON API and feed polling on ./rapporteur.db
	ingest    store the articles of files, directories, JSON Lines, URLs, feeds, OPML and WARC
	extract   extract the article, credits and attributed statements of a file, URL or stdin
	eval      score the extractor on gold data
	bench     measure the speed of the text and HTML pipelines
	scale     measure ingest at scale on a generated corpus (tosca replicated)
	link      find the copies of one wire story and the stories of a batch of articles
	train     rebuild the embedded models from the training data in ../shared
	corrections  list the users' corrections of the speakers, or apply them again
	migrate   apply the schema migrations of a database (PostgreSQL or SQLite)
	export    write a database's feeds and articles, with their links, as JSON Lines
	import    read an export into a database, translating ids
	version   print the version and the commit it was built from

Run "rapporteur <command> -h" for a command's options.
`
}

// Main runs the program as a process would and returns its exit status:
// errors are printed to Stderr, usage errors as the command's help.
func (m *Main) Main(ctx context.Context, args []string) int {
	err := m.Run(ctx, args)
	if err == nil {
		return 0
	}
	if !errors.Is(err, errUsage) { // Run told the usage errors
		fmt.Fprintln(m.Stderr, "rapporteur:", err)
	}
	return exitCode(err)
}

// gcPercent is the collector's target (GOGC) when the environment sets
// none. The live heap is mostly the models' tables and the lexicons, and
// each article leaves about half a megabyte of garbage, so at Go's
// default of 100 the collector ran often and took about 6 % of the text
// pipeline's CPU. At 200 it runs half as often: the text pipeline ran 7 %
// faster (median of four rounds on the quiet machine), and its peak RSS
// went from about 170 to 230 MB (BENCHMARKS.md, "Quiet-machine
// measurements at the end of the third stop of 2026-12-07"). GOGC in the
// environment still wins.
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	code := m.Main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
