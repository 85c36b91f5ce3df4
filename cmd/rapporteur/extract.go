package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/intake"
)

// ExtractCommand is `rapporteur extract`: one article from a file, a URL or
// stdin, or a batch of them from JSON Lines.
type ExtractCommand struct{ Main *Main }

// extractOptions are the flags of `rapporteur extract`.
type extractOptions struct {
	pretty    bool
	jsonl     string
	as        string
	workers   int
	timeLimit time.Duration
	web       webOptions
	models    modelFlags
}

// Usage returns the help text.
func (c *ExtractCommand) Usage() string {
	return `usage: rapporteur extract [options] FILE|URL|-
       rapporteur extract [options] --jsonl FILE|-

Extract reads one news article (plain text, HTML, or the page at a URL; "-"
reads stdin) and prints it as one JSON object: the clean text, title,
credits, attributed statements with their speakers, and entities. Its
"id" is the FILE, URL or "-" as given; each statement's "responds_to"
lists the statements of the same article it answers, as {"article": the
article's id, "statement": index into "statements"}.

Plain text is read as a title line, a blank line, then the body. Input that
starts with an HTML tag, a file named *.html, or a page served as text/html
is read as HTML.

With --jsonl, each input line is a JSON object {"id", "title"?, "text" or
"html", "url"?}; "text" is used verbatim, so that character offsets match
the input. One result line is printed per input line, in input order; a
line that cannot be read yields {"id", "line", "code", "error"} and the
batch goes on. Blank lines are skipped.

Options:
  --pretty            indent the JSON output (single article only)
  --jsonl FILE        batch mode: read JSON Lines from FILE ("-" for stdin)
  --as KIND           read the input as "text" or "html" instead of guessing
  --max-bytes N       refuse inputs (and JSON Lines records) over N bytes (default 20971520)
  --host-interval D   least time between two requests to one host (default 1s)
  --workers N         batch workers (default: the number of CPUs Go may use)
  --time-limit D      give up on an article whose extraction takes longer (default 2m)
  --timeout D         time limit for fetching a URL (default 30s)
  --allow-private     let URLs reach private, loopback and link-local addresses
  --allow-addr LIST   let URLs reach these addresses or networks only
                      (comma-separated, e.g. 10.1.2.3,192.168.0.0/24)
` + modelUsage(22)
}

// Run runs the command.
func (c *ExtractCommand) Run(ctx context.Context, args []string) error {
	o := extractOptions{}
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.pretty, "pretty", false, "")
	fs.StringVar(&o.jsonl, "jsonl", "", "")
	fs.StringVar(&o.as, "as", "", "")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "")
	fs.DurationVar(&o.timeLimit, "time-limit", intake.DefaultTimeLimit, "")
	o.web.register(fs)
	o.models.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case o.as != "" && o.as != "text" && o.as != "html":
		return rapporteur.Errorf(rapporteur.EINVALID, "extract: --as must be text or html, not %q", o.as)
	case o.workers <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "extract: --workers must be positive")
	case o.timeLimit <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "extract: --time-limit must be positive")
	case o.jsonl != "" && len(pos) != 0, o.jsonl == "" && len(pos) != 1:
		return errUsage
	}

	client, err := o.web.client("extract")
	if err != nil {
		return err
	}
	in, err := c.Main.intake(client, o.web.maxBytes, &o.models)
	if err != nil {
		return err
	}
	in.TimeLimit = o.timeLimit
	if o.jsonl != "" {
		return c.runBatch(ctx, in, &o)
	}
	a, err := c.extractOne(ctx, in, pos[0], o.as)
	if err != nil {
		return err
	}
	// One article read from the command line is named by how it was
	// given (the file name, the URL, "-"), so its replies can name it.
	if a.ID == "" {
		a.Name(pos[0])
	}
	out, err := encodeArticle(a, o.pretty)
	if err != nil {
		return err
	}
	_, err = c.Main.Stdout.Write(out)
	return err
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("extract page.html --pretty"), and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, fmt.Errorf("%s: %w", flagError(fs, err), errUsage)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		// A "--" makes everything after it positional.
		if i := len(args) - fs.NArg(); i > 0 && args[i-1] == "--" {
			return append(pos, fs.Args()...), nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// flagError words a flag package error as the help texts name options:
// "unknown option --bogus", not "flag provided but not defined: -bogus",
// and says what a value should look like instead of "parse error".
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	for _, r := range [][2]string{
		{"flag provided but not defined: -", "unknown option --"},
		{"flag needs an argument: -", "a value is missing after --"},
		{" for flag -", " for -"},
		{" for -", " for --"},
	} {
		msg = strings.Replace(msg, r[0], r[1], 1)
	}
	name, _, ok := strings.Cut(msg[strings.LastIndex(msg, " --")+1:], ":")
	if !ok || !strings.HasSuffix(msg, ": parse error") {
		return msg
	}
	f := fs.Lookup(strings.TrimPrefix(name, "--"))
	if f == nil {
		return msg
	}
	want := ""
	switch f.Value.(flag.Getter).Get().(type) {
	case time.Duration:
		want = "a duration such as 30s, 5m or 2h"
	case int, int64, uint, uint64:
		want = "a whole number"
	case float64:
		want = "a number"
	case bool:
		want = "true or false"
	default:
		return msg
	}
	return strings.TrimSuffix(msg, "parse error") + "want " + want
}

