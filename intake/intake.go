// Package intake is the one way in: every entry point (extract, link,
// ingest, the HTTP API, the Analyze page, the feed poller) reads articles
// through it. It owns the input record and its JSON names, decoding
// (charsets, byte order marks, UTF-16), the input checks (UTF-8, sizes,
// http and https URLs only, the accepted date forms) and the call into the
// extraction pipeline, so that one input gets one outcome whichever door it
// comes through.
package intake

import (
	"context"
	"errors"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
)

// Pipeline is the extraction an intake runs: extract, then attribute. It
// must be safe for concurrent use; *Stages is one.
type Pipeline interface {
	// Text reads plain text: a first line followed by a blank line is the
	// title; page furniture leaves the body.
	Text(id, text string) (rapporteur.Article, error)
	// Verbatim keeps the body exactly as given, so its offsets are the
	// input's.
	Verbatim(id, title, text string) (rapporteur.Article, error)
	// HTML reads a page; pageURL, if known, resolves its links.
	HTML(id string, page []byte, pageURL string) (rapporteur.Article, error)
}

// Fetcher downloads a user-given URL politely (robots.txt, per-host
// pacing) through the SSRF guard; *feed.Client is one.
type Fetcher interface {
	Get(ctx context.Context, r fetch.Request) (*fetch.Page, error)
}

// Defaults of an Intake whose fields are zero.
const (
	// DefaultMaxBytes limits one input: a file, a fetched page, a JSON
	// Lines record or a WARC record's payload.
	DefaultMaxBytes = 20 << 20
	// DefaultTimeLimit bounds one article's extraction. A news article
	// takes milliseconds; the limit is for inputs long and repetitive
	// enough to make some stage slow, so that they cannot stall a batch.
	DefaultTimeLimit = 2 * time.Minute
)

// Intake turns records and documents into articles. Its fields must not
// change while it is used; it is safe for concurrent use.
type Intake struct {
	Pipeline Pipeline
	// Fetch reads the URL of a record that has neither text nor html;
	// nil refuses such records.
	Fetch Fetcher
	// MaxBytes limits one input; 0 means DefaultMaxBytes.
	MaxBytes int64
	// TimeLimit bounds one extraction; 0 means DefaultTimeLimit.
	TimeLimit time.Duration
}

// Limit returns the size limit of one input.
func (in *Intake) Limit() int64 {
	if in.MaxBytes > 0 {
		return in.MaxBytes
	}
	return DefaultMaxBytes
}

// Record extracts the article of a checked record (see DecodeRecord): its
// text verbatim, its page, or the page at its URL; then the record's
// metadata overrides what extraction found (title only when none was
// found). The article's ID is the record's, also when it fails.
func (in *Intake) Record(ctx context.Context, rec Record) (rapporteur.Article, error) {
	if err := rec.Check(); err != nil {
		return rapporteur.Article{ID: rec.ID}, err
	}
	var (
		a   rapporteur.Article
		err error
	)
	switch {
	case rec.Text != nil:
		text := *rec.Text
		if len(text) > int(in.Limit()) {
			return rapporteur.Article{ID: rec.ID}, TooLarge("\"text\"", in.Limit())
		}
		a, err = in.run(ctx, func() (rapporteur.Article, error) { return in.Pipeline.Verbatim(rec.ID, rec.Title, text) })
	case rec.HTML != nil:
		a, err = in.Document(ctx, Document{Name: "\"html\"", Data: []byte(*rec.HTML), Kind: KindHTML, URL: rec.URL})
	default:
		a, err = in.FetchURL(ctx, rec.URL)
	}
	a.Name(rec.ID)
	if err != nil {
		return a, err
	}
	if rec.URL != "" {
		a.URL = rec.URL
	}
	if a.Title == "" {
		a.Title = rec.Title
	}
	if rec.Published != nil {
		a.Published = rec.Published
	}
	if rec.Site != "" {
		a.Site = rec.Site
	}
	if len(rec.Authors) > 0 {
		a.Authors = rec.Authors
	}
	return a, nil
}

