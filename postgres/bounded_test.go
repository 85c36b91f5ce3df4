package postgres

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/storetest"
)

// The bounded searches of package sqlite, on PostgreSQL: the same tests
// with the same figures (see sqlite's sqlite_test.go and count_test.go).

// MustOpenDB opens a store on a schema of its own.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), pgtest.DSN(tb))
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

// TestCountArticles: a count is exact while the candidates fit in the
// window, and past it an estimate from the share of the articles that
// the window's dates span.
func TestCountArticles(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	for i := range 40 {
		text := "The harbour was open."
		if i%4 == 0 {
			text = "The harbour was closed."
		}
		a := storetest.Article(fmt.Sprintf("https://h%d.example.test/%d", i%2, i), "T", text, storetest.Day.Add(time.Duration(i)*time.Hour))
		if i%8 == 0 {
			a.Credits = []rapporteur.Credit{{Name: "Associated Press"}}
		}
		if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		q      string
		window int
		n      int64
		exact  bool
	}{
		{"", 100, 40, true},
		{"harbour", 100, 40, true},
		{"closed", 100, 10, true},
		{"harbour -closed", 100, 30, true},
		{"credit:AP", 100, 5, true},
		{"source:h1.example.test", 100, 20, true},
		{"closed source:h0.example.test", 100, 10, true},
		{"nothing", 100, 0, true},
		// Past the window: the newest 10 matches span ids 31-40, a quarter
		// of the ids, so all matches are about four times those passing.
		{"", 10, 40, false},
		{"harbour", 10, 40, false},
		{"harbour -closed", 10, 30, false}, // ids 28-40 hold 10 of 30
		// More than the window through the credits index: the newest 2
		// (ids 33 and 25) span 16 of the 40 articles.
		{"credit:AP", 2, 5, false},
		{"credit:AP", 5, 5, true},
		// The newest 10 of h1 (every other id from 40 down to 22) span
		// 19 articles.
		{"source:h1.example.test", 10, 21, false},
	}
	defer func(w int) { countWindow = w }(countWindow)
	for _, tc := range tests {
		countWindow = tc.window
		n, exact, err := db.CountArticles(ctx, rapporteur.ArticleFilter{Query: tc.q})
		if err != nil || n != tc.n || exact != tc.exact {
			t.Errorf("count %q (window %d) = %d, %v, %v; want %d, %v", tc.q, tc.window, n, exact, err, tc.n, tc.exact)
		}
	}
}

// TestFacetSample: facets count every match while they fit in the facet
// window, and the newest window of them past it.
func TestFacetSample(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	for i := range 12 {
		a := storetest.Article(fmt.Sprintf("https://h%d.example.test/%d", i%3, i), "T", "The harbour was open.", storetest.Day.Add(time.Duration(i)*time.Hour))
		if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	defer func(w int) { facetWindow = w }(facetWindow)
	for _, tc := range []struct {
		q        string
		window   int
		sample   int64
		complete bool
	}{
		{"harbour", 100, 12, true},
		{"harbour", 5, 5, false},
		{"", 5, 5, false},
		{"source:h1.example.test", 100, 4, true},
		{"source:h1.example.test", 3, 3, false},
	} {
		facetWindow = tc.window
		fs, err := db.ArticleFacets(ctx, rapporteur.ArticleFilter{Query: tc.q}, 5)
		if err != nil || fs.Sample != tc.sample || fs.Complete != tc.complete {
			t.Errorf("facets %q (window %d): sample %d, complete %v, %v; want %d, %v", tc.q, tc.window, fs.Sample, fs.Complete, err, tc.sample, tc.complete)
			continue
		}
		var sum int64
		for _, v := range fs.Sources {
			sum += v.Count
		}
		if sum != fs.Sample {
			t.Errorf("facets %q (window %d): sources add up to %d, sample %d", tc.q, tc.window, sum, fs.Sample)
		}
	}
}

// TestAttentionSample runs the contract of the attention estimate with
// the sample made small.
func TestAttentionSample(t *testing.T) {
	storetest.RunAttentionSample(t, func(t *testing.T) storetest.AttentionCounter { return MustOpenDB(t) },
		func(t *testing.T, n, k int) {
			// k, the number of id windows of package sqlite, has no
			// counterpart: the sample here is TABLESAMPLE's.
			a, s := attentionSample, attentionStatementSample
			t.Cleanup(func() { attentionSample, attentionStatementSample = a, s })
			attentionSample, attentionStatementSample = n, n
		})
}

// TestArticlesByMembers is package sqlite's test of speaker and source lists, newest first, in pages.
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
