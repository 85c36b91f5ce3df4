package storetest

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/transfer"
	"github.com/rapporteur/rapporteur/transfer/transfertest"
)

// RunTransfer checks that a store's data moves through package transfer
// (`rapporteur export` and `import`) into another store of the same
// implementation, each from open, keeping what a user sees: the counts,
// the copy links and stories by article key, the speakers, the dates, a
// feed's polling state, and an article's statements, credits, external id
// and created time. What export and import ask of a store beyond the
// rest of the contract: ids that grow in storing order, Related naming an
// article's story by its key, PutArticle keeping ArticleMeta.Fetched as
// Created, LinkArticles creating a story under the key it is given.
func RunTransfer(t *testing.T, open Open) {
	t.Run("RoundTrip", func(t *testing.T) {
		from, to := open(t), open(t)
		defer from.Close()
		defer to.Close()
		testTransfer(t, from, to)
	})
}

// transferMoreRoles are the quoted minister's further roles, which the
// move keeps.
var transferMoreRoles = []rapporteur.RoleDesc{{Role: "deputy leader", Affiliation: "Labour Party"}}

const transferWire = "The minister said \"we will rebuild every bridge\" at a press conference on Monday in the capital."

// transferSource fills s with what a move must keep: a feed with its
// polling state, a statement with an act, a target, a cue and a speaker
// of two roles, a credit, an undated article without a URL, an article in
// Hindi (words made of letters and combining marks), a wire copy stored
// before its original (so the export names the original before it
// reaches it), a story whose key is that late original's id, and a saved
// search with a webhook that has had the articles up to the copy; on a
// store that keeps notes, a newsroom's note on an article and one on the
// quoted statement.
func transferSource(t *testing.T, s rapporteur.Store) map[string]int64 {
	t.Helper()
	f := &rapporteur.Feed{URL: "https://news.test/feed.xml", Title: "News"}
	if err := s.CreateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.ETag, f.ErrorCount, f.LastError = `"v1"`, 2, "timeout"
	f.NextFetch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	quoted := Article("https://news.test/a", "Bridges", transferWire, day,
		Quote{Content: "we will rebuild every bridge", Cue: "said", Speaker: "Ana Lima", Mention: "The minister", Role: "minister"})
	quoted.ID = "ext-1"
	quoted.Statements[0].Act = rapporteur.ActDemand
	quoted.Statements[0].Target = &rapporteur.Target{Name: "bridges", Type: rapporteur.Unknown}
	quoted.Statements[0].Speaker.MoreRoles = transferMoreRoles
	quoted.Credits = []rapporteur.Credit{{Name: "Associated Press", Evidence: rapporteur.Span{Start: 0, End: 3, Text: "The"}}}
	hindi := Article("https://news.test/hi", "बाढ़ से हज़ारों लोग प्रभावित",
		"मंत्री ने कहा कि सभी पुल फिर से बनाए जाएँगे। बाढ़ से हज़ारों लोग प्रभावित हुए।", day)
	hindi.Language = "hi"
	items := []struct {
		name string
		a    rapporteur.Article
		feed int64
	}{
		{"quoted", quoted, f.ID},
		{"copy", Article("https://other.test/copy", "Bridges again", transferWire+" More.", day.Add(48*time.Hour)), 0},
		{"orig", Article("https://wire.test/orig", "Bridges", transferWire, day.Add(24*time.Hour)), 0},
		{"undated", Article("", "No date", "A text with no date and no address.", time.Time{}), 0},
		{"hindi", hindi, 0},
	}
	ids := map[string]int64{}
	for _, it := range items {
		res, err := s.PutArticle(ctx, it.a, rapporteur.ArticleMeta{FeedID: it.feed, Fetched: day.Add(-time.Hour)})
		if err != nil {
			t.Fatalf("put %s: %v", it.name, err)
		}
		ids[it.name] = res.ID
	}
	ss := &rapporteur.SavedSearch{Name: "Bridges", Query: "bridge", WebhookURL: "https://hooks.test/bridges", WebhookSecret: "s3cret"}
	if err := s.CreateSavedSearch(ctx, ss); err != nil {
		t.Fatal(err)
	}
	ss.Delivered, ss.DeliveryErrors, ss.LastError = ids["copy"], 1, "HTTP 500"
	if err := s.UpdateSavedSearch(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if ns, ok := s.(transfer.NoteSource); ok {
		nt := ns.(noteStore)
		st, err := s.Statements(ctx, rapporteur.StatementFilter{ArticleID: ids["quoted"]})
		if err != nil || len(st.Items) != 1 {
			t.Fatalf("the quoted statement: %v %v", st.Items, err)
		}
		for _, n := range []*rapporteur.Note{
			{ArticleID: ids["orig"], Status: rapporteur.NoteNeedsCheck, Author: "Desk", Text: "Which bridges?", Created: transferNoteTime},
			{StatementID: st.Items[0].ID, Status: rapporteur.NoteVerified, Author: "Ana Reis", Text: "Confirmed by phone.", Created: transferNoteTime.Add(time.Hour)},
		} {
			if err := nt.AddNote(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
	}
	key := strconv.FormatInt(ids["orig"], 10)
	err := s.LinkArticles(ctx, []rapporteur.LinkItem{
		{ID: ids["quoted"], Link: rapporteur.ArticleLink{StoryKey: strconv.FormatInt(ids["quoted"], 10), StoryTitle: "Bridges"}},
		{ID: ids["orig"], Link: rapporteur.ArticleLink{StoryKey: key, StoryTitle: "Bridges rebuilt"}},
		{ID: ids["copy"], Link: rapporteur.ArticleLink{DuplicateOf: ids["orig"], Similarity: 0.9, StoryKey: key, StoryTitle: "Bridges rebuilt"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// transferNoteTime is when the notes of transferSource were written,
// which the move keeps.
var transferNoteTime = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

// noteStore is what the transfer case reads and writes of notes.
type noteStore interface {
	AddNote(ctx context.Context, n *rapporteur.Note) error
	Notes(ctx context.Context, articleID int64) ([]*rapporteur.Note, error)
}

func census(t *testing.T, s rapporteur.Store) *transfertest.Census {
	t.Helper()
	c, err := transfertest.Take(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testTransfer(t *testing.T, from, to rapporteur.Store) {
	ids := transferSource(t, from)
	// The target has an article already, so the ids change: the links
	// must follow the articles, not the numbers.
	if _, err := to.PutArticle(ctx, Article("https://first.test/x", "First", "Already here.", time.Now()), rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	had := census(t, to)
	var buf bytes.Buffer
	exp, err := transfer.Export(ctx, from, &buf, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := transfer.Counts{Feeds: 1, SavedSearches: 1, Articles: 5, Statements: 1, Copies: 1, InStory: 3}
	_, notes := from.(transfer.NoteSource)
	if notes {
		want.Notes = 2
	}
	if exp != want {
		t.Errorf("export counts %+v, want %+v", exp, want)
	}
	imp, err := transfer.Import(ctx, to, bytes.NewReader(buf.Bytes()), transfer.ImportOptions{
		Batch: 2, OnError: func(line int, err error) { t.Errorf("import line %d: %v", line, err) }})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Feeds != exp.Feeds || imp.SavedSearches != exp.SavedSearches || imp.Notes != exp.Notes || imp.Articles != exp.Articles || imp.Statements != exp.Statements ||
		imp.Copies != exp.Copies || imp.InStory != exp.InStory || imp.Created != exp.Articles || imp.Failed != 0 {
		t.Errorf("import counts %+v, export %+v", imp, exp)
	}
	if d := transfertest.Diff(census(t, from), transfertest.Minus(census(t, to), had)); d != "" {
		t.Errorf("the move changed the store:\n%s", d)
	}

	// The story is keyed by the new id of its first article, as the
	// target's own linker would key it.
	orig, err := to.ArticleIDByURL(ctx, "https://wire.test/orig")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := to.Related(ctx, orig)
	if err != nil {
		t.Fatal(err)
	}
	if orig == ids["orig"] {
		t.Fatalf("the ids did not change (%d): the test shows nothing", orig)
	}
	if rel.Story == nil || rel.Story.Key != strconv.FormatInt(orig, 10) || rel.Story.Title != "Bridges rebuilt" {
		t.Errorf("story %+v, want key %d and its title", rel.Story, orig)
	}
	// The webhook has had the articles up to the copy, under its new id.
	copyID, err := to.ArticleIDByURL(ctx, "https://other.test/copy")
	if err != nil {
		t.Fatal(err)
	}
	saved, err := to.SavedSearches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 1 || saved[0].Delivered != copyID || saved[0].WebhookSecret != "s3cret" ||
		saved[0].WebhookURL != "https://hooks.test/bridges" || saved[0].DeliveryErrors != 1 || saved[0].LastError != "HTTP 500" {
		t.Errorf("saved searches as imported: %+v, want one delivered up to %d", saved, copyID)
	}
	quoted, err := to.ArticleIDByURL(ctx, "https://news.test/a")
	if err != nil {
		t.Fatal(err)
	}
	a, err := to.Article(ctx, quoted)
	if err != nil {
		t.Fatal(err)
	}
	old, err := from.Article(ctx, ids["quoted"])
	if err != nil {
		t.Fatal(err)
	}
	if a.ExternalID != "ext-1" || len(a.Statements) != 1 || a.Statements[0].Act != rapporteur.ActDemand ||
		a.Statements[0].Target == nil || a.Statements[0].Cue == nil || len(a.Credits) != 1 || !a.Created.Equal(old.Created) ||
		!slices.Equal(a.Statements[0].Speaker.MoreRoles, transferMoreRoles) {
		t.Errorf("article as imported: %+v", a)
	}
	feeds, err := to.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 1 || a.FeedID != feeds[0].ID || feeds[0].ETag != `"v1"` || feeds[0].ErrorCount != 2 ||
		!feeds[0].NextFetch.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("feed as imported: %+v (the article's feed %d)", feeds, a.FeedID)
	}

	// The notes are on the same article and statement, with their
	// author, status and time.
	checkNotes := func(when string) {
		if !notes {
			return
		}
		nt := to.(noteStore)
		on := func(id int64) []*rapporteur.Note {
			ns, err := nt.Notes(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return ns
		}
		ns := on(orig)
		if len(ns) != 1 || ns[0].StatementID != 0 || ns[0].Status != rapporteur.NoteNeedsCheck || ns[0].Author != "Desk" ||
			ns[0].Text != "Which bridges?" || !ns[0].Created.Equal(transferNoteTime) {
			t.Errorf("%s: the article's notes %+v", when, ns)
		}
		ns = on(quoted)
		if len(ns) != 1 || ns[0].StatementID != a.Statements[0].ID || ns[0].Status != rapporteur.NoteVerified ||
			ns[0].Author != "Ana Reis" || !ns[0].Created.Equal(transferNoteTime.Add(time.Hour)) {
			t.Errorf("%s: the statement's notes %+v, want one on statement %d", when, ns, a.Statements[0].ID)
		}
	}
	checkNotes("imported")

	// Importing the same file again changes nothing.
	again, err := transfer.Import(ctx, to, bytes.NewReader(buf.Bytes()), transfer.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkNotes("imported twice")
	if again.Unchanged != exp.Articles || again.Created != 0 || again.Failed != 0 {
		t.Errorf("second import %+v", again)
	}
	if d := transfertest.Diff(census(t, from), transfertest.Minus(census(t, to), had)); d != "" {
		t.Errorf("a second import changed the store:\n%s", d)
	}
}
