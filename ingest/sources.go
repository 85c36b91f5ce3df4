package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
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
)

// pageAccept is the Accept header of a URL given to ingest, which may be
// an article or a feed.
const pageAccept = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, text/plain;q=0.9, */*;q=0.5"

// planned is one local file to read, with its kind.
type planned struct {
	path string
	kind string
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
		return []planned{{path: src, err: rapporteur.Errorf(rapporteur.EINVALID, "%w", err)}}
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
		kind, err := fileKind(f)
		plans = append(plans, planned{path: f, kind: kind, err: err})
		switch {
		case err != nil, kind == kindHTML, kind == kindText:
			ing.expect(1)
		case kind == kindJSONL:
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
		return emit(&job{where: p.path, res: Result{Err: withWhere(p.path, p.err)}})
	}
	switch p.kind {
	case kindJSONL:
		f, err := os.Open(p.path)
		if err != nil {
			return emit(&job{where: p.path, res: Result{Err: withWhere(p.path, rapporteur.Errorf(rapporteur.EINVALID, "%w", err))}})
		}
		defer f.Close()
		var r io.Reader = f
		if strings.HasSuffix(strings.ToLower(p.path), ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				return emit(&job{where: p.path, res: Result{Err: withWhere(p.path, rapporteur.Errorf(rapporteur.EINVALID, "not gzip data: %w", err))}})
			}
			r = zr
		}
		return ing.jsonl(ctx, emit, r, p.path, true)
	case kindWARC:
		return ing.warc(ctx, emit, p.path)
	case kindOPML, kindFeed:
		data, err := readFile(p.path, ing.maxBytes())
		if err != nil {
			return emit(&job{where: p.path, res: Result{Err: withWhere(p.path, err)}})
		}
		if p.kind == kindOPML {
			return ing.opml(ctx, emit, data, p.path)
		}
		return ing.feedItems(ctx, emit, data, p.path, "", 0)
	}
	path, kind := p.path, p.kind
	return emit(&job{where: path, work: func(ctx context.Context) (*rapporteur.Article, Result) {
		data, err := readFile(path, ing.maxBytes())
		if err != nil {
			return failed(path, err)
		}
		return ing.document(path, data, kind, "")
	}})
}

// document extracts one article from a page or a text of the given kind.
func (ing *Ingester) document(where string, data []byte, kind, pageURL string) (*rapporteur.Article, Result) {
	var a rapporteur.Article
	if kind == kindHTML {
		if err := checkHTML(data); err != nil {
			return failed(where, err)
		}
		var err error
		if a, err = ing.Pipeline.HTML("", data, pageURL); err != nil {
			return failed(where, err)
		}
	} else {
		text, err := checkText(data)
		if err != nil {
			return failed(where, err)
		}
		if a, err = ing.Pipeline.Text("", text); err != nil {
			return failed(where, err)
		}
	}
	if a.URL == "" {
		a.URL = pageURL
	}
	return &a, Result{}
}

// record is one JSON Lines input line.
type record struct {
	ID        json.RawMessage `json:"id"`
	Title     string          `json:"title"`
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
	URL       string          `json:"url"`
	Published string          `json:"published"`
	Date      string          `json:"date"`
	Site      string          `json:"site"`
	Source    string          `json:"source"`
	Authors   []string        `json:"authors"`
}

// jsonl emits one job per non-blank line of r. counted says the lines
// were counted for the progress bar already.
func (ing *Ingester) jsonl(ctx context.Context, emit emitFunc, r io.Reader, name string, counted bool) error {
	if r == nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "%s: nothing to read", name)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	max := ing.maxBytes()
	for line := 1; ; line++ {
		data, tooLong, err := ReadLine(br, max)
		where := name + ":" + strconv.Itoa(line)
		if tooLong || len(bytes.TrimSpace(data)) > 0 {
			if !counted {
				ing.expect(1)
			}
			j := &job{where: where}
			if tooLong {
				j.res.Err = withWhere(where, tooLarge(max))
			} else {
				j.work = func(ctx context.Context) (*rapporteur.Article, Result) { return ing.jsonRecord(where, data) }
			}
			if err := emit(j); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// A read error ends this source (a broken gzip stream, a
			// closed pipe), reported as a failed item; the other
			// sources go on.
			return emit(&job{where: where, res: Result{Err: withWhere(where, rapporteur.Errorf(rapporteur.EINVALID, "read: %w", err))}})
		}
	}
}

// jsonRecord extracts the article of one JSON Lines record.
func (ing *Ingester) jsonRecord(where string, data []byte) (*rapporteur.Article, Result) {
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil {
		return failed(where, rapporteur.Errorf(rapporteur.EINVALID, "not a JSON object: %w", err))
	}
	id := string(rec.ID)
	if s, err := strconv.Unquote(id); err == nil {
		id = s
	} else if id == "null" {
		id = ""
	}
	pub := rec.Published
	if pub == "" {
		pub = rec.Date
	}
	var published *time.Time
	if pub != "" {
		t, err := parseDate(pub)
		if err != nil {
			return failed(where, err)
		}
		published = &t
	}
	var (
		a   rapporteur.Article
		err error
	)
	switch {
	case rec.Text != nil:
		if strings.TrimSpace(*rec.Text) == "" {
			return failed(where, rapporteur.Errorf(rapporteur.EINVALID, "\"text\" is empty"))
		}
		a, err = ing.Pipeline.Verbatim(id, rec.Title, *rec.Text)
	case rec.HTML != nil:
		if err := checkHTML([]byte(*rec.HTML)); err != nil {
			return failed(where, err)
		}
		a, err = ing.Pipeline.HTML(id, []byte(*rec.HTML), rec.URL)
	default:
		return failed(where, rapporteur.Errorf(rapporteur.EINVALID, "the record has neither \"text\" nor \"html\""))
	}
	if err != nil {
		return failed(where, err)
	}
	if rec.URL != "" {
		a.URL = rec.URL
	}
	if rec.Title != "" && a.Title == "" {
		a.Title = rec.Title
	}
	if published != nil {
		a.Published = published
	}
	if site := firstNonEmpty(rec.Site, rec.Source); site != "" {
		a.Site = site
	}
	if len(rec.Authors) > 0 {
		a.Authors = rec.Authors
	}
	return &a, Result{}
}

// parseDate reads an RFC 3339 time or a plain date (taken as midnight UTC).
func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, rapporteur.Errorf(rapporteur.EINVALID, "published %q is not a date (use RFC 3339, or YYYY-MM-DD)", s)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
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
		return emit(&job{where: path, res: Result{Err: withWhere(path, rapporteur.Errorf(rapporteur.EINVALID, "not a WARC file: %w", err))}})
	}
	defer r.Close()
	for n := 0; ; n++ {
		rec, err := r.Next()
		if err == io.EOF {
			if n == 0 {
				return emit(&job{where: path, res: Result{Err: withWhere(path, rapporteur.Errorf(rapporteur.EINVALID, "no WARC records"))}})
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
			return emit(&job{where: where, res: Result{Err: withWhere(where, rapporteur.Errorf(rapporteur.EINVALID, "broken WARC record: %w", err))}})
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
	max := ing.maxBytes()
	body, err := payload()
	if err != nil {
		return &job{where: where, res: Result{Err: withWhere(where, rapporteur.Errorf(rapporteur.EINVALID, "read record: %w", err))}}
	}
	data, err := io.ReadAll(io.LimitReader(body, max+1))
	if err != nil {
		return &job{where: where, res: Result{Err: withWhere(where, rapporteur.Errorf(rapporteur.EINVALID, "read record: %w", err))}}
	}
	if int64(len(data)) > max {
		return &job{where: where, res: Result{Err: withWhere(where, tooLarge(max))}}
	}
	kind := pageKind(contentType, data)
	if kind != kindHTML && kind != kindText {
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
	data = fetch.DecodeCharset(data, contentType)
	return &job{where: where, meta: meta, work: func(ctx context.Context) (*rapporteur.Article, Result) {
		return ing.document(where, data, kind, target)
	}}
}

// url emits the items of a URL: the entries of a feed, the feeds of an
// OPML list, or the page itself.
func (ing *Ingester) url(ctx context.Context, emit emitFunc, rawURL string) error {
	if ing.Web == nil {
		return emit(&job{where: rawURL, res: Result{Err: withWhere(rawURL, rapporteur.Errorf(rapporteur.EFORBID, "fetching URLs is not enabled"))}})
	}
	page, err := ing.Web.Get(ctx, fetch.Request{URL: rawURL, Accept: pageAccept})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return emit(&job{where: rawURL, res: Result{Err: withWhere(rawURL, err)}})
	}
	body := page.Body
	switch kind := pageKind(page.ContentType, body); kind {
	case kindFeed:
		ing.expect(-1) // the URL is its items, counted once parsed
		feedID := ing.subscribe(ctx, rawURL, "", page)
		return ing.feedItems(ctx, emit, body, page.URL, rawURL, feedID)
	case kindOPML:
		ing.expect(-1)
		return ing.opml(ctx, emit, body, rawURL)
	case kindHTML, kindText:
		body = fetch.DecodeCharset(body, page.ContentType)
		return emit(&job{where: rawURL, work: func(ctx context.Context) (*rapporteur.Article, Result) {
			a, r := ing.document(rawURL, body, kind, page.URL)
			if a != nil {
				// The URL asked for is the key, so that asking again
				// finds the article even when the page redirects.
				a.URL = rawURL
			}
			return a, r
		}})
	default:
		return emit(&job{where: rawURL, res: Result{Err: withWhere(rawURL, rapporteur.Errorf(rapporteur.EINVALID, "the page is %s, not an article, a feed or an OPML list", page.ContentType))}})
	}
}

// opml emits the items of every feed of an OPML list.
func (ing *Ingester) opml(ctx context.Context, emit emitFunc, data []byte, where string) error {
	subs, err := feed.ParseOPML(data)
	if err != nil {
		return emit(&job{where: where, res: Result{Err: withWhere(where, err)}})
	}
	for _, s := range subs {
		if ing.Web == nil {
			if err := emit(&job{where: s.URL, res: Result{Err: withWhere(s.URL, rapporteur.Errorf(rapporteur.EFORBID, "fetching URLs is not enabled"))}}); err != nil {
				return err
			}
			continue
		}
		page, err := ing.Web.Get(ctx, fetch.Request{URL: s.URL, Accept: feed.Accept})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err := emit(&job{where: s.URL, res: Result{Err: withWhere(s.URL, err)}}); err != nil {
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
		return emit(&job{where: where, res: Result{Err: withWhere(where, err)}})
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
		switch {
		case it.URL != "" && ing.Web != nil:
			page, err := ing.Web.Get(ctx, fetch.Request{URL: it.URL})
			if err == nil {
				kind := pageKind(page.ContentType, page.Body)
				if kind != kindHTML && kind != kindText {
					err = rapporteur.Errorf(rapporteur.EINVALID, "the page is %s, not an article", page.ContentType)
				} else {
					a, res = ing.document(where, fetch.DecodeCharset(page.Body, page.ContentType), kind, page.URL)
					err = res.Err
				}
			} else {
				err = withWhere(where, err)
			}
			if err != nil {
				if ctx.Err() != nil || strings.TrimSpace(it.HTML) == "" {
					return nil, Result{Where: where, Err: err}
				}
				// The entry's own content is better than nothing.
				a, res = ing.document(where, []byte(it.HTML), kindHTML, it.URL)
			}
		case strings.TrimSpace(it.HTML) != "":
			a, res = ing.document(where, []byte(it.HTML), kindHTML, it.URL)
		default:
			return failed(where, rapporteur.Errorf(rapporteur.EINVALID, "the entry has neither a link nor content"))
		}
		if a == nil {
			return nil, res
		}
		if it.URL != "" {
			a.URL = it.URL
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
