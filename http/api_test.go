package http

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/intake"
)

// TestRoutesDocumented walks the real route table: every API route is in
// openapi.json with its method, and every documented operation is a route.
func TestRoutesDocumented(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	s := &Server{}
	routes := map[string]bool{}
	for _, rt := range s.routes() {
		// The API, and the probes that supervisors and load balancers
		// read (not under /api/v1, as such probes usually are not).
		if !strings.HasPrefix(rt.pattern, "/api/v1/") && rt.pattern != "/healthz" && rt.pattern != "/readyz" {
			continue
		}
		key := strings.ToLower(rt.method) + " " + rt.pattern
		routes[key] = true
		if _, ok := doc.Paths[rt.pattern][strings.ToLower(rt.method)]; !ok {
			t.Errorf("route %s %s is not documented in openapi.json", rt.method, rt.pattern)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			if !routes[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which is no route", strings.ToUpper(method), path)
			}
		}
	}
}

func TestAPIErrorsAreJSONWithStatus(t *testing.T) {
	env := newEnv(t, nil)
	cases := []struct {
		method, path, body string
		status             int
		code               string
	}{
		{"GET", "/api/v1/articles?q=" + url.QueryEscape(`(xinjiang`), "", 400, rapporteur.EINVALID},
		{"GET", "/api/v1/statements?q=" + url.QueryEscape(`date:2022-13-45`), "", 400, rapporteur.EINVALID},
		{"GET", "/api/v1/articles?order=sideways", "", 400, rapporteur.EINVALID},
		{"GET", "/api/v1/articles?format=xlsx", "", 400, rapporteur.EINVALID},
		{"GET", "/api/v1/articles/999999", "", 404, rapporteur.ENOTFOUND},
		{"GET", "/api/v1/articles/abc", "", 404, rapporteur.ENOTFOUND},
		{"GET", "/api/v1/speakers/999999", "", 404, rapporteur.ENOTFOUND},
		{"GET", "/api/v1/nothing", "", 404, rapporteur.ENOTFOUND},
		{"PUT", "/api/v1/articles", "", 405, eMethod},
		{"POST", "/api/v1/feeds", `{"url":"https://example.org/feed"}`, 401, eUnauthorized},
		{"POST", "/api/v1/extract", `{"text": 5}`, 400, rapporteur.EINVALID},
		{"POST", "/api/v1/extract", `{}`, 400, rapporteur.EINVALID},
		{"POST", "/api/v1/extract", `{"url":"http://127.0.0.1/"}`, 403, rapporteur.EFORBID},
		{"POST", "/api/v1/extract", `{"url":"http://169.254.169.254/latest/meta-data/"}`, 403, rapporteur.EFORBID},
		{"POST", "/api/v1/extract", `{"url":"http://[::ffff:127.0.0.1]:8080/"}`, 403, rapporteur.EFORBID},
		{"POST", "/api/v1/extract", `{"url":"http://localhost/"}`, 403, rapporteur.EFORBID},
		{"POST", "/api/v1/extract", `{"url":"file:///etc/passwd"}`, 400, rapporteur.EINVALID},
	}
	for _, c := range cases {
		status, body := env.do(t, c.method, c.path, "application/json", c.body, nil)
		var e apiError
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			t.Errorf("%s %s: body is not a JSON error: %q", c.method, c.path, body)
			continue
		}
		if status != c.status || e.Error.Code != c.code || e.Error.Message == "" {
			t.Errorf("%s %s: %d %+v, want %d %s", c.method, c.path, status, e.Error, c.status, c.code)
		}
	}
	// A malformed query says where.
	_, body := env.get(t, "/api/v1/articles?q="+url.QueryEscape(`zhao AND (`))
	var e apiError
	json.Unmarshal([]byte(body), &e)
	if e.Error.Position == nil {
		t.Errorf("malformed query error has no position: %s", body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	env := newEnv(t, nil)
	for _, p := range []string{"/", "/api/v1/articles", "/nope", "/static/style.css"} {
		resp := env.doResp(t, "GET", p, "", "", nil)
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "script-src") {
			t.Errorf("%s: CSP %q allows script", p, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, resp.Header)
		}
	}
}

// listPage is a page of the API as a client decodes it.
type apiPage struct {
	Items []json.RawMessage `json:"items"`
	Next  *string           `json:"next"`
}