// extractOne reads one article from a file, a URL or stdin; as, when
// set, says whether it is "text" or "html" instead of guessing.
func (c *ExtractCommand) extractOne(ctx context.Context, in *intake.Intake, arg, as string) (rapporteur.Article, error) {
	d := intake.Document{Name: arg, Kind: intake.Kind(as)}
	var err error
	switch {
	case arg == "-":
		d.Name = "stdin"
		d.Data, err = intake.ReadLimited(c.Main.Stdin, in.Limit(), d.Name)
	case strings.Contains(arg, "://"):
		if as == "" {
			return in.FetchURL(ctx, arg)
		}
		var page *fetch.Page
		if page, err = in.Fetch.Get(ctx, fetch.Request{URL: arg}); err == nil {
			d.Data, d.URL = fetch.DecodeCharset(page.Body, page.ContentType), page.URL
		}
	default:
		d.Data, err = intake.ReadFile(arg, in.Limit())
		if ext := strings.ToLower(filepath.Ext(arg)); as == "" && (ext == ".html" || ext == ".htm" || ext == ".xhtml") {
			d.Kind = intake.KindHTML
		}
	}
	if err != nil {
		return rapporteur.Article{}, err
	}
	return in.Document(ctx, d)
}

// encodeArticle marshals a as one line of JSON (or indented JSON), with
// empty lists as [] rather than null so that readers can iterate them.
func encodeArticle(a rapporteur.Article, pretty bool) ([]byte, error) {
	if a.Credits == nil {
		a.Credits = []rapporteur.Credit{}
	}
	if a.Statements == nil {
		a.Statements = []rapporteur.Statement{}
	}
	if a.Entities == nil {
		a.Entities = []rapporteur.Entity{}
	}
	return encodeJSON(a, pretty)
}

// encodeJSON marshals v followed by a newline, without escaping <, > and &
// (the output is not embedded in HTML, and escaped quotes of HTML would be
// hard to read).
func encodeJSON(v any, pretty bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if pretty {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINTERNAL, "encode JSON: %w", err)
	}
	return buf.Bytes(), nil
}

// batchError is the output line of a record that could not be extracted.
type batchError struct {
	ID    string `json:"id"`
	Line  int    `json:"line"`
	Code  string `json:"code"`
	Error string `json:"error"`
}

// errorLine is the output line of a record that failed.
func errorLine(id string, line int, err error) []byte {
	data, _ := encodeJSON(batchError{ID: id, Line: line, Code: rapporteur.ErrorCode(err), Error: err.Error()}, false)
	return data
}

type batchResult struct {
	data   []byte
	failed bool
}

// runBatch is `extract --jsonl`.
func (c *ExtractCommand) runBatch(ctx context.Context, in *intake.Intake, o *extractOptions) error {
	var r io.Reader = c.Main.Stdin
	if o.jsonl != "-" {
		f, err := intake.OpenFile(o.jsonl)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	n, failed, err := batch(ctx, in, r, c.Main.Stdout, o.workers)
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(c.Main.Stderr, "rapporteur: extract: %d of %d records could not be extracted; see their \"error\" lines\n", failed, n)
	}
	return nil
}

// batch extracts every JSON Lines record of r and writes one line for each
// to w, in input order. Records are read as they are needed, not all at
// once: at most a few per worker are in memory at any time, each within
// the intake's size limit. It returns the number of records and of failed
// ones; its error is for failures of the whole batch (reading r, writing w).
func batch(ctx context.Context, in *intake.Intake, r io.Reader, w io.Writer, workers int) (n, failed int, err error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var writeErr error
	err = intake.Ordered(ctx, r, in.Limit(), workers, 2*workers,
		func(l intake.Line) batchResult { return batchRecord(ctx, in, l) },
		func(res batchResult, more bool) error {
			n++
			if res.failed {
				failed++
			}
			if _, writeErr = bw.Write(res.data); writeErr == nil && !more {
				// Nothing else is ready: pass on what we have, so that a
				// slow producer (tail -f | rapporteur …) sees results as
				// they come.
				writeErr = bw.Flush()
			}
			return writeErr
		})
	if writeErr == nil {
		writeErr = bw.Flush()
	}
	switch {
	case writeErr != nil:
		return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "write output: %w", writeErr)
	case errors.Is(err, context.Canceled):
		return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "extract: interrupted after %d records", n)
	}
	return n, failed, err
}

// batchRecord extracts one record, or describes why it cannot.
func batchRecord(ctx context.Context, in *intake.Intake, l intake.Line) batchResult {
	rec, err := l.Decode(in.Limit())
	if err != nil {
		return batchResult{data: errorLine(rec.ID, l.N, err), failed: true}
	}
	a, err := in.Record(ctx, rec)
	if err != nil {
		return batchResult{data: errorLine(rec.ID, l.N, intake.Prefix("line "+strconv.Itoa(l.N), err)), failed: true}
	}
	data, err := encodeArticle(a, false)
	if err != nil {
		return batchResult{data: errorLine(rec.ID, l.N, err), failed: true}
	}
	return batchResult{data: data}
}
