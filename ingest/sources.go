package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/intake"
)

// pageAccept is the Accept header of a URL given to ingest, which may be
// an article or a feed.
const pageAccept = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, text/plain;q=0.9, */*;q=0.5"

// planned is one local file to read, with its kind.
type planned struct {
	path string
	kind intake.Kind
	err  error
}

// Ingest stores the articles of each source, in order. A source is a file,
// a directory (its files, recursively, hidden ones left out), "-" (JSON
// Lines on stdin), or an http or https URL: a feed, an OPML list or an
// article page. Files are read by their name (.jsonl, .warc.gz, .opml,
// .html, .txt …) or, failing that, by their first bytes.
//
// An item that cannot be read or stored is reported through OnResult and
// counted as failed; the ingest goes on. The error is for the ingest as a
// whole, which only stdin failing to read causes.
func (ing *Ingester) Ingest(ctx context.Context, sources []string, stdin io.Reader) (Summary, error) {
	// Local sources are listed and JSON Lines files counted first, so the
	// progress bar knows the total from the start.
	plans := make([][]planned, len(sources))
	for i, src := range sources {
		if src == "-" {
			continue // counted line by line
		}
		if isURL(src) {
			ing.expect(1)
			continue
		}
		plans[i] = ing.plan(src)
	}
	return ing.run(ctx, func(ctx context.Context, emit emitFunc) error {
		for i, src := range sources {
			var err error
			switch {
			case src == "-":
				err = ing.jsonl(ctx, emit, stdin, "stdin", false)
			case isURL(src):
				err = ing.url(ctx, emit, src)
			default:
				for _, p := range plans[i] {
					if err = ing.file(ctx, emit, p); err != nil {
						break
					}
				}
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// IngestJSONL stores the articles of JSON Lines read from r; name says
// where they come from in results ("demo.jsonl"). Lines are those of
// `rapporteur extract --jsonl` (id, title, text or html, url), with the
// optional fields published (or date), site (or source) and authors.
func (ing *Ingester) IngestJSONL(ctx context.Context, r io.Reader, name string) (Summary, error) {
	return ing.run(ctx, func(ctx context.Context, emit emitFunc) error {
		return ing.jsonl(ctx, emit, r, name, false)
	})
}

// IngestLines is IngestJSONL that tells each result to each, in input
// order, instead of OnResult: for callers that share one Ingester, such as
// the bulk endpoint of the HTTP API, each with its own answer to write.
func (ing *Ingester) IngestLines(ctx context.Context, r io.Reader, name string, each func(Result)) (Summary, error) {
	sub := *ing
	sub.OnExpect, sub.OnResult = nil, each
	return sub.IngestJSONL(ctx, r, name)
}

// FeedItems stores the items of a polled feed: each item's page is
// fetched and extracted (the item's own content is used when the page
// cannot be fetched), except items whose URL is stored already. It is the
// feed.Sink of the poller. Its error is nil unless every item failed.
func (ing *Ingester) FeedItems(ctx context.Context, f *rapporteur.Feed, items []feed.Item) error {
	var firstErr error
	onResult := ing.OnResult
	sub := *ing
	sub.OnExpect = nil
	sub.OnResult = func(r Result) {
		if r.Err != nil && firstErr == nil {
			firstErr = r.Err
		}
		if onResult != nil {
			onResult(r)
		}
	}
	sum, err := sub.run(ctx, func(ctx context.Context, emit emitFunc) error {
		for i, it := range items {
			if err := emit(ing.itemJob(fmt.Sprintf("%s item %d", f.URL, i+1), it, f.ID)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if sum.Failed > 0 && sum.Failed == sum.Total() {
		return rapporteur.Errorf(rapporteur.ErrorCode(firstErr), "all %d items failed; the first: %s", sum.Failed, firstErr.Error())
	}
	return nil
}

func isURL(s string) bool {
	ls := strings.ToLower(s)
	return strings.HasPrefix(ls, "http://") || strings.HasPrefix(ls, "https://")
}

// plan lists the files of a path with their kinds, counting what it can.
func (ing *Ingester) plan(src string) []planned {
	fi, err := os.Stat(src)
	if err != nil {
		ing.expect(1)
		return []planned{{path: src, err: rapporteur.Errorf(rapporteur.EINVALID, "cannot read %s: %w", src, errors.Unwrap(err))}}
	}
	var files []string
	if fi.IsDir() {
		err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				files = append(files, path) // reported when read
				return nil
			}
			if path != src && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			} else if d.Type()&fs.ModeSymlink != 0 {
				if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
					files = append(files, path)
				}
			}
			return nil
		})
	} else {
		files = []string{src}
	}
	plans := make([]planned, 0, len(files))
	for _, f := range files {
		kind, err := intake.FileKind(f)
		plans = append(plans, planned{path: f, kind: kind, err: err})
		switch {
		case err != nil, kind == intake.KindHTML, kind == intake.KindText:
			ing.expect(1)
		case kind == intake.KindJSONL:
			if n, err := countLines(f); err == nil {
				ing.expect(n)
			}
		}
	}
	return plans
}

// file emits the items of one planned file.
func (ing *Ingester) file(ctx context.Context, emit emitFunc, p planned) error {
	if p.err != nil {
		return emit(&job{where: p.path, res: Result{Err: p.err}})
	}
	switch p.kind {
	case intake.KindJSONL:
		f, err := intake.OpenFile(p.path)
		if err != nil {
			return emit(&job{where: p.path, res: Result{Err: err}})
		}
		defer f.Close()
		return ing.jsonl(ctx, emit, f, p.path, true)
	case intake.KindWARC:
		return ing.warc(ctx, emit, p.path)
	case intake.KindOPML, intake.KindFeed:
		data, err := intake.ReadFile(p.path, ing.Intake.Limit())
		if err != nil {
			return emit(&job{where: p.path, res: Result{Err: err}})
		}
		if p.kind == intake.KindOPML {
			return ing.opml(ctx, emit, data, p.path)
		}
		return ing.feedItems(ctx, emit, data, p.path, "", 0)
	}
	path, kind := p.path, p.kind
	return emit(&job{where: path, work: func(ctx context.Context) (*rapporteur.Article, Result) {
		data, err := intake.ReadFile(path, ing.Intake.Limit())
		if err != nil {
			return nil, Result{Err: err}
		}
		return ing.document(ctx, intake.Document{Name: path, Data: data, Kind: kind})
	}})
}

// document extracts the article of a document; its errors name the
// document already.
func (ing *Ingester) document(ctx context.Context, d intake.Document) (*rapporteur.Article, Result) {
	a, err := ing.Intake.Document(ctx, d)
	if err != nil {
		return nil, Result{Where: d.Name, Err: err}
	}
	return &a, Result{Where: d.Name}
}

// countLines counts the non-blank lines of a JSON Lines file, for the
// progress bar's total.
func countLines(path string) (int, error) {
	f, err := intake.OpenFile(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return intake.CountLines(f)
}

// jsonl emits one job per non-blank line of r. counted says the lines
// were counted for the progress bar already.
func (ing *Ingester) jsonl(ctx context.Context, emit emitFunc, r io.Reader, name string, counted bool) error {
	if r == nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "%s: nothing to read", name)
	}
	max := ing.Intake.Limit()
	last := 0
	err := intake.EachLine(ctx, r, max, func(l intake.Line) error {
		last = l.N
		where := name + ":" + strconv.Itoa(l.N)
		if !counted {
			ing.expect(1)
		}
		j := &job{where: where, line: l.N}
		if l.TooLarge {
			j.res.Err = intake.TooLarge(where, max)
		} else {
			j.work = func(ctx context.Context) (*rapporteur.Article, Result) { return ing.record(ctx, where, l.Data) }
		}
		return emit(j)
	})
	if err != nil && ctx.Err() == nil {
		// A read error ends this source (a broken gzip stream, a closed
		// pipe, a request body over its limit), reported as a failed
		// item; the other sources go on.
		return emit(&job{where: name, line: last + 1, res: Result{Err: intake.Prefix(name, err)}})
	}
	return err
}

// record extracts the article of one JSON Lines record.
func (ing *Ingester) record(ctx context.Context, where string, data []byte) (*rapporteur.Article, Result) {
	rec, err := intake.DecodeRecord(data)
	if err == nil {
		var a rapporteur.Article
		if a, err = ing.Intake.Record(ctx, rec); err == nil {
			return &a, Result{}
		}
	}
	return nil, Result{Err: intake.Prefix(where, err)}
}

// warc emits the pages of a WARC file: response records with a 200
// answer and resource records, of HTML or plain text. Other records of
// those types (images, scripts, redirects, revisits) are skipped results;
// warcinfo, request and metadata records are not items at all.
func (ing *Ingester) warc(ctx context.Context, emit emitFunc, path string) error {
	// Spec violations are collected, not fatal: crawls in the wild break
	// the spec in small ways, and a policy above ErrIgnore is also what
	// makes the reader keep each record's block (in memory, or a temporary
	// file when large) for us to read after Next.
	r, err := gowarc.NewWarcFileReader(path, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBufferTmpDir(os.TempDir()),
	)
	if err != nil {
		return emit(&job{where: path, res: Result{Err: rapporteur.Errorf(rapporteur.EINVALID, "%s is not a WARC file: %w", path, err)}})
	}
	defer r.Close()
	for n := 0; ; n++ {
		rec, err := r.Next()
		if err == io.EOF {
			if n == 0 {
				return emit(&job{where: path, res: Result{Err: rapporteur.Errorf(rapporteur.EINVALID, "%s has no WARC records", path)}})
			}
			return nil
		}
		where := fmt.Sprintf("%s@%d", path, rec.Offset)
		if err != nil {
			// A record that cannot be framed ends the file: the reader
			// cannot find the next record after it.
			if rec.WarcRecord != nil {
				rec.Close()
			}
			return emit(&job{where: where, res: Result{Err: rapporteur.Errorf(rapporteur.EINVALID, "%s: broken WARC record: %w", where, err)}})
		}
		j := ing.warcRecord(where, rec.WarcRecord)
		rec.Close()
		if j == nil {
			continue
		}
		ing.expect(1)
		if err := emit(j); err != nil {
			return err
		}
	}
}

// warcRecord returns the job of one WARC record, or nil for a record that
// is no item.
func (ing *Ingester) warcRecord(where string, wr gowarc.WarcRecord) *job {
	var (
		contentType string
		payload     func() (io.Reader, error)
	)
	switch wr.Type() {
	case gowarc.Response:
		hb, ok := wr.Block().(gowarc.HttpResponseBlock)
		if !ok {
			return nil // a response of another protocol (DNS)
		}
		if code := hb.HttpStatusCode(); code != 200 {
			return &job{where: where, res: Result{Skipped: fmt.Sprintf("HTTP status %d", code)}}
		}
		if h := hb.HttpHeader(); h != nil {
			contentType = h.Get("Content-Type")
		}
		payload = hb.PayloadBytes
	case gowarc.Resource:
		// A resource record's block is the document itself.
		contentType = wr.WarcHeader().Get(gowarc.ContentType)
		payload = wr.Block().RawBytes
	case gowarc.Revisit:
		return &job{where: where, res: Result{Skipped: "revisit record"}}
	default:
		return nil
	}
	target := wr.WarcHeader().Get(gowarc.WarcTargetURI)
	body, err := payload()
	if err != nil {
		return &job{where: where, res: Result{Err: rapporteur.Errorf(rapporteur.EINVALID, "%s: read record: %w", where, err)}}
	}
	data, err := intake.ReadLimited(body, ing.Intake.Limit(), where)
	if err != nil {
		return &job{where: where, res: Result{Err: err}}
	}
	kind := intake.PageKind(contentType, data)
	if kind != intake.KindHTML && kind != intake.KindText {
		mt := contentType
		if mt == "" {
			mt = "no content type"
		}
		return &job{where: where, res: Result{Skipped: "not an HTML or text page (" + mt + ")"}}
	}
	meta := rapporteur.ArticleMeta{}
	if t, err := wr.Date(); err == nil {
		meta.Fetched = t
	}
	d := intake.Document{Name: where, Data: fetch.DecodeCharset(data, contentType), Kind: kind, URL: intake.WebURL(target)}
	return &job{where: where, meta: meta, work: func(ctx context.Context) (*rapporteur.Article, Result) {
		return ing.document(ctx, d)
	}}
}

// url emits the items of a URL: the entries of a feed, the feeds of an
// OPML list, or the page itself.
func (ing *Ingester) url(ctx context.Context, emit emitFunc, rawURL string) error {
	if ing.Web == nil {
		return emit(&job{where: rawURL, res: Result{Err: rapporteur.Errorf(rapporteur.EFORBID, "%s: fetching URLs is not enabled", rawURL)}})
	}
	page, err := ing.Web.Get(ctx, fetch.Request{URL: rawURL, Accept: pageAccept})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return emit(&job{where: rawURL, res: Result{Err: err}})
	}
	body := page.Body
	switch kind := intake.PageKind(page.ContentType, body); kind {
	case intake.KindFeed:
		ing.expect(-1) // the URL is its items, counted once parsed
		feedID := ing.subscribe(ctx, rawURL, "", page)
		return ing.feedItems(ctx, emit, body, page.URL, rawURL, feedID)
	case intake.KindOPML:
		ing.expect(-1)
		return ing.opml(ctx, emit, body, rawURL)
	case intake.KindHTML, intake.KindText:
		d := intake.Document{Name: rawURL, Data: fetch.DecodeCharset(body, page.ContentType), Kind: kind, URL: page.URL}
		return emit(&job{where: rawURL, work: func(ctx context.Context) (*rapporteur.Article, Result) {
			a, r := ing.document(ctx, d)
			if a != nil {
				// The URL asked for is the key, so that asking again
				// finds the article even when the page redirects.
				a.URL = rawURL
			}
			return a, r
		}})
	default:
		return emit(&job{where: rawURL, res: Result{Err: rapporteur.Errorf(rapporteur.EINVALID, "%s is %s, not an article, a feed or an OPML list", rawURL, page.ContentType)}})
	}
}

// opml emits the items of every feed of an OPML list.
func (ing *Ingester) opml(ctx context.Context, emit emitFunc, data []byte, where string) error {
	subs, err := feed.ParseOPML(data)
	if err != nil {
		return emit(&job{where: where, res: Result{Err: intake.Prefix(where, err)}})
	}
	for _, s := range subs {
		if ing.Web == nil {
			if err := emit(&job{where: s.URL, res: Result{Err: rapporteur.Errorf(rapporteur.EFORBID, "%s: fetching URLs is not enabled", s.URL)}}); err != nil {
				return err
			}
			continue
		}
		page, err := ing.Web.Get(ctx, fetch.Request{URL: s.URL, Accept: feed.Accept})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err := emit(&job{where: s.URL, res: Result{Err: err}}); err != nil {
				return err
			}
			continue
		}
		feedID := ing.subscribe(ctx, s.URL, s.Title, page)
		if err := ing.feedItems(ctx, emit, page.Body, page.URL, s.URL, feedID); err != nil {
			return err
		}
	}
	return nil
}

// subscribe subscribes to a feed when the ingester is asked to, saving
// the validators of the response just read so the first poll can be
// conditional. It returns the feed's id, 0 when not subscribing.
func (ing *Ingester) subscribe(ctx context.Context, feedURL, title string, page *fetch.Page) int64 {
	if !ing.Subscribe {
		return 0
	}
	f := &rapporteur.Feed{URL: feedURL, Title: title}
	if err := ing.Store.CreateFeed(ctx, f); err != nil {
		if rapporteur.ErrorCode(err) != rapporteur.ECONFLICT {
			return 0
		}
		feeds, err := ing.Store.Feeds(ctx)
		if err != nil {
			return 0
		}
		f = nil
		for _, g := range feeds {
			if g.URL == feedURL {
				f = g
			}
		}
		if f == nil {
			return 0
		}
	}
	f.ETag, f.LastModified, f.LastFetched = page.ETag, page.LastModified, time.Now()
	ing.Store.UpdateFeed(ctx, f)
	return f.ID
}

// feedItems emits the entries of a feed document. where names the feed
// in results; base resolves its relative links.
func (ing *Ingester) feedItems(ctx context.Context, emit emitFunc, data []byte, base, where string, feedID int64) error {
	if where == "" {
		where = base
	}
	parsed, err := feed.Parse(data, base)
	if err != nil {
		return emit(&job{where: where, res: Result{Err: intake.Prefix(where, err)}})
	}
	ing.expect(len(parsed.Items))
	for i, it := range parsed.Items {
		if err := emit(ing.itemJob(fmt.Sprintf("%s item %d", where, i+1), it, feedID)); err != nil {
			return err
		}
	}
	return nil
}

// itemJob is the job of one feed entry: an entry whose URL is stored
// already is unchanged; otherwise its page is fetched and extracted, and
// when that fails, its own content is.
func (ing *Ingester) itemJob(where string, it feed.Item, feedID int64) *job {
	return &job{where: where, itemURL: it.URL, meta: rapporteur.ArticleMeta{FeedID: feedID}, work: func(ctx context.Context) (*rapporteur.Article, Result) {
		if it.URL != "" {
			where = it.URL
			if id, err := ing.Store.ArticleIDByURL(ctx, it.URL); err == nil {
				return nil, Result{Where: where, ID: id, Status: rapporteur.PutUnchanged}
			}
		}
		var (
			a   *rapporteur.Article
			res Result
		)
		content := intake.Document{Name: where, Data: []byte(it.HTML), Kind: intake.KindHTML, URL: intake.WebURL(it.URL)}
		switch {
		case it.URL != "" && ing.Web != nil:
			page, err := ing.Web.Get(ctx, fetch.Request{URL: it.URL})
			if err == nil {
				var pa rapporteur.Article
				if pa, err = ing.Intake.Page(ctx, it.URL, page); err == nil {
					a, res = &pa, Result{Where: where}
				}
			}
			if err != nil {
				if ctx.Err() != nil || strings.TrimSpace(it.HTML) == "" {
					return nil, Result{Where: where, Err: err}
				}
				// The entry's own content is better than nothing.
				a, res = ing.document(ctx, content)
			}
		case strings.TrimSpace(it.HTML) != "":
			a, res = ing.document(ctx, content)
		default:
			return nil, Result{Where: where, Err: rapporteur.Errorf(rapporteur.EINVALID, "%s: the entry has neither a link nor content", where)}
		}
		if a == nil {
			return nil, res
		}
		if u := intake.WebURL(it.URL); u != "" {
			a.URL = u
		}
		if a.Title == "" {
			a.Title = it.Title
		}
		if it.Published != nil {
			a.Published = it.Published
		}
		if len(a.Authors) == 0 {
			a.Authors = it.Authors
		}
		return a, Result{Where: where}
	}}
}
