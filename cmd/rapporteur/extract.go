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
	"mime"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
)

// DefaultMaxBytes is the default size limit of one input: a file, a
// fetched page or one JSON Lines record.
const DefaultMaxBytes = 20 << 20

// DefaultTimeLimit is the default time one article may take to extract. A
// news article takes milliseconds; the limit is for inputs that are long and
// repetitive enough to make some stage slow, so that they cannot stall a
// batch.
const DefaultTimeLimit = 2 * time.Minute

// ExtractCommand is `rapporteur extract`: one article from a file, a URL or
// stdin, or a batch of them from JSON Lines.
type ExtractCommand struct{ Main *Main }

// extractOptions are the flags of `rapporteur extract`.
type extractOptions struct {
	pretty       bool
	jsonl        string
	as           string
	maxBytes     int64
	timeout      time.Duration
	allowPrivate bool
	allowAddrs   string
	workers      int
	timeLimit    time.Duration
}

// Usage returns the help text.
func (c *ExtractCommand) Usage() string {
	return `usage: rapporteur extract [options] FILE|URL|-
       rapporteur extract [options] --jsonl FILE|-

Extract reads one news article (plain text, HTML, or the page at a URL; "-"
reads stdin) and prints it as one JSON object: the clean text, title,
credits, attributed statements with their speakers, and entities.

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
  --workers N         batch workers (default: the number of CPUs Go may use)
  --time-limit D      give up on an article whose extraction takes longer (default 2m)
  --timeout D         time limit for fetching a URL (default 30s)
  --allow-private     let URLs reach private, loopback and link-local addresses
  --allow-addr LIST   let URLs reach these addresses or networks only
                      (comma-separated, e.g. 10.1.2.3,192.168.0.0/24)
`
}

// Run runs the command.
func (c *ExtractCommand) Run(ctx context.Context, args []string) error {
	o := extractOptions{}
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.pretty, "pretty", false, "")
	fs.StringVar(&o.jsonl, "jsonl", "", "")
	fs.StringVar(&o.as, "as", "", "")
	fs.Int64Var(&o.maxBytes, "max-bytes", DefaultMaxBytes, "")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "")
	fs.DurationVar(&o.timeLimit, "time-limit", DefaultTimeLimit, "")
	fs.DurationVar(&o.timeout, "timeout", fetch.DefaultTimeout, "")
	fs.BoolVar(&o.allowPrivate, "allow-private", false, "")
	fs.StringVar(&o.allowAddrs, "allow-addr", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case o.as != "" && o.as != "text" && o.as != "html":
		return rapporteur.Errorf(rapporteur.EINVALID, "extract: --as must be text or html, not %q", o.as)
	case o.maxBytes <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "extract: --max-bytes must be positive")
	case o.workers <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "extract: --workers must be positive")
	case o.timeLimit <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "extract: --time-limit must be positive")
	case o.jsonl != "" && len(pos) != 0, o.jsonl == "" && len(pos) != 1:
		return errUsage
	}

	p, err := c.Main.pipeline()
	if err != nil {
		return err
	}
	if o.jsonl != "" {
		return c.runBatch(ctx, p, &o)
	}
	a, err := c.extractOne(ctx, p, pos[0], &o)
	if err != nil {
		return err
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
				return nil, errUsage
			}
			return nil, fmt.Errorf("%v: %w", err, errUsage)
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

// extractOne reads one article from a file, a URL or stdin.
func (c *ExtractCommand) extractOne(ctx context.Context, p *Pipeline, arg string, o *extractOptions) (rapporteur.Article, error) {
	var (
		data    []byte
		kind    = o.as
		pageURL string
		name    = arg
		err     error
	)
	switch {
	case arg == "-":
		name = "stdin"
		data, err = readLimited(c.Main.Stdin, o.maxBytes, name)
	case strings.Contains(arg, "://"):
		var page *fetch.Page
		page, err = fetchPage(ctx, arg, o)
		if err == nil {
			data, pageURL = fetch.DecodeCharset(page.Body, page.ContentType), page.URL
			if kind == "" {
				kind, err = kindOfContentType(page.ContentType, arg)
			}
		}
	default:
		data, err = readFile(arg, o.maxBytes)
		if ext := strings.ToLower(filepath.Ext(arg)); kind == "" && (ext == ".html" || ext == ".htm" || ext == ".xhtml") {
			kind = "html"
		}
	}
	if err != nil {
		return rapporteur.Article{}, err
	}
	if kind == "" {
		kind = sniff(data)
	}
	var a rapporteur.Article
	if kind == "html" {
		if err := checkHTML(data, name); err != nil {
			return a, err
		}
		a, err = limited(ctx, o.timeLimit, func() (rapporteur.Article, error) { return p.HTML("", data, pageURL) })
	} else {
		var text string
		if text, err = checkText(data, name); err != nil {
			return a, err
		}
		a, err = limited(ctx, o.timeLimit, func() (rapporteur.Article, error) { return p.Text("", text) })
		if a.URL == "" {
			a.URL = pageURL
		}
	}
	if err != nil {
		return a, withPrefix("extract "+name, err)
	}
	return a, nil
}

