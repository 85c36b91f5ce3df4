package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// MustOpenDB opens a new database in the test's temporary directory.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// allPages lists the ids of every page of an article list.
func allPages(t *testing.T, db *DB, f rapporteur.ArticleFilter) []int64 {
	t.Helper()
	var ids []int64
	for {
		p, err := db.Articles(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.Items {
			ids = append(ids, a.ID)
		}
		if p.Next == "" {
			return ids
		}
		f.Cursor = p.Next
	}
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}

// TestStoreShortWalk runs the contract suite with a date walk of one
// article, so that its small filtered lists take the path of rare filters
// in a million articles: a short walk, then the filter's own index. (The
// ranked window changes which results come first, and has its own test,
// TestRelevanceBeyondWindow.)
func TestStoreShortWalk(t *testing.T) {
	storetest.Run(t, func(t *testing.T) rapporteur.Store {
		db := MustOpenDB(t)
		db.walkWindow = 1
		return db
	})
}

// TestRelevanceBeyondWindow pages through more matches than the ranked
// window: the window's pages, then the older matches, each article once.
func TestRelevanceBeyondWindow(t *testing.T) {
	for _, common := range []int{defaultCommonTerm, 10} {
		t.Run(fmt.Sprintf("common from %d", common), func(t *testing.T) { testRelevanceBeyondWindow(t, common) })
	}
}

// testRelevanceBeyondWindow runs TestRelevanceBeyondWindow with words
// common from a number of matches: with 10, the 30 matches of "harbour"
// are ranked by recency alone.
func testRelevanceBeyondWindow(t *testing.T, common int) {
	db := MustOpenDB(t)
	defer db.Close()
	db.rankWindow, db.commonTerm = 7, common
	ctx := context.Background()
	var want []int64
	for i := range 30 {
		a := storetest.Article(fmt.Sprintf("https://example.com/%d", i), fmt.Sprintf("Story %d", i),
			fmt.Sprintf("Story %d about the harbour %s.", i, strings.Repeat("harbour ", i%4)), storetest.Day.Add(time.Duration(i)*time.Hour))
		res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res.ID)
	}
	for _, n := range []int{1, 3, 7, 8, 13, 30, 100} {
		got := allPages(t, db, rapporteur.ArticleFilter{Query: "harbour", Limit: n})
		if len(got) != len(want) {
			t.Errorf("limit %d: %d articles listed, want %d: %v", n, len(got), len(want), got)
		}
		seen := map[int64]bool{}
		for i, id := range got {
			if seen[id] {
				t.Errorf("limit %d: article %d listed twice", n, id)
			}
			seen[id] = true
			// After the window (the 7 newest), the older ones come newest first.
			if i > 7 && id > got[i-1] {
				t.Errorf("limit %d: past the window, %d after %d", n, id, got[i-1])
			}
			if i < 7 && id < want[len(want)-7] {
				t.Errorf("limit %d: article %d ranked inside the window", n, id)
			}
			// Ranked by recency alone, the newest come first.
			if common == 10 && i > 0 && id > got[i-1] {
				t.Errorf("limit %d: by recency, %d after %d", n, id, got[i-1])
			}
		}
	}
}