// statementPages lists the statements of path (a /api/v1/statements URL
// with its query) page after page, following each page's cursor.
func (e *testEnv) statementPages(t *testing.T, path string) []rapporteur.StoredStatement {
	t.Helper()
	var out []rapporteur.StoredStatement
	for next := path; ; {
		status, body := e.get(t, next)
		if status != 200 {
			t.Fatalf("%s: %d %s", next, status, body)
		}
		var p apiPage
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, `"next":`) {
			t.Fatalf("list without next: %s", body)
		}
		for _, raw := range p.Items {
			var st rapporteur.StoredStatement
			if err := json.Unmarshal(raw, &st); err != nil {
				t.Fatal(err)
			}
			out = append(out, st)
		}
		if p.Next == nil {
			return out
		}
		next = path + "&cursor=" + url.QueryEscape(*p.Next)
	}
}

func TestAPIListsPageAndExport(t *testing.T) {
	env := newEnv(t, nil)
	stats, err := env.store.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Paging by cursor sees every statement once.
	seen := map[int64]bool{}
	for _, st := range env.statementPages(t, "/api/v1/statements?limit=7") {
		if seen[st.ID] {
			t.Fatalf("statement %d on two pages", st.ID)
		}
		seen[st.ID] = true
	}
	if int64(len(seen)) != stats.Statements {
		t.Errorf("paging saw %d statements, the store has %d", len(seen), stats.Statements)
	}

	// CSV streams them all, with a header and escaped cells.
	resp := env.doResp(t, "GET", "/api/v1/statements?format=csv", "", "", nil)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("csv content type %q", ct)
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(rows)-1) != stats.Statements || rows[0][0] != "id" {
		t.Errorf("csv has %d rows after the header %v, want %d", len(rows)-1, rows[0], stats.Statements)
	}

	// JSON Lines: one article per line, every article.
	resp = env.doResp(t, "GET", "/api/v1/articles?format=jsonl", "", "", nil)
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		var a rapporteur.StoredArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil || a.ID == 0 {
			t.Fatalf("jsonl line %d: %v", lines+1, err)
		}
		lines++
	}
	resp.Body.Close()
	if int64(lines) != stats.Articles {
		t.Errorf("jsonl has %d articles, store %d", lines, stats.Articles)
	}

	// limit caps an export.
	resp = env.doResp(t, "GET", "/api/v1/speakers?format=csv&limit=3", "", "", nil)
	rows, _ = csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if len(rows) != 4 {
		t.Errorf("speakers csv limit=3 has %d rows with the header", len(rows))
	}
}

