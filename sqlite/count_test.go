package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestCountArticles: a count is exact while the candidates fit in the
// window, and an estimate from the window's share of ids past it.
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
		// More than the window through the credits index, and none among
		// the newest: an estimate of 0, which the page shows as unknown.
		{"credit:AP", 2, 0, false},
		{"credit:AP", 5, 5, true},
		{"source:h1.example.test", 10, 20, false},
	}
	defer func(w int) { countWindow = w }(countWindow)
	windowsOnly(t)
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

func TestFacets(t *testing.T) {
	storetest.RunFacets(t, func(t *testing.T) storetest.Faceter { return MustOpenDB(t) })
}

func TestStatementFacets(t *testing.T) {
	storetest.RunStatementFacets(t, func(t *testing.T) storetest.StatementFaceter { return MustOpenDB(t) })
}

// TestCountStatements: a statement count is exact within the window, and
// past it an estimate: from the share of ids the window spans, or, for a
// speaker's statements, from the speaker's count in its index.
func TestCountStatements(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	for i := range 40 {
		kind, text := rapporteur.Indirect, "Ana Lopes said the harbour was open."
		q := storetest.Quote{Kind: kind, Content: "the harbour was open", Speaker: "Ana Lopes", Cue: "said"}
		if i%4 == 0 {
			text = `"The harbour is closed," Ana Lopes said.`
			q = storetest.Quote{Kind: rapporteur.Direct, Content: "The harbour is closed,", Speaker: "Ana Lopes", Cue: "said"}
		}
		a := storetest.Article(fmt.Sprintf("https://h.example.test/%d", i), "T", text, storetest.Day.Add(time.Duration(i)*time.Hour), q)
		if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	sp, err := db.Speakers(ctx, rapporteur.SpeakerFilter{Query: "Ana Lopes"})
	if err != nil || len(sp.Items) != 1 {
		t.Fatal(sp.Items, err)
	}
	ana := sp.Items[0].ID
	defer func(w int) { statementCountWindow = w }(statementCountWindow)
	windowsOnly(t)
	for _, tc := range []struct {
		f      rapporteur.StatementFilter
		window int
		n      int64
		exact  bool
	}{
		{rapporteur.StatementFilter{}, 100, 40, true},
		{rapporteur.StatementFilter{Query: "closed"}, 100, 10, true},
		{rapporteur.StatementFilter{SpeakerID: ana, Kind: rapporteur.Direct}, 100, 10, true},
		// The newest 10 statements are a quarter of the ids.
		{rapporteur.StatementFilter{}, 10, 40, false},
		{rapporteur.StatementFilter{Query: "harbour"}, 10, 40, false},
		// The speaker's newest 10 (hours 30-39) hold 2 direct ones (32
		// and 36): 2 in 10 of the speaker's 40 statements.
		{rapporteur.StatementFilter{SpeakerID: ana, Kind: rapporteur.Direct}, 10, 8, false},
		{rapporteur.StatementFilter{SpeakerID: ana}, 10, 40, false},
	} {
		statementCountWindow = tc.window
		n, exact, err := db.CountStatements(ctx, tc.f)
		if err != nil || n != tc.n || exact != tc.exact {
			t.Errorf("count %+v (window %d) = %d, %v, %v; want %d, %v", tc.f, tc.window, n, exact, err, tc.n, tc.exact)
		}
	}
}

// windowsOnly has a test's small store counted through the windows that
// a store past wholeStore is counted through.
func windowsOnly(t *testing.T) {
	w := wholeStore
	t.Cleanup(func() { wholeStore = w })
	wholeStore = 0
}

func TestSmallStoreCounts(t *testing.T) {
	storetest.RunSmallStoreCounts(t, func(t *testing.T) storetest.SmallStoreCounter { return MustOpenDB(t) })
}
