package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storetest"
	"github.com/rapporteur/rapporteur/transfer"
	"github.com/rapporteur/rapporteur/transfer/transfertest"
)

func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const wire = "The minister said \"we will rebuild every bridge\" at a press conference on Monday in the capital."

// source builds a store with what a move must keep: a feed with its
// polling state, statements with acts and targets, an undated article
// without a URL, a wire copy stored before its original (so the file
// names the original before it reaches it), and a story whose key is that
// late original's id. It returns the ids by name.
func source(t *testing.T, db *sqlite.DB) map[string]int64 {
	t.Helper()
	ctx := t.Context()
	f := &rapporteur.Feed{URL: "https://news.test/feed.xml", Title: "News"}
	if err := db.CreateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.ETag, f.ErrorCount, f.LastError = `"v1"`, 2, "timeout"
	f.NextFetch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := db.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	quoted := storetest.Article("https://news.test/a", "Bridges", wire, day,
		storetest.Quote{Content: "we will rebuild every bridge", Cue: "said", Speaker: "Ana Lima", Mention: "The minister", Role: "minister"})
	quoted.Statements[0].Act = rapporteur.ActDemand
	quoted.Statements[0].Target = &rapporteur.Target{Name: "bridges", Type: rapporteur.Unknown}
	quoted.Credits = []rapporteur.Credit{{Name: "Associated Press", Evidence: rapporteur.Span{Start: 0, End: 3, Text: "The"}}}
	quoted.ID = "ext-1"
	cp := storetest.Article("https://other.test/copy", "Bridges again", wire+" More.", day.Add(48*time.Hour))
	orig := storetest.Article("https://wire.test/orig", "Bridges", wire, day.Add(24*time.Hour))
	undated := storetest.Article("", "No date", "A text with no date and no address.", time.Time{})
	ids := map[string]int64{}
	for _, x := range []struct {
		name string
		a    rapporteur.Article
		feed int64
	}{{"quoted", quoted, f.ID}, {"copy", cp, 0}, {"orig", orig, 0}, {"undated", undated, 0}} {
		res, err := db.PutArticle(ctx, x.a, rapporteur.ArticleMeta{FeedID: x.feed, Fetched: day.Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		ids[x.name] = res.ID
	}
	key := strconv.FormatInt(ids["orig"], 10)
	err := db.LinkArticles(ctx, []rapporteur.LinkItem{
		{ID: ids["quoted"], Link: rapporteur.ArticleLink{StoryKey: strconv.FormatInt(ids["quoted"], 10), StoryTitle: "Bridges"}},
		{ID: ids["orig"], Link: rapporteur.ArticleLink{StoryKey: key, StoryTitle: "Bridges rebuilt"}},
		{ID: ids["copy"], Link: rapporteur.ArticleLink{DuplicateOf: ids["orig"], Similarity: 0.9, StoryKey: key, StoryTitle: "Bridges rebuilt"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func census(t *testing.T, s rapporteur.Store) *transfertest.Census {
	t.Helper()
	c, err := transfertest.Take(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRoundTrip: a store exported and imported into an empty one keeps
// its counts, its copy links and stories (by article key), its feed state,
// dates and statements, whatever the ids become.
func TestRoundTrip(t *testing.T) {
	ctx := t.Context()
	from, to := openDB(t), openDB(t)
	ids := source(t, from)
	// The target has an article already, so the ids differ: links must
	// follow the articles, not the numbers.
	if _, err := to.PutArticle(ctx, storetest.Article("https://first.test/x", "First", "Already here.", time.Now()), rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	exp, err := transfer.Export(ctx, from, &buf, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (transfer.Counts{Feeds: 1, Articles: 4, Statements: 1, Copies: 1, InStory: 3}); exp != want {
		t.Errorf("export counts %+v, want %+v", exp, want)
	}
	imp, err := transfer.Import(ctx, to, bytes.NewReader(buf.Bytes()), transfer.ImportOptions{Batch: 2})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Feeds != exp.Feeds || imp.Articles != exp.Articles || imp.Statements != exp.Statements ||
		imp.Copies != exp.Copies || imp.InStory != exp.InStory || imp.Created != 4 || imp.Failed != 0 {
		t.Errorf("import counts %+v, export %+v", imp, exp)
	}

	before, after := census(t, from), census(t, to)
	// The target's own article is the one difference.
	after.Articles--
	after.Sources--
	for i, d := range after.Dates {
		if strings.HasPrefix(d, "https://first.test/x ") {
			after.Dates = append(after.Dates[:i], after.Dates[i+1:]...)
			break
		}
	}
	if d := transfertest.Diff(before, after); d != "" {
		t.Errorf("the move changed the store:\n%s", d)
	}

	// The story's key is the new id of its first article, as the target's
	// linker would name it.
	newOrig, err := to.ArticleIDByURL(ctx, "https://wire.test/orig")
	if err != nil {
		t.Fatal(err)
	}
	if newOrig == ids["orig"] {
		t.Fatalf("ids did not change (%d): the test shows nothing", newOrig)
	}
	rel, err := to.Related(ctx, newOrig)
	if err != nil {
		t.Fatal(err)
	}
	if rel.Story == nil || rel.Story.Key != strconv.FormatInt(newOrig, 10) || rel.Story.Title != "Bridges rebuilt" {
		t.Errorf("story %+v, want key %d", rel.Story, newOrig)
	}

	// The article keeps its external id, statement act and target, credits,
	// feed and created time.
	newQuoted, err := to.ArticleIDByURL(ctx, "https://news.test/a")
	if err != nil {
		t.Fatal(err)
	}
	a, err := to.Article(ctx, newQuoted)
	if err != nil {
		t.Fatal(err)
	}
	old, err := from.Article(ctx, ids["quoted"])
	if err != nil {
		t.Fatal(err)
	}
	if a.ExternalID != "ext-1" || len(a.Statements) != 1 || a.Statements[0].Act != rapporteur.ActDemand ||
		a.Statements[0].Target == nil || len(a.Credits) != 1 || !a.Created.Equal(old.Created) {
		t.Errorf("article as imported: %+v", a)
	}
	feeds, err := to.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 1 || a.FeedID != feeds[0].ID || feeds[0].ETag != `"v1"` || feeds[0].ErrorCount != 2 ||
		!feeds[0].NextFetch.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("feed as imported: %+v (article feed %d)", feeds, a.FeedID)
	}

	// Importing again changes nothing.
	again, err := transfer.Import(ctx, to, bytes.NewReader(buf.Bytes()), transfer.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Unchanged != 4 || again.Created != 0 || again.Failed != 0 {
		t.Errorf("second import %+v", again)
	}
	after2 := census(t, to)
	after2.Articles--
	after2.Sources--
	after2.Dates = after.Dates
	if d := transfertest.Diff(before, after2); d != "" {
		t.Errorf("a second import changed the store:\n%s", d)
	}
}

// TestBadLines: a corrupt or cut line stops the import with its line
// number, as an invalid-input error, and the lines before it are stored.
func TestBadLines(t *testing.T) {
	ctx := t.Context()
	from := openDB(t)
	source(t, from)
	var buf bytes.Buffer
	if _, err := transfer.Export(ctx, from, &buf, transfer.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want a feed and 4 articles", len(lines))
	}
	cases := []struct {
		name     string
		input    string
		line     int
		msg      string
		articles int
	}{
		{"corrupt", lines[0] + lines[1] + "{\"id\": 7, \"text\": \"x\n" + lines[2], 3, "line 3: not a JSON object: ", 1},
		{"cut short", lines[0] + lines[1] + lines[2] + lines[3][:40], 4, "line 4: not a JSON object (is the file cut short?): ", 2},
		{"not an article", lines[0] + "{\"foo\": 1}\n", 2, "line 2: neither an article", 0},
		{"not an object", "[1, 2]\n", 1, "line 1: not a JSON object", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			to := openDB(t)
			n, err := transfer.Import(ctx, to, strings.NewReader(c.input), transfer.ImportOptions{})
			var le *transfer.LineError
			if !errors.As(err, &le) || le.Line != c.line {
				t.Fatalf("error %v, want one on line %d", err, c.line)
			}
			if !strings.HasPrefix(err.Error(), c.msg) {
				t.Errorf("message %q, want it to start with %q", err, c.msg)
			}
			if rapporteur.ErrorCode(err) != rapporteur.EINVALID {
				t.Errorf("code %q", rapporteur.ErrorCode(err))
			}
			st, err := to.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if int(st.Articles) != c.articles || n.Articles != c.articles {
				t.Errorf("%d articles stored (%d counted), want the %d before the bad line", st.Articles, n.Articles, c.articles)
			}
		})
	}
}

// TestMissingOriginal: a copy whose original is not in the file (an API
// export of one search) is stored as no copy, reported with its line, and
// its story gets a key no article id can take.
func TestMissingOriginal(t *testing.T) {
	ctx := t.Context()
	rec := map[string]any{"id": 5, "url": "https://copy.test/1", "title": "Copy", "text": wire,
		"duplicate_of": 3, "similarity": 0.9, "story": map[string]string{"key": "3", "title": "Bridges"}}
	line, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	to := openDB(t)
	var failed []int
	n, err := transfer.Import(ctx, to, bytes.NewReader(line), transfer.ImportOptions{OnError: func(line int, err error) {
		failed = append(failed, line)
		if !strings.Contains(err.Error(), "article 3, is not in the file") {
			t.Errorf("report %q", err)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if n.Articles != 1 || n.Failed != 1 || len(failed) != 1 || failed[0] != 1 {
		t.Errorf("counts %+v, reported lines %v", n, failed)
	}
	id, err := to.ArticleIDByURL(ctx, "https://copy.test/1")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := to.Related(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if rel.Story == nil || rel.Story.Key != "imported:3" {
		t.Errorf("story %+v", rel.Story)
	}
}

// unavailable is a store whose database went away after the first batch.
type unavailable struct {
	*sqlite.DB
	puts int
}

func (u *unavailable) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	u.puts++
	if u.puts == 1 {
		return u.DB.PutArticles(ctx, items)
	}
	errs := make([]error, len(items))
	for i := range errs {
		errs[i] = rapporteur.Errorf(rapporteur.EUNAVAILABLE, "put: connection refused")
	}
	return make([]rapporteur.PutResult, len(items)), errs
}

// TestStoreGoesAway: a database that stops answering stops the import at
// once, as unavailable, keeping what was stored; a second run finishes.
func TestStoreGoesAway(t *testing.T) {
	ctx := t.Context()
	from := openDB(t)
	source(t, from)
	var buf bytes.Buffer
	if _, err := transfer.Export(ctx, from, &buf, transfer.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	to := openDB(t)
	n, err := transfer.Import(ctx, &unavailable{DB: to}, bytes.NewReader(buf.Bytes()), transfer.ImportOptions{Batch: 2})
	if rapporteur.ErrorCode(err) != rapporteur.EUNAVAILABLE || !strings.Contains(err.Error(), "line 4: ") {
		t.Fatalf("error %v (%+v)", err, n)
	}
	if n.Articles != 2 {
		t.Errorf("%d articles counted, want the first batch", n.Articles)
	}
	n, err = transfer.Import(ctx, to, bytes.NewReader(buf.Bytes()), transfer.ImportOptions{})
	if err != nil || n.Created != 2 || n.Unchanged != 2 {
		t.Fatalf("second run: %+v, %v", n, err)
	}
	if d := transfertest.Diff(census(t, from), census(t, to)); d != "" {
		t.Errorf("after the second run:\n%s", d)
	}
}