// fetchPage downloads a URL with the limits and address policy of the flags.
func fetchPage(ctx context.Context, rawURL string, o *extractOptions) (*fetch.Page, error) {
	allow, err := parsePrefixes(o.allowAddrs)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "extract: --allow-addr: %w", err)
	}
	pol := fetch.Policy{AllowPrivate: o.allowPrivate, Allow: allow}
	cl := &fetch.Client{Policy: pol, MaxBytes: o.maxBytes, Timeout: o.timeout}
	return cl.Fetch(ctx, rawURL)
}

// kindOfContentType says how to read a fetched page: "html", "text", or
// "" to sniff the body.
func kindOfContentType(ct, rawURL string) (string, error) {
	if ct == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", nil
	}
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return "html", nil
	case mt == "text/plain":
		return "text", nil
	case mt == "application/octet-stream" || mt == "text/xml" || mt == "application/xml":
		return "", nil
	}
	return "", rapporteur.Errorf(rapporteur.EINVALID, "extract %s: the page is %s, not HTML or plain text", rawURL, mt)
}

// readFile reads a file of at most max bytes. A regular file over the limit
// is refused from its size, without reading it.
func readFile(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%w", err)
	}
	if fi.IsDir() {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%s is a directory, not an article", name)
	}
	if fi.Mode().IsRegular() && fi.Size() > max {
		return nil, tooLarge(name, max)
	}
	return readLimited(f, max, name)
}

// readLimited reads r to its end, refusing more than max bytes without
// reading (or holding) more than one byte past the limit.
func readLimited(r io.Reader, max int64, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "read %s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, tooLarge(name, max)
	}
	return data, nil
}

func tooLarge(name string, max int64) error {
	return rapporteur.Errorf(rapporteur.ETOOLARGE, "%s is larger than the limit of %d bytes (see --max-bytes)", name, max)
}

// sniff guesses whether data is HTML: it is when it starts, after a byte
// order mark and white space, with a tag, a comment, a doctype or an XML
// declaration.
func sniff(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n\f")
	if len(data) >= 2 && data[0] == '<' {
		c := data[1]
		if c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
			return "html"
		}
	}
	return "text"
}

// checkHTML refuses what cannot be a page: nothing at all, or binary data.
// Only the start is checked for NUL bytes, as git does, since the charset
// of a page is for extract to decode.
func checkHTML(data []byte, name string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return rapporteur.Errorf(rapporteur.EINVALID, "%s is empty", name)
	}
	head := data[:min(len(data), 8000)]
	if i := bytes.IndexByte(head, 0); i >= 0 && !utf16BOM(data) {
		return binary(name, i)
	}
	return nil
}

func binary(name string, at int) error {
	return rapporteur.Errorf(rapporteur.EINVALID, "%s is binary data (a NUL byte at offset %d), not text or HTML", name, at)
}

// checkText returns data as a string if it is non-empty UTF-8 text. A
// UTF-8 byte order mark is dropped and UTF-16 with a byte order mark
// (as some Windows editors save) is converted.
func checkText(data []byte, name string) (string, error) {
	if utf16BOM(data) {
		data = decodeUTF16(data)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return "", rapporteur.Errorf(rapporteur.EINVALID, "%s is empty", name)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", binary(name, i)
	}
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return "", rapporteur.Errorf(rapporteur.EINVALID, "%s is not valid UTF-8 (byte 0x%02x at offset %d, line %d); convert it to UTF-8 first", name, data[i], i, line)
	}
	return string(data), nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

func utf16BOM(data []byte) bool {
	return len(data) >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff))
}

// decodeUTF16 converts UTF-16 with a byte order mark to UTF-8.
func decodeUTF16(data []byte) []byte {
	little := data[0] == 0xff
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if little {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		} else {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
	}
	return []byte(string(utf16.Decode(u)))
}

// safely runs one pipeline call, turning a panic into an EINTERNAL error so
// that one bad article neither crashes a batch nor shows a user a stack
// trace without an explanation.
func safely(f func() (rapporteur.Article, error)) (a rapporteur.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = rapporteur.Errorf(rapporteur.EINTERNAL, "internal error (please report it with the input): %v", r)
		}
	}()
	return f()
}