func TestCSVCellsCannotBeFormulas(t *testing.T) {
	got := csvSafe([]string{"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "plain", ""})
	want := []string{"'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain", ""}
	if !slices.Equal(got, want) {
		t.Errorf("csvSafe = %q, want %q", got, want)
	}
}

func TestStatementFiltersMatchUI(t *testing.T) {
	env := newEnv(t, nil)
	// The most quoted speaker, by id and by name, gives the same
	// statements in the API and on the search page.
	sp, err := env.store.Speakers(t.Context(), rapporteur.SpeakerFilter{Limit: 1})
	if err != nil || len(sp.Items) == 0 {
		t.Fatalf("no speakers: %v", err)
	}
	top := sp.Items[0]
	count := func(path string) int {
		_, body := env.get(t, path)
		var p apiPage
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("%s: %s", path, body)
		}
		return len(p.Items)
	}
	byID := count(fmt.Sprintf("/api/v1/statements?limit=1000&speaker=%d", top.ID))
	if byID != top.StatementCount {
		t.Errorf("speaker=%d gives %d statements, the speaker has %d", top.ID, byID, top.StatementCount)
	}
	if byName := count("/api/v1/statements?limit=1000&speaker=" + url.QueryEscape(top.Name)); byName < byID {
		t.Errorf("speaker=%q gives %d statements, by id %d", top.Name, byName, byID)
	}
	direct := count("/api/v1/statements?limit=1000&kind=direct")
	_, page := env.get(t, "/search?tab=statements&kind=direct&limit=1000")
	if n := strings.Count(page, `<li class="item statement k-direct">`); n != direct {
		t.Errorf("UI shows %d direct statements, API %d", n, direct)
	}
}

func TestMalformedQueryPageShowsWhere(t *testing.T) {
	env := newEnv(t, nil)
	status, body := env.get(t, "/search?q="+url.QueryEscape(`speaker:"zhao lijian`))
	if status != 400 {
		t.Fatalf("status %d, want 400", status)
	}
	if !strings.Contains(body, "The query has a problem") || !strings.Contains(body, `<mark class="bad">`) {
		t.Errorf("page does not show the problem and its place:\n%s", body)
	}
	status, body = env.get(t, "/search?q=said&tab=statements&kind=shouted")
	if status != 400 || !strings.Contains(body, "shouted") {
		t.Errorf("bad kind: %d", status)
	}
}

func TestHomeSearchArticleSpeakerPages(t *testing.T) {
	env := newEnv(t, nil)
	status, home := env.get(t, "/")
	if status != 200 {
		t.Fatalf("home: %d", status)
	}
	for _, a := range env.arts {
		if !strings.Contains(home, htmlText(a.Title)) {
			t.Errorf("home does not list %q", a.Title)
		}
	}
	if !strings.Contains(home, "Most quoted") || !strings.Contains(home, `href="/speakers/`) {
		t.Error("home has no most-quoted speakers")
	}

	// Each article page highlights each stored statement once (statement
	// spans never overlap in the extraction output) and links its speakers.
	arts, err := env.store.Articles(t.Context(), rapporteur.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	markID := regexp.MustCompile(`<mark class="st k-[a-z]+" tabindex="0" id="st-(\d+)"`)
	for _, a := range arts.Items {
		full, err := env.store.Article(t.Context(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		status, body := env.get(t, fmt.Sprintf("/articles/%d", a.ID))
		if status != 200 {
			t.Fatalf("article %d: %d", a.ID, status)
		}
		ids := markID.FindAllStringSubmatch(body, -1)
		if len(ids) > len(full.Statements) || (len(full.Statements) > 0 && len(ids) == 0) {
			t.Errorf("article %d: %d marks for %d statements", a.ID, len(ids), len(full.Statements))
		}
		for _, st := range full.Statements {
			if st.SpeakerID != 0 && !strings.Contains(body, fmt.Sprintf(`href="/speakers/%d"`, st.SpeakerID)) {
				t.Errorf("article %d: no link to speaker %d (%s)", a.ID, st.SpeakerID, st.Speaker.Name)
			}
		}
		if u := webURL(full.URL); u != "" && !strings.Contains(body, htmlText(u)) {
			t.Errorf("article %d: no original link %s", a.ID, u)
		}
	}

	// Speaker page: statements, timeline, roles.
	sp, _ := env.store.Speakers(t.Context(), rapporteur.SpeakerFilter{Limit: 1})
	status, body := env.get(t, fmt.Sprintf("/speakers/%d", sp.Items[0].ID))
	if status != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, `class="bar"`) {
		t.Errorf("speaker page %d without a timeline", status)
	}
	// Source page lists its articles.
	so, _ := env.store.Sources(t.Context(), rapporteur.SourceFilter{Limit: 1})
	status, body = env.get(t, fmt.Sprintf("/sources/%d", so.Items[0].ID))
	if status != 200 || strings.Count(body, `<li class="item">`) != so.Items[0].ArticleCount {
		t.Errorf("source page: %d, want %d articles", status, so.Items[0].ArticleCount)
	}
}

func htmlText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

func TestWriteEndpointsNeedToken(t *testing.T) {
	env := newEnv(t, nil)
	bearer := []string{"Authorization", "Bearer " + testToken}
	feed := `{"url":"https://example.org/feed.xml","title":"Example"}`
	if st, _ := env.do(t, "POST", "/api/v1/feeds", "application/json", feed, []string{"Authorization", "Bearer wrong"}); st != 401 {
		t.Errorf("wrong token: %d", st)
	}
	st, body := env.do(t, "POST", "/api/v1/feeds", "application/json", feed, bearer)
	if st != 201 {
		t.Fatalf("create feed: %d %s", st, body)
	}
	var f rapporteur.Feed
	json.Unmarshal([]byte(body), &f)
	if st, _ := env.do(t, "POST", "/api/v1/feeds", "application/json", feed, bearer); st != 409 {
		t.Errorf("same feed again: %d, want 409", st)
	}
	if st, _ := env.do(t, "POST", "/api/v1/feeds", "application/json", `{"url":"javascript:alert(1)"}`, bearer); st != 400 {
		t.Errorf("javascript feed: %d, want 400", st)
	}
	if st, body := env.get(t, "/api/v1/feeds"); st != 200 || !strings.Contains(body, "example.org") {
		t.Errorf("list feeds: %d %s", st, body)
	}
	if st, _ := env.do(t, "DELETE", fmt.Sprintf("/api/v1/feeds/%d", f.ID), "", "", nil); st != 401 {
		t.Errorf("delete without token: %d", st)
	}
	if st, _ := env.do(t, "DELETE", fmt.Sprintf("/api/v1/feeds/%d", f.ID), "", "", bearer); st != 204 {
		t.Errorf("delete: %d", st)
	}

	// OPML import.
	opml := `<?xml version="1.0"?><opml version="2.0"><body><outline text="News">
<outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/atom"/>
<outline text="bad" xmlUrl="file:///etc/passwd"/></outline></body></opml>`
	st, body = env.do(t, "POST", "/api/v1/feeds/import", "text/xml", opml, bearer)
	var res importResult
	json.Unmarshal([]byte(body), &res)
	if st != 200 || res.Added != 2 || res.Invalid != 1 || len(res.Errors) != 1 || res.Errors[0].URL != "file:///etc/passwd" {
		t.Errorf("opml import: %d %s", st, body)
	}

	// A read-only server refuses every write, with the token too.
	ro := newEnv(t, func(c *Config) { c.ReadOnly = true })
	if st, _ := ro.do(t, "POST", "/api/v1/feeds", "application/json", feed, bearer); st != 403 {
		t.Errorf("read-only create feed: %d, want 403", st)
	}
	if st, _ := ro.do(t, "POST", "/api/v1/articles", "application/json", `{"text":"T\n\nBody."}`, bearer); st != 403 {
		t.Errorf("read-only ingest: %d, want 403", st)
	}
	if _, page := ro.get(t, "/feeds"); strings.Contains(page, `action="/feeds"`) || strings.Contains(page, "Log in") {
		t.Error("read-only feeds page offers forms or a login")
	}
}

// TestUILoginAndCSRF walks the feed form: refused without a session, the
// login sets a strict HttpOnly cookie, and a post without the form's CSRF
// field is refused even with the cookie.
func TestUILoginAndCSRF(t *testing.T) {
	env := newEnv(t, nil)
	form := "url=" + url.QueryEscape("https://example.org/rss")
	if st, _ := env.do(t, "POST", "/feeds", "application/x-www-form-urlencoded", form, nil); st != 401 {
		t.Errorf("add feed without login: %d", st)
	}
	if st, _ := env.do(t, "POST", "/login", "application/x-www-form-urlencoded", "token=nope", nil); st != 401 {
		t.Errorf("wrong token login: %d", st)
	}
	resp := env.doResp(t, "POST", "/login", "application/x-www-form-urlencoded", "token="+testToken+"&next=//evil.example/", nil)
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/" {
		t.Errorf("login: %d to %q (a // next must not leave the site)", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("login cookie %+v is not HttpOnly and SameSite=Strict", cookie)
	}
	withCookie := []string{"Cookie", sessionCookie + "=" + cookie.Value}
	if st, _ := env.do(t, "POST", "/feeds", "application/x-www-form-urlencoded", form, withCookie); st != 403 {
		t.Errorf("post without CSRF field: %d, want 403", st)
	}
	_, page := env.do(t, "GET", "/feeds", "", "", withCookie)
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("feeds page has no CSRF field for a logged-in user")
	}
	if strings.Contains(page, testToken) {
		t.Error("the page shows the write token")
	}
	st, _ := env.do(t, "POST", "/feeds", "application/x-www-form-urlencoded", form+"&csrf="+m[1], withCookie)
	if st != 303 {
		t.Errorf("add feed with session: %d", st)
	}
	if _, page = env.do(t, "GET", "/feeds", "", "", withCookie); !strings.Contains(page, "https://example.org/rss") {
		t.Error("the new feed is not listed")
	}
	// The API takes no cookie: a page elsewhere cannot write through it.
	if st, _ := env.do(t, "POST", "/api/v1/feeds", "application/json", `{"url":"https://c.example/"}`, withCookie); st != 401 {
		t.Errorf("API with cookie only: %d, want 401", st)
	}
	// The cookie is a session, not the token; logging out ends it here,
	// so a copy of the cookie kept elsewhere stops working too.
	if strings.Contains(cookie.Value, testToken) {
		t.Error("the session cookie holds the write token")
	}
	if st, _ := env.do(t, "POST", "/logout", "application/x-www-form-urlencoded", "csrf="+m[1], withCookie); st != 303 {
		t.Errorf("logout: %d", st)
	}
	if st, _ := env.do(t, "POST", "/feeds", "application/x-www-form-urlencoded", form+"&csrf="+m[1], withCookie); st != 401 {
		t.Errorf("add feed with the cookie of an ended session: %d, want 401", st)
	}
}

func TestExtractAndIngest(t *testing.T) {
	env := newEnv(t, nil)
	text, err := os.ReadFile("../testdata/wikinews/" + wikinewsArticles(t)[1].File)
	if err != nil {
		t.Fatal(err)
	}
	// Stateless extraction: a text/plain body is a document (title line,
	// blank line, body, cleaned); a JSON record's text is used verbatim,
	// with its title, as every JSON Lines entry point uses it.
	title, body, _ := strings.Cut(string(text), "\n\n")
	asText, err := env.p.Text("", string(text))
	if err != nil {
		t.Fatal(err)
	}
	asRecord, err := env.p.Verbatim("", title, body)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []struct {
		ct, body string
		want     rapporteur.Article
	}{
		{"application/json", mustJSON(t, map[string]string{"title": title, "text": body}), asRecord},
		{"text/plain; charset=utf-8", string(text), asText},
	} {
		want := req.want
		st, body := env.do(t, "POST", "/api/v1/extract", req.ct, req.body, nil)
		var got rapporteur.Article
		if err := json.Unmarshal([]byte(body), &got); st != 200 || err != nil {
			t.Fatalf("extract %s: %d %s", req.ct, st, body)
		}
		if got.Title != want.Title || got.Text != want.Text || len(got.Statements) != len(want.Statements) {
			t.Errorf("extract %s: %q with %d statements, want %q with %d", req.ct, got.Title, len(got.Statements), want.Title, len(want.Statements))
		}
	}
	before, _ := env.store.Stats(t.Context())
	if before.Articles != int64(len(env.arts)) {
		t.Fatalf("extract stored something: %d articles", before.Articles)
	}

	// Ingest: created, then unchanged, same id.
	bearer := []string{"Authorization", "Bearer " + testToken}
	in := mustJSON(t, map[string]string{"text": "A new article\n\n\"We will build it,\" said Jane Roe, the mayor of Springfield.", "url": "https://news.example/new?utm_source=x"})
	st, body := env.do(t, "POST", "/api/v1/articles", "application/json", in, bearer)
	var r1, r2 ingestResult
	json.Unmarshal([]byte(body), &r1)
	if st != 201 || r1.Status != rapporteur.PutCreated {
		t.Fatalf("ingest: %d %s", st, body)
	}
	st, body = env.do(t, "POST", "/api/v1/articles", "application/json", in, bearer)
	json.Unmarshal([]byte(body), &r2)
	if st != 200 || r2.Status != rapporteur.PutUnchanged || r2.ID != r1.ID {
		t.Errorf("ingest again: %d %s", st, body)
	}
	if st, body := env.get(t, r1.Location); st != 200 || !strings.Contains(body, "Jane Roe") {
		t.Errorf("GET %s: %d %s", r1.Location, st, body)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLimitsOnBodiesAndRate(t *testing.T) {
	env := newEnv(t, func(c *Config) {
		c.MaxBodyBytes = 1 << 10
		c.RateLimit = 0.001
		c.RateBurst = 3
	})
	big := mustJSON(t, map[string]string{"text": strings.Repeat("word ", 1000)})
	st, body := env.do(t, "POST", "/api/v1/extract", "application/json", big, nil)
	if st != 413 {
		t.Errorf("body over the limit: %d %s", st, body)
	}
	small := mustJSON(t, map[string]string{"text": "Title\n\nShe said it was fine."})
	var statuses []int
	for range 3 {
		st, _ := env.do(t, "POST", "/api/v1/extract", "application/json", small, nil)
		statuses = append(statuses, st)
	}
	resp := env.doResp(t, "POST", "/api/v1/extract", "application/json", small, nil)
	resp.Body.Close()
	// The burst of 3 was spent by the first four calls (the oversized one
	// counts too); the fifth waits.
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("after the burst %v: %d, Retry-After %q", statuses, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// Reading is never rate limited.
	if st, _ := env.get(t, "/api/v1/articles"); st != 200 {
		t.Errorf("read after the limit: %d", st)
	}
}

func TestSavedSearchAtom(t *testing.T) {
	env := newEnv(t, nil)
	bearer := []string{"Authorization", "Bearer " + testToken}
	st, body := env.do(t, "POST", "/api/v1/saved-searches", "application/json", `{"name":"Said","query":"said"}`, bearer)
	var created savedCreated
	if err := json.Unmarshal([]byte(body), &created); st != 201 || err != nil {
		t.Fatalf("create: %d %s", st, body)
	}
	if st, _ := env.do(t, "POST", "/api/v1/saved-searches", "application/json", `{"name":"Bad","query":"(said"}`, bearer); st != 400 {
		t.Errorf("invalid saved query: %d", st)
	}
	resp := env.doResp(t, "GET", created.Atom, "", "", nil)
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("atom content type %q", ct)
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Links   []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&feed); err != nil {
		t.Fatalf("atom: %v", err)
	}
	want, _ := env.store.Articles(t.Context(), rapporteur.ArticleFilter{Query: "said", Limit: 100})
	if len(feed.Entries) != len(want.Items) || len(feed.Entries) == 0 {
		t.Errorf("atom has %d entries, the search %d", len(feed.Entries), len(want.Items))
	}
	if feed.ID == "" || feed.Updated == "" || feed.Author.Name == "" {
		t.Errorf("atom feed lacks id, updated or author: %+v", feed)
	}
	for _, e := range feed.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" || len(e.Links) == 0 {
			t.Errorf("incomplete entry %+v", e)
		}
	}
	if st, _ := env.get(t, "/feeds/saved/999.atom"); st != 404 {
		t.Errorf("unknown saved search feed: %d", st)
	}
}

// TestAnalyzeRefusesPrivateURL: the Analyze page fetches through the SSRF
// guard and says why it refused.
func TestAnalyzeRefusesPrivateURL(t *testing.T) {
	env := newEnv(t, nil)
	st, body := env.do(t, "POST", "/analyze", "application/x-www-form-urlencoded", "url="+url.QueryEscape(env.ts.URL+"/"), nil)
	if st != 403 || !strings.Contains(body, "not public") {
		t.Errorf("analyze of our own loopback address: %d", st)
	}
}

// TestShutdownFinishesInFlight: Shutdown waits for a request in progress
// and the client gets its whole answer.
func TestShutdownFinishesInFlight(t *testing.T) {
	p := newPipeline(t)
	db := openStore(t)
	started := make(chan struct{})
	release := make(chan struct{})
	slow := &slowExtractor{Stages: p, started: started, release: release}
	srv, err := NewServer(Config{Store: db, Intake: testIntake(slow), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	type result struct {
		status int
		err    error
	}
	got := make(chan result)
	go func() {
		resp, err := http.Post("http://"+ln.Addr().String()+"/api/v1/extract", "text/plain", strings.NewReader("Title\n\n\"Yes,\" she said."))
		if err != nil {
			got <- result{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		got <- result{status: resp.StatusCode}
	}()
	<-started
	done := make(chan error)
	go func() { done <- srv.Shutdown(context.Background()) }()
	select {
	case <-done:
		t.Fatal("Shutdown returned with a request in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if r := <-got; r.err != nil || r.status != 200 {
		t.Errorf("in-flight request: %+v", r)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

// slowExtractor holds each extraction until released.
type slowExtractor struct {
	*intake.Stages
	started, release chan struct{}
}

func (s *slowExtractor) Text(id, text string) (rapporteur.Article, error) {
	close(s.started)
	<-s.release
	return s.Stages.Text(id, text)
}

// TestShutdownBeforeServe: a signal that arrives before Serve runs still
// stops it.
func TestShutdownBeforeServe(t *testing.T) {
	srv, err := NewServer(Config{Store: openStore(t), Intake: testIntake(newPipeline(t))})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve after Shutdown: %v", err)
	}
}

// login returns the cookie header and the CSRF field of a UI session.
func login(t *testing.T, env *testEnv) (cookie []string, csrf string) {
	t.Helper()
	resp := env.doResp(t, "POST", "/login", "application/x-www-form-urlencoded", "token="+testToken, nil)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			cookie = []string{"Cookie", sessionCookie + "=" + c.Value}
		}
	}
	if cookie == nil {
		t.Fatal("login set no cookie")
	}
	_, page := env.do(t, "GET", "/saved", "", "", cookie)
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF field")
	}
	return cookie, m[1]
}

func TestUISavedSearchesAndFeeds(t *testing.T) {
	env := newEnv(t, nil)
	cookie, csrf := login(t, env)
	form := url.Values{"csrf": {csrf}, "name": {"Mayor"}, "query": {"mayor"}, "webhook_url": {"https://hooks.example/in"}}
	st, page := env.do(t, "POST", "/saved", "application/x-www-form-urlencoded", form.Encode(), cookie)
	secret := regexp.MustCompile(`<code class="secret">([0-9a-f]+)</code>`).FindStringSubmatch(page)
	if st != 201 || secret == nil {
		t.Fatalf("create saved search: %d, secret shown: %v", st, secret != nil)
	}
	_, page = env.do(t, "GET", "/saved", "", "", cookie)
	if strings.Contains(page, secret[1]) {
		t.Error("the webhook secret is shown again")
	}
	atom := regexp.MustCompile(`href="(/feeds/saved/\d+\.atom)"`).FindStringSubmatch(page)
	if atom == nil {
		t.Fatal("no Atom link on the saved searches page")
	}
	if st, _ := env.get(t, atom[1]); st != 200 {
		t.Errorf("atom: %d", st)
	}
	// A malformed query is shown on the form, not as a 500.
	form.Set("query", `"mayor`)
	if st, page := env.do(t, "POST", "/saved", "application/x-www-form-urlencoded", form.Encode(), cookie); st != 400 || !strings.Contains(page, `class="error"`) {
		t.Errorf("bad saved query: %d", st)
	}

	// OPML upload through the form.
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("opml", "subs.opml")
	fw.Write([]byte(`<opml version="1.0"><body><outline title="X" xmlUrl="https://x.example/feed"/></body></opml>`))
	mw.Close()
	st, page = env.do(t, "POST", "/feeds/import", mw.FormDataContentType(), buf.String(), cookie)
	if st != 200 || !strings.Contains(page, "1 feed added") {
		t.Errorf("opml form: %d", st)
	}
	feeds, _ := env.store.Feeds(t.Context())
	if len(feeds) != 1 {
		t.Fatalf("%d feeds after import", len(feeds))
	}
	// A failing feed shows its error.
	feeds[0].ErrorCount, feeds[0].LastError = 3, "server answered 503 Service Unavailable"
	if err := env.store.UpdateFeed(t.Context(), feeds[0]); err != nil {
		t.Fatal(err)
	}
	_, page = env.do(t, "GET", "/feeds", "", "", cookie)
	if !strings.Contains(page, "3 errors") || !strings.Contains(page, "503 Service Unavailable") {
		t.Error("the feeds page does not show the feed's error state")
	}
	// Anonymous readers see that it fails, not how (see redactFeed).
	_, page = env.get(t, "/feeds")
	if !strings.Contains(page, "3 errors") || !strings.Contains(page, "the last fetch failed") || strings.Contains(page, "503") {
		t.Error("the feeds page shows an anonymous reader the feed's error, or no error state")
	}
	del := url.Values{"csrf": {csrf}}.Encode()
	if st, _ := env.do(t, "POST", fmt.Sprintf("/feeds/%d/delete", feeds[0].ID), "application/x-www-form-urlencoded", del, cookie); st != 303 {
		t.Errorf("delete feed: %d", st)
	}
	if feeds, _ := env.store.Feeds(t.Context()); len(feeds) != 0 {
		t.Error("feed not deleted")
	}
}

func TestIngestJSONLines(t *testing.T) {
	env := newEnv(t, nil)
	bearer := []string{"Authorization", "Bearer " + testToken}
	body := mustJSON(t, map[string]string{"text": "First\n\n\"Yes,\" said Ann Lee, a nurse.", "url": "https://n.example/1"}) + "\n" +
		"{not json}\n\n" +
		mustJSON(t, map[string]string{"text": "Second\n\nBob Ray said it would rain.", "url": "https://n.example/2"}) + "\n" +
		mustJSON(t, map[string]string{"url": "http://10.0.0.1/"}) + "\n"
	st, out := env.do(t, "POST", "/api/v1/articles", "application/x-ndjson", body, bearer)
	if st != 200 {
		t.Fatalf("status %d: %s", st, out)
	}
	var got []lineResult
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r lineResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("answer line %q: %v", l, err)
		}
		got = append(got, r)
	}
	want := []struct {
		line int
		code string
	}{{1, ""}, {2, rapporteur.EINVALID}, {4, ""}, {5, rapporteur.EFORBID}}
	if len(got) != len(want) {
		t.Fatalf("%d answer lines, want %d: %s", len(got), len(want), out)
	}
	for i, w := range want {
		code := ""
		if got[i].Error != nil {
			code = got[i].Error.Code
		}
		if got[i].Line != w.line || code != w.code || (code == "" && got[i].Status != rapporteur.PutCreated) {
			t.Errorf("answer %d: %+v, want line %d code %q", i, got[i], w.line, w.code)
		}
	}
	stats, _ := env.store.Stats(t.Context())
	if stats.Articles != int64(len(env.arts)+2) {
		t.Errorf("%d articles after ingesting 2 new", stats.Articles)
	}
}

// TestAPIFetchesPolitely: a URL given to the extract and ingest endpoints
// is fetched as ingest and the poller fetch, through robots.txt and the
// per-host pacing, not with a bare client.
func TestAPIFetchesPolitely(t *testing.T) {
	var pages atomic.Int32
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		default:
			pages.Add(1)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><article><p>"We will build it," said Mayor Jane Roe of Springfield on Monday, after a long debate in the council chamber.</p></article></body></html>`)
		}
	}))
	defer site.Close()
	env := newEnv(t, func(cfg *Config) {
		cfg.Intake = &intake.Intake{Pipeline: newPipeline(t), Fetch: &feed.Client{
			Fetch: &fetch.Client{Policy: fetch.Policy{AllowPrivate: true}}, HostInterval: -1}}
	})
	bearer := []string{"Authorization", "Bearer " + testToken}
	for _, path := range []string{"/api/v1/extract", "/api/v1/articles"} {
		st, body := env.do(t, "POST", path, "application/json", mustJSON(t, map[string]string{"url": site.URL + "/private/story"}), bearer)
		if st != 403 || !strings.Contains(body, "disallowed by "+site.URL+"/robots.txt") {
			t.Errorf("%s of a page robots.txt disallows: %d %s", path, st, body)
		}
	}
	if n := pages.Load(); n != 0 {
		t.Errorf("%d disallowed pages fetched", n)
	}
	st, body := env.do(t, "POST", "/api/v1/extract", "application/json", mustJSON(t, map[string]string{"url": site.URL + "/news/story"}), bearer)
	if st != 200 || !strings.Contains(body, "Jane Roe") || pages.Load() != 1 {
		t.Errorf("an allowed page: %d, %d fetches: %.300s", st, pages.Load(), body)
	}
}

// TestExtractRepliesNameTheArticle: POST /api/v1/extract names the
// statements a reply answers by the record's id, as the command line
// does; an article posted without an id gives its replies no article at
// all, never an empty one (the walk through the demo found "article": "").
func TestExtractRepliesNameTheArticle(t *testing.T) {
	env := newEnv(t, nil)
	const text = "The senator said Trump lied about the deal. Trump denied the senator's claim, saying \"it is fake news.\""
	body, _ := json.Marshal(map[string]string{"id": "deal-1", "title": "Trump denies claims", "text": text})
	for _, tt := range []struct {
		name, contentType, body, want string
	}{
		{"record with id", "application/json", string(body), "deal-1"},
		{"plain text", "text/plain", "Trump denies claims\n\n" + text, ""},
	} {
		code, out := env.do(t, "POST", "/api/v1/extract", tt.contentType, tt.body, nil)
		if code != 200 {
			t.Fatalf("%s: status %d: %s", tt.name, code, out)
		}
		var a struct {
			Statements []struct {
				RespondsTo []map[string]any `json:"responds_to"`
			} `json:"statements"`
		}
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatal(err)
		}
		replies := 0
		for _, st := range a.Statements {
			for _, r := range st.RespondsTo {
				replies++
				got, has := r["article"]
				if tt.want == "" && has || tt.want != "" && got != tt.want {
					t.Errorf("%s: reply %v, want article %q", tt.name, r, tt.want)
				}
			}
		}
		if replies == 0 {
			t.Errorf("%s: the denial answers nothing: %s", tt.name, out)
		}
	}
}

// TestStatementsByMode: mode= keeps a statement list to words said
// (speech) or to positions reported (stance), as mode: does in a search;
// a fact-checker quoting a speaker wants the first. An unknown mode is a
// clear 400, not a filter silently ignored.
func TestStatementsByMode(t *testing.T) {
	env := newEnv(t, nil)
	for _, mode := range []string{rapporteur.Speech, rapporteur.Stance} {
		var page struct {
			Items []rapporteur.StoredStatement `json:"items"`
		}
		getJSONInto(t, env, "/api/v1/statements?limit=200&mode="+mode, &page)
		if len(page.Items) == 0 {
			t.Errorf("mode=%s: no statements", mode)
		}
		for _, st := range page.Items {
			if (st.Mode == rapporteur.Stance) != (mode == rapporteur.Stance) {
				t.Errorf("mode=%s: statement %d has mode %q", mode, st.ID, st.Mode)
			}
		}
	}
	if code, body := env.get(t, "/api/v1/statements?mode=words"); code != 400 || !strings.Contains(body, "speech or stance") {
		t.Errorf("mode=words: %d %s, want 400 naming the modes", code, body)
	}
}