// TestArticlesByMembers pages through the articles of speakers and
// sources whose newest articles are cut short (a page of one reads eight
// of each member's at first): every article once, newest first, with and
// without another filter, for a name that matches two speakers, for one
// speaker by id, and for sources by name and by id.
func TestArticlesByMembers(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	type stored struct {
		id, date  int64
		host      string
		zhao, wei bool
	}
	var all []stored
	for i := range 60 {
		host := "a.example"
		if i%4 == 0 {
			host = "ab.example"
		}
		// Dates out of id order, several articles a day.
		date := storetest.Day.Add(time.Duration((i*37)%25) * 24 * time.Hour)
		quotes := []storetest.Quote{{Kind: rapporteur.Indirect, Content: "the harbour was fine", Speaker: "Zhao Lijian"}}
		text := "Zhao Lijian said the harbour was fine."
		wei := i%3 == 0
		if wei {
			text += " Zhao Wei said the film was long."
			quotes = append(quotes, storetest.Quote{Kind: rapporteur.Indirect, Content: "the film was long", Speaker: "Zhao Wei"})
		}
		if i%5 == 0 { // a statement of someone else only
			text = "Li Wei said the film was long."
			quotes = []storetest.Quote{{Kind: rapporteur.Indirect, Content: "the film was long", Speaker: "Li Wei"}}
		}
		res, err := db.PutArticle(ctx, storetest.Article(fmt.Sprintf("https://%s/%d", host, i), "T", text, date, quotes...), rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, stored{res.ID, date.Unix(), host, i%5 != 0, wei && i%5 != 0})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].date != all[j].date {
			return all[i].date > all[j].date
		}
		return all[i].id > all[j].id
	})
	sp, err := db.Speakers(ctx, rapporteur.SpeakerFilter{Query: `"Zhao Wei"`})
	if err != nil || len(sp.Items) != 1 {
		t.Fatalf("speaker Zhao Wei: %v, %v", sp.Items, err)
	}
	first, err := db.Article(ctx, all[0].id) // on ab.example
	if err != nil {
		t.Fatal(err)
	}
	src := first.Source
	tests := []struct {
		name string
		f    rapporteur.ArticleFilter
		keep func(stored) bool
	}{
		{"speaker:zhao", rapporteur.ArticleFilter{Query: "speaker:zhao"}, func(s stored) bool { return s.zhao }},
		{"speaker:zhao source:ab.example", rapporteur.ArticleFilter{Query: "speaker:zhao source:ab.example"}, func(s stored) bool { return s.zhao && s.host == "ab.example" }},
		{"Zhao Wei by id", rapporteur.ArticleFilter{SpeakerID: sp.Items[0].ID}, func(s stored) bool { return s.wei }},
		{"source:a*", rapporteur.ArticleFilter{Query: "source:a*"}, func(stored) bool { return true }},
		{"source:a.example lang:en", rapporteur.ArticleFilter{Query: "source:a.example lang:en"}, func(s stored) bool { return s.host == "a.example" }},
		{"source by id", rapporteur.ArticleFilter{SourceID: src.ID}, func(s stored) bool { return s.host == "ab.example" }},
	}
	for _, tt := range tests {
		var want []int64
		for _, s := range all {
			if tt.keep(s) {
				want = append(want, s.id)
			}
		}
		for _, n := range []int{1, 2, 7, 100} {
			f := tt.f
			f.Limit = n
			if got := allPages(t, db, f); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s, pages of %d:\n got %v\nwant %v", tt.name, n, got, want)
			}
		}
	}
}

// TestNewestBlocksOfCopies: when the newest block of ids holds only wire
// copies, a search that leaves copies out starts below it and still
// lists every original, newest first; with copies it lists them all. The
// blocks' counts of originals follow linking and unlinking.
func TestNewestBlocksOfCopies(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	const originals, copies = 100, 1000
	var items []rapporteur.PutItem
	for i := range originals + copies {
		items = append(items, rapporteur.PutItem{Article: storetest.Article(fmt.Sprintf("https://example.com/%d", i),
			fmt.Sprintf("Story %d", i), fmt.Sprintf("Story %d about the harbour.", i%originals), storetest.Day)})
	}
	res, errs := db.PutArticles(ctx, items)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	var links []rapporteur.LinkItem
	for i := originals; i < originals+copies; i++ {
		links = append(links, rapporteur.LinkItem{ID: res[i].ID, Link: rapporteur.ArticleLink{DuplicateOf: res[i%originals].ID, Similarity: 1}})
	}
	if err := db.LinkArticles(ctx, links); err != nil {
		t.Fatal(err)
	}
	blockCounts := func() map[int64]int64 {
		rows, err := db.read.Query(`SELECT block, originals FROM article_blocks`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[int64]int64{}
		for rows.Next() {
			var b, n int64
			if err := rows.Scan(&b, &n); err != nil {
				t.Fatal(err)
			}
			m[b] = n
		}
		return m
	}
	if got := blockCounts(); got[0] != originals || got[1] != 0 {
		t.Errorf("originals per block: %v, want %d in block 0 and none in block 1", got, originals)
	}
	var want []int64
	for i := originals - 1; i >= 0; i-- {
		want = append(want, res[i].ID)
	}
	if got := allPages(t, db, rapporteur.ArticleFilter{Query: "harbour", Limit: 30}); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("harbour without copies:\n got %v\nwant %v", got, want)
	}
	if got := allPages(t, db, rapporteur.ArticleFilter{Query: "harbour", Duplicates: true, Limit: 100}); len(got) != originals+copies {
		t.Errorf("harbour with copies: %d articles, want %d", len(got), originals+copies)
	}
	// Unlinking the newest copy makes it an original of block 1.
	last := res[originals+copies-1].ID
	if err := db.LinkArticle(ctx, last, rapporteur.ArticleLink{}); err != nil {
		t.Fatal(err)
	}
	if got := blockCounts(); got[0] != originals || got[1] != 1 {
		t.Errorf("after unlinking %d: originals per block %v", last, got)
	}
	if got := allPages(t, db, rapporteur.ArticleFilter{Query: "harbour", Limit: 30}); len(got) != originals+1 || got[0] != last {
		t.Errorf("harbour after unlinking: %d articles starting %v, want %d starting %d", len(got), got[:1], originals+1, last)
	}
}