// limited runs one pipeline call (through safely) and waits for it at most
// limit, or until ctx is done. The stages are pure functions that cannot be
// stopped, so a call that runs over is left to finish on its own, and its
// result is dropped; each input is bounded in size, so it does finish.
func limited(ctx context.Context, limit time.Duration, f func() (rapporteur.Article, error)) (rapporteur.Article, error) {
	type result struct {
		a   rapporteur.Article
		err error
	}
	done := make(chan result, 1)
	go func() {
		a, err := safely(f)
		done <- result{a, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.a, r.err
	case <-timer.C:
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.ETOOLARGE, "extraction took longer than the time limit of %s (see --time-limit); the article is too long or too repetitive", limit)
	case <-ctx.Done():
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINTERNAL, "interrupted")
	}
}

// withPrefix prefixes an error's message, keeping its code.
func withPrefix(prefix string, err error) error {
	var e *rapporteur.Error
	if errors.As(err, &e) {
		return &rapporteur.Error{Code: e.Code, Message: prefix + ": " + e.Message, Err: err}
	}
	return rapporteur.Errorf(rapporteur.EINTERNAL, "%s: %w", prefix, err)
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

// batchInput is one JSON Lines record of `extract --jsonl`.
type batchInput struct {
	ID    json.RawMessage `json:"id"`
	Title string          `json:"title"`
	Text  *string         `json:"text"`
	HTML  *string         `json:"html"`
	URL   string          `json:"url"`
}

// batchError is the output line of a record that could not be extracted.
type batchError struct {
	ID    string `json:"id"`
	Line  int    `json:"line"`
	Code  string `json:"code"`
	Error string `json:"error"`
}

type batchResult struct {
	data   []byte
	failed bool
}

// runBatch is `extract --jsonl`.
func (c *ExtractCommand) runBatch(ctx context.Context, p *Pipeline, o *extractOptions) error {
	var r io.Reader = c.Main.Stdin
	if o.jsonl != "-" {
		f, err := os.Open(o.jsonl)
		if err != nil {
			return rapporteur.Errorf(rapporteur.EINVALID, "%w", err)
		}
		defer f.Close()
		r = f
	}
	n, failed, err := batch(ctx, p, r, c.Main.Stdout, o.maxBytes, o.workers, o.timeLimit)
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
// once: at most a few per worker are in memory at any time, each at most
// maxBytes long. It returns the number of records and of failed ones; its
// error is for failures of the whole batch (reading r, writing w).
func batch(ctx context.Context, p *Pipeline, r io.Reader, w io.Writer, maxBytes int64, workers int, timeLimit time.Duration) (n, failed int, err error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var writeErr error
	err = orderedLines(ctx, r, maxBytes, workers, 2*workers,
		func(j lineJob) batchResult { return batchRecord(ctx, p, j, maxBytes, timeLimit) },
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
func batchRecord(ctx context.Context, p *Pipeline, j lineJob, maxBytes int64, timeLimit time.Duration) batchResult {
	fail := func(id string, err error) batchResult {
		code := rapporteur.ErrorCode(err)
		data, _ := encodeJSON(batchError{ID: id, Line: j.line, Code: code, Error: err.Error()}, false)
		return batchResult{data: data, failed: true}
	}
	if j.tooLarge {
		return fail("", rapporteur.Errorf(rapporteur.ETOOLARGE, "line %d is larger than the limit of %d bytes (see --max-bytes)", j.line, maxBytes))
	}
	var in batchInput
	if err := json.Unmarshal(j.data, &in); err != nil {
		return fail("", rapporteur.Errorf(rapporteur.EINVALID, "line %d is not a JSON object: %v", j.line, err))
	}
	id := rawID(in.ID)
	if !utf8.Valid(j.data) {
		i := invalidUTF8(j.data)
		return fail(id, rapporteur.Errorf(rapporteur.EINVALID, "line %d is not valid UTF-8 (byte 0x%02x at offset %d)", j.line, j.data[i], i))
	}
	var (
		a   rapporteur.Article
		err error
	)
	switch {
	case in.Text != nil:
		a, err = limited(ctx, timeLimit, func() (rapporteur.Article, error) { return p.Verbatim(id, in.Title, *in.Text) })
		if a.URL == "" {
			a.URL = in.URL
		}
	case in.HTML != nil:
		a, err = limited(ctx, timeLimit, func() (rapporteur.Article, error) { return p.HTML(id, []byte(*in.HTML), in.URL) })
	default:
		err = rapporteur.Errorf(rapporteur.EINVALID, "line %d has neither \"text\" nor \"html\"", j.line)
	}
	if err != nil {
		return fail(id, err)
	}
	if a.ID == "" {
		a.ID = id
	}
	data, err := encodeArticle(a, false)
	if err != nil {
		return fail(id, err)
	}
	return batchResult{data: data}
}

// rawID reads a record's id, which may be a JSON string or a number.
func rawID(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	var s string
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	} else if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
