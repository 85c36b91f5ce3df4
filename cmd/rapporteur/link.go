package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/story"
)

// LinkCommand is `rapporteur link`: near-duplicates and stories of a batch
// of articles, with the code the server runs as articles arrive.
type LinkCommand struct{ Main *Main }

// Usage returns the help text.
func (c *LinkCommand) Usage() string {
	return `usage: rapporteur link [options] --jsonl FILE|-

Link reads articles as JSON Lines, in the order they arrived, and says for
each whether it is a copy of an earlier article (the same wire story) and
which story (the coverage of one event) it belongs to.

Each input line is a JSON object {"id", "title"?, "text" or "html", "url"?,
"published"?}, as for "rapporteur extract --jsonl", where "published" is a
date (2006-01-02) or a time (RFC 3339); an article without one is taken as
published when it arrives. The articles are extracted and attributed, then
linked one after the other.

One line is printed per input line, in input order:
  {"id": …, "duplicate_of": "<id of the first copy>" or null, "story": "<story id>"}
A story's ID is the ID of its first article; when two stories merge, all
their articles are printed with the ID of the older one. A line that cannot
be read yields {"id", "line", "code", "error"} and the batch goes on.

Options:
  --jsonl FILE      the input ("-" for stdin)
  --max-bytes N     refuse JSON Lines records over N bytes (default 20971520)
  --workers N       extraction workers (default: the number of CPUs Go may use)
`
}

// linkInput is one input line of `link --jsonl`.
type linkInput struct {
	batchInput
	Published string `json:"published"`
}

// linkOutput is one output line.
type linkOutput struct {
	ID          string  `json:"id"`
	DuplicateOf *string `json:"duplicate_of"`
	Story       string  `json:"story"`
}

// Run runs the command.
func (c *LinkCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	jsonl := fs.String("jsonl", "", "")
	maxBytes := fs.Int64("max-bytes", DefaultMaxBytes, "")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *jsonl == "" || len(pos) != 0:
		return errUsage
	case *maxBytes <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "link: --max-bytes must be positive")
	case *workers <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "link: --workers must be positive")
	}
	var r io.Reader = c.Main.Stdin
	if *jsonl != "-" {
		f, err := os.Open(*jsonl)
		if err != nil {
			return rapporteur.Errorf(rapporteur.EINVALID, "%w", err)
		}
		defer f.Close()
		r = f
	}
	p, err := c.Main.pipeline()
	if err != nil {
		return err
	}
	l, err := story.New(story.Config{})
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "link: %w", err)
	}
	n, failed, err := linkBatch(ctx, p, l, r, c.Main.Stdout, *maxBytes, *workers)
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(c.Main.Stderr, "rapporteur: link: %d of %d records could not be read; see their \"error\" lines\n", failed, n)
	}
	return nil
}

// linkRecordResult is one record prepared for linking, or its error line.
type linkRecordResult struct {
	prep story.Prepared
	err  []byte
}

// linkBatch extracts the records of r in parallel, links them in input
// order, and prints one line per record once all are linked (a story's ID
// is only final when its merges are known). It returns the number of
// records and of failed ones.
func linkBatch(ctx context.Context, p *Pipeline, l *story.Linker, r io.Reader, w io.Writer, maxBytes int64, workers int) (n, failed int, err error) {
	type result struct {
		link story.Link
		err  []byte
	}
	var results []result
	err = orderedLines(ctx, r, maxBytes, workers, 4*workers,
		func(j lineJob) linkRecordResult { return linkRecord(p, l, j, maxBytes) },
		func(res linkRecordResult, _ bool) error {
			n++
			if res.err != nil {
				failed++
				results = append(results, result{err: res.err})
			} else {
				results = append(results, result{link: l.Commit(res.prep)})
			}
			return nil
		})
	if errors.Is(err, context.Canceled) {
		return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "link: interrupted after %d records", n)
	} else if err != nil {
		return n, failed, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, res := range results {
		data := res.err
		if data == nil {
			out := linkOutput{ID: res.link.ID, Story: l.Resolve(res.link.Story)}
			if res.link.DuplicateOf != "" {
				out.DuplicateOf = &res.link.DuplicateOf
			}
			if data, err = encodeJSON(out, false); err != nil {
				return n, failed, err
			}
		}
		if _, err := bw.Write(data); err != nil {
			return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "write output: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "write output: %w", err)
	}
	return n, failed, nil
}

// linkRecord extracts and prepares one record, or gives its error line.
func linkRecord(p *Pipeline, l *story.Linker, j lineJob, maxBytes int64) linkRecordResult {
	fail := func(id string, err error) linkRecordResult {
		data, _ := encodeJSON(batchError{ID: id, Line: j.line, Code: rapporteur.ErrorCode(err), Error: err.Error()}, false)
		return linkRecordResult{err: data}
	}
	if j.tooLarge {
		return fail("", rapporteur.Errorf(rapporteur.ETOOLARGE, "line %d is larger than the limit of %d bytes (see --max-bytes)", j.line, maxBytes))
	}
	a, err := readLinkRecord(p, j.data, j.line)
	if err != nil {
		return fail(a.ID, err)
	}
	return linkRecordResult{prep: l.Prepare(a)}
}

// readLinkRecord reads one JSON Lines record and runs the pipeline on it.
// The returned article carries the record's ID even on error.
func readLinkRecord(p *Pipeline, data []byte, line int) (rapporteur.Article, error) {
	var in linkInput
	if err := json.Unmarshal(data, &in); err != nil {
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "line %d is not a JSON object: %v", line, err)
	}
	id := rawID(in.ID)
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		return rapporteur.Article{ID: id}, rapporteur.Errorf(rapporteur.EINVALID, "line %d is not valid UTF-8 (byte 0x%02x at offset %d)", line, data[i], i)
	}
	if id == "" {
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "line %d has no \"id\": linking needs one to refer to the article", line)
	}
	var published *time.Time
	if s := strings.TrimSpace(in.Published); s != "" {
		t, err := parsePublished(s)
		if err != nil {
			return rapporteur.Article{ID: id}, rapporteur.Errorf(rapporteur.EINVALID, "line %d: \"published\" %q is not a date (2006-01-02) or an RFC 3339 time", line, s)
		}
		published = &t
	}
	var (
		a   rapporteur.Article
		err error
	)
	switch {
	case in.Text != nil:
		a, err = safely(func() (rapporteur.Article, error) { return p.Verbatim(id, in.Title, *in.Text) })
		if a.URL == "" {
			a.URL = in.URL
		}
	case in.HTML != nil:
		a, err = safely(func() (rapporteur.Article, error) { return p.HTML(id, []byte(*in.HTML), in.URL) })
	default:
		err = rapporteur.Errorf(rapporteur.EINVALID, "line %d has neither \"text\" nor \"html\"", line)
	}
	a.ID = id
	if err != nil {
		return a, err
	}
	if published != nil {
		a.Published = published
	}
	if a.Title == "" {
		a.Title = in.Title
	}
	return a, nil
}

// parsePublished reads a date or an RFC 3339 time.
func parsePublished(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse(time.DateOnly, s)
}
