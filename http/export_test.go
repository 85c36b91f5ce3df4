package http

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storetest"
)

// exportEnv is a server over a fresh store holding the articles of put.
func exportEnv(t testing.TB, arts ...rapporteur.Article) (*Server, *httptest.Server) {
	t.Helper()
	db := openStore(t)
	for _, a := range arts {
		if _, err := db.PutArticle(context.Background(), a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// creditedArticle is an article crediting AP, with authors and two quoted
// speakers.
func creditedArticle() rapporteur.Article {
	a := storetest.Article("https://news.example.test/harbour", "Harbour reopens",
		"Ana Lopes said the harbour was open. Rui Costa said the boats were back.", storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the harbour was open", Speaker: "Ana Lopes", Cue: "said"},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the boats were back", Speaker: "Rui Costa", Confidence: 0.75})
	a.Credits = []rapporteur.Credit{{Name: "Associated Press"}}
	a.Authors = []string{"Maria Silva", "João Reis"}
	return a
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := fmt.Fprint(&b, ""); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b.String())
	}
	return b.String()
}

// TestExportComplete: an export holds every field the API gives an
// article or a statement (issue 15, item 4), where it used to have
// "credits": null and "text": "".
func TestExportComplete(t *testing.T) {
	_, ts := exportEnv(t, creditedArticle())

	var a struct {
		ID       int64    `json:"id"`
		Text     string   `json:"text"`
		Language string   `json:"language"`
		Authors  []string `json:"authors"`
		Credits  []struct {
			Name string `json:"name"`
		} `json:"credits"`
		Statements []struct {
			SpeakerID  int64   `json:"speaker_id"`
			Mode       string  `json:"mode"`
			Confidence float64 `json:"confidence"`
		} `json:"statements"`
		Source *struct {
			Host string `json:"host"`
		} `json:"source"`
	}
	line := strings.TrimSpace(httpGet(t, ts.URL+"/api/v1/articles?format=jsonl"))
	if err := json.Unmarshal([]byte(line), &a); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	if len(a.Credits) != 1 || a.Credits[0].Name != "Associated Press" {
		t.Errorf("jsonl credits = %+v, want Associated Press", a.Credits)
	}
	if !strings.Contains(a.Text, "boats were back") || a.Language != "en" || len(a.Authors) != 2 || a.Source == nil {
		t.Errorf("jsonl article lacks text, language, authors or source: %s", line)
	}
	if len(a.Statements) != 2 || a.Statements[0].SpeakerID == 0 || a.Statements[0].Mode != rapporteur.Speech || a.Statements[1].Confidence != 0.75 {
		t.Errorf("jsonl statements = %+v", a.Statements)
	}

	rows := readCSV(t, httpGet(t, ts.URL+"/api/v1/articles?format=csv"))
	want := map[string]string{
		"id": strconv.FormatInt(a.ID, 10), "credits": "Associated Press", "authors": "Maria Silva; João Reis",
		"language": "en", "source_host": "news.example.test", "duplicate_of": "", "statement_count": "2",
		"speaker_ids": fmt.Sprintf("%d; %d", a.Statements[0].SpeakerID, a.Statements[1].SpeakerID),
		"text":        a.Text, "published": "2022-09-01T00:00:00Z",
	}
	for col, v := range want {
		if got, ok := rows[0][col]; !ok || got != v {
			t.Errorf("article csv %s = %q (present %v), want %q", col, got, ok, v)
		}
	}
	for _, col := range []string{"story_id", "similarity", "copy_count", "feed_id", "canonical_url", "created"} {
		if _, ok := rows[0][col]; !ok {
			t.Errorf("article csv has no %s column", col)
		}
	}

	sts := readCSV(t, httpGet(t, ts.URL+"/api/v1/statements?format=csv&speaker=Rui+Costa"))
	if len(sts) != 1 || sts[0]["mode"] != "speech" || sts[0]["confidence"] != "0.75" || sts[0]["speaker_id"] == "" ||
		sts[0]["content_start"] == "" || sts[0]["content"] != "the boats were back" {
		t.Errorf("statement csv = %v", sts)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(httpGet(t, ts.URL+"/api/v1/statements?format=jsonl&speaker=Rui+Costa"))), &st); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"mode", "confidence", "speaker_id", "article_id", "content", "speaker"} {
		if _, ok := st[k]; !ok {
			t.Errorf("statement jsonl has no %s: %v", k, st)
		}
	}
}