// Document extracts the article of a document: HTML is checked (not empty,
// not binary) and extracted, text is decoded (byte order marks, UTF-16),
// checked (not empty, not binary, UTF-8) and cleaned by the pipeline.
func (in *Intake) Document(ctx context.Context, d Document) (rapporteur.Article, error) {
	if int64(len(d.Data)) > in.Limit() {
		return rapporteur.Article{}, TooLarge(d.Name, in.Limit())
	}
	kind := d.Kind
	if kind == "" {
		kind = Sniff(d.Data)
	}
	var (
		a   rapporteur.Article
		err error
	)
	switch kind {
	case KindHTML:
		if err := checkHTML(d.Data, d.Name); err != nil {
			return a, err
		}
		a, err = in.run(ctx, func() (rapporteur.Article, error) { return in.Pipeline.HTML("", d.Data, d.URL) })
	case KindText:
		text, cerr := checkText(d.Data, d.Name)
		if cerr != nil {
			return a, cerr
		}
		a, err = in.run(ctx, func() (rapporteur.Article, error) { return in.Pipeline.Text("", text) })
	default:
		return a, rapporteur.Errorf(rapporteur.EINVALID, "%s is a %s document, not an article", d.Name, kind)
	}
	if err != nil {
		return a, Prefix(d.Name, err)
	}
	// A page may name any URL as its own (a canonical link): keep only
	// web addresses, and the one the page was read from when it names
	// none.
	a.URL = WebURL(a.URL)
	if a.URL == "" {
		a.URL = WebURL(d.URL)
	}
	return a, nil
}

// FetchURL reads the article at a URL through the intake's Fetcher.
func (in *Intake) FetchURL(ctx context.Context, rawURL string) (rapporteur.Article, error) {
	u, err := CheckURL(rawURL)
	if err != nil {
		return rapporteur.Article{}, err
	}
	if in.Fetch == nil {
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EFORBID, "fetching URLs is not enabled here: give the article's \"text\" or \"html\"")
	}
	page, err := in.Fetch.Get(ctx, fetch.Request{URL: u})
	if err != nil {
		return rapporteur.Article{}, err
	}
	return in.Page(ctx, u, page)
}

// Page extracts the article of a fetched page; asked is the URL asked for,
// which names the page in errors.
func (in *Intake) Page(ctx context.Context, asked string, page *fetch.Page) (rapporteur.Article, error) {
	kind := PageKind(page.ContentType, page.Body)
	switch kind {
	case KindHTML, KindText:
	case KindFeed, KindOPML:
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "%s is a feed, not an article: subscribe to it instead", asked)
	default:
		ct := page.ContentType
		if ct == "" {
			ct = "of no content type"
		}
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "%s is %s, not an HTML or text page", asked, ct)
	}
	return in.Document(ctx, Document{Name: asked, Data: fetch.DecodeCharset(page.Body, page.ContentType), Kind: kind, URL: page.URL})
}

// run runs one pipeline call, turning a panic into an EINTERNAL error so
// that one bad article neither crashes a batch nor shows a user a stack
// trace, and waits for it at most the time limit, or until ctx is done.
// The stages are pure functions that cannot be stopped, so a call that runs
// over is left to finish on its own and its result dropped; each input is
// bounded in size, so it does finish.
func (in *Intake) run(ctx context.Context, f func() (rapporteur.Article, error)) (rapporteur.Article, error) {
	limit := in.TimeLimit
	if limit <= 0 {
		limit = DefaultTimeLimit
	}
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
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.ETOOLARGE, "extraction took longer than the time limit of %s; the article is too long or too repetitive", limit)
	case <-ctx.Done():
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINTERNAL, "interrupted")
	}
}

func safely(f func() (rapporteur.Article, error)) (a rapporteur.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = rapporteur.Errorf(rapporteur.EINTERNAL, "internal error (please report it with the input): %v", r)
		}
	}()
	return f()
}

// Prefix prefixes an error's message with the place of the input it is
// about ("news.jsonl:12", a path, a URL), keeping its code; an error
// without one is EINTERNAL.
func Prefix(where string, err error) error {
	var e *rapporteur.Error
	if errors.As(err, &e) {
		return &rapporteur.Error{Code: e.Code, Message: where + ": " + e.Message, Err: err}
	}
	return rapporteur.Errorf(rapporteur.EINTERNAL, "%s: %w", where, err)
}