// readCSV reads a CSV export into one map per row, by column name.
func readCSV(t *testing.T, body string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, col := range recs[0] {
			m[col] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// discardWriter is a ResponseWriter that counts what it is sent and keeps
// none of it, so that the heap measured is the server's own.
type discardWriter struct {
	h http.Header
	n atomic.Int64
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Flush()                      {}
func (d *discardWriter) Write(b []byte) (int, error) { d.n.Add(int64(len(b))); return len(b), nil }

// TestExportConstantMemory streams whole-store exports and measures how
// much the live heap grows meanwhile: it must not grow with the length of
// the export (issue 15: 100,000 articles in less than 50 MB). By default
// it stores 5,000 articles; EXPORT_ARTICLES=100000 runs the full size
// (see BENCHMARKS.md); -short skips it.
func TestExportConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("stores thousands of articles")
	}
	n := 5000
	if s := os.Getenv("EXPORT_ARTICLES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	db, body := exportStore(t, n)
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "jsonl"} {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			tick := time.NewTicker(25 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				// The live heap: what a collection leaves. Garbage
				// waiting for the collector is not memory the export
				// holds, and GOGC would make it scale with the heap.
				runtime.GC()
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
			}
		}()
		w := &discardWriter{h: http.Header{}}
		start, cpu := time.Now(), cpuTime()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/articles?format="+format, nil))
		close(done)
		took, used := time.Since(start), cpuTime()-cpu
		growth := int64(peak.Load()) - int64(base)
		// The CPU time says more than the wall time on a shared machine.
		t.Logf("%s export of %d articles: %.1f MB in %v (CPU %v), heap growth %.1f MB", format, n, float64(w.n.Load())/1e6,
			took.Round(time.Millisecond), used.Round(time.Millisecond), float64(growth)/1e6)
		if w.n.Load() < int64(n)*int64(len(body)) {
			t.Fatalf("%s export is %d bytes: not every article was written", format, w.n.Load())
		}
		if format == "jsonl" {
			// The storylines and notes were written: one sample page.
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/articles?format=jsonl&limit=200", nil))
			if body := rec.Body.String(); !strings.Contains(body, `"storyline":"s`) || !strings.Contains(body, `"author":"Desk"`) {
				t.Errorf("the export has no storyline or note: %.300s", body)
			}
		}
		if growth > 50<<20 {
			t.Errorf("%s export grew the heap by %d MB, want < 50", format, growth>>20)
		}
	}
}

// exportStore stores n articles for the export tests, each with a body
// of body, in stories of ten, two stories to a storyline, with a note on
// every hundredth: what an export reads beside each page.
func exportStore(t *testing.T, n int) (db *sqlite.DB, body string) {
	t.Helper()
	db = openStore(t)
	ctx := context.Background()
	body = strings.Repeat("The council met again on the harbour budget and the repairs to the quay. ", 20)
	start := time.Now()
	for i := 0; i < n; i += 500 {
		var items []rapporteur.PutItem
		for j := i; j < i+500 && j < n; j++ {
			text := fmt.Sprintf("Ana Lopes%d said the harbour was open. %s", j%300, body)
			a := storetest.Article(fmt.Sprintf("https://o%d.example.test/a/%d", j%40, j), fmt.Sprintf("Harbour %d", j), text,
				storetest.Day.Add(time.Duration(j)*time.Minute),
				storetest.Quote{Kind: rapporteur.Indirect, Content: "the harbour was open", Speaker: fmt.Sprintf("Ana Lopes%d", j%300)})
			a.Credits = []rapporteur.Credit{{Name: "Associated Press"}}
			items = append(items, rapporteur.PutItem{Article: a})
		}
		res, errs := db.PutArticles(ctx, items)
		if errs != nil {
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		// Stories of ten articles, storylines of two stories, and a
		// note on every hundredth article: what an export reads beside
		// each page.
		var links []rapporteur.LinkItem
		var storylines []rapporteur.StorylineLink
		for k, r := range res {
			j := i + k
			key := fmt.Sprintf("s%d", j/10)
			links = append(links, rapporteur.LinkItem{ID: r.ID, Link: rapporteur.ArticleLink{StoryKey: key, StoryTitle: "Harbour"}})
			if j%20 == 10 {
				storylines = append(storylines, rapporteur.StorylineLink{StoryKey: key, StorylineKey: fmt.Sprintf("s%d", j/10-1)})
			}
			if j%100 == 0 {
				if err := db.AddNote(ctx, &rapporteur.Note{ArticleID: r.ID, Status: rapporteur.NoteVerified, Author: "Desk", Text: "Checked."}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := db.LinkArticles(ctx, links); err != nil {
			t.Fatal(err)
		}
		if err := db.LinkStorylines(ctx, storylines); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("stored %d articles (in stories, with notes) in %v", n, time.Since(start).Round(time.Millisecond))
	return db, body
}

// TestExportExtrasCost measures what the storylines and notes cost an
// export of EXPORT_ARTICLES articles (it skips without): the same store
// exported by a server that reads them and by one over a store that
// keeps none, alternately, three times each, by wall and CPU time.
func TestExportExtrasCost(t *testing.T) {
	s := os.Getenv("EXPORT_ARTICLES")
	if s == "" {
		t.Skip("set EXPORT_ARTICLES")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	db, _ := exportStore(t, n)
	with, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	// Only the methods of rapporteur.Store: no storylines, no notes.
	without, err := NewServer(Config{Store: struct{ rapporteur.Store }{db}, Intake: testIntake(newPipeline(t)), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "jsonl"} {
		best := map[string][2]time.Duration{}
		for range 3 {
			for _, c := range []struct {
				name string
				srv  *Server
			}{{"without", without}, {"with", with}} {
				w := &discardWriter{h: http.Header{}}
				start, cpu := time.Now(), cpuTime()
				c.srv.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/articles?format="+format, nil))
				took, used := time.Since(start), cpuTime()-cpu
				if b, ok := best[c.name]; !ok || took < b[0] {
					best[c.name] = [2]time.Duration{took, used}
				}
			}
		}
		t.Logf("%s export of %d articles, best of 3: without storylines and notes %v (CPU %v), with them %v (CPU %v)", format, n,
			best["without"][0].Round(time.Millisecond), best["without"][1].Round(time.Millisecond),
			best["with"][0].Round(time.Millisecond), best["with"][1].Round(time.Millisecond))
	}
}
