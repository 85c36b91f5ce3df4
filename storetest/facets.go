package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// Faceter is a store that breaks an article search down into facets
// (issue 15): the http package's facet interface.
type Faceter interface {
	rapporteur.Store
	ArticleFacets(ctx context.Context, f rapporteur.ArticleFilter, limit int) (*rapporteur.Facets, error)
}

// OpenFaceter returns a new, empty store with facets for one test.
type OpenFaceter func(t *testing.T) Faceter

// RunFacets runs the contract of facets: on a small store every match is
// counted, each value counts the articles that have it, and narrowing the
// search to a value finds as many articles as the facet said.
func RunFacets(t *testing.T, open OpenFaceter) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, Faceter)
	}{
		{"CountsEachValue", testFacetCounts},
		{"FollowFilters", testFacetsFollowFilters},
		{"NoMatches", testFacetsNoMatches},
		{"NullColumns", testFacetsNullColumns},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

// facetCorpus stores three articles on a flood: two from one outlet, one
// crediting AP, two quoting the mayor (one directly), one in French.
func facetCorpus(t *testing.T, s rapporteur.Store) {
	a := Article("https://daily.example/flood-1", "Flood rises", "The river rose overnight. Mayor Ana Ruiz said the flood would peak today.", Day,
		Quote{Kind: rapporteur.Indirect, Content: "the flood would peak today", Cue: "said", Speaker: "Ana Ruiz", Mention: "Mayor Ana Ruiz"})
	a.Credits = []rapporteur.Credit{{Name: "Associated Press"}}
	put(t, s, a)
	put(t, s, Article("https://daily.example/flood-2", "Flood peaks", `The flood peaked. "We are safe," Ana Ruiz said.`, Day.AddDate(0, 0, 1),
		Quote{Kind: rapporteur.Direct, Content: "We are safe,", Cue: "said", Speaker: "Ana Ruiz", Mention: "Ana Ruiz"}))
	fr := Article("https://journal.example/crue", "La crue", "La crue du flood baisse.", Day.AddDate(0, 0, 2))
	fr.Language = "fr"
	put(t, s, fr)
	put(t, s, Article("https://daily.example/budget", "Budget", "The budget passed.", Day))
}

func facetsOf(t *testing.T, s Faceter, f rapporteur.ArticleFilter) *rapporteur.Facets {
	t.Helper()
	fs, err := s.ArticleFacets(context.Background(), f, 10)
	if err != nil {
		t.Fatalf("facets of %+v: %v", f, err)
	}
	return fs
}

func facetCount(vals []rapporteur.FacetValue, name string) int64 {
	for _, v := range vals {
		if v.Name == name {
			return v.Count
		}
	}
	return 0
}

func testFacetCounts(t *testing.T, s Faceter) {
	facetCorpus(t, s)
	fs := facetsOf(t, s, rapporteur.ArticleFilter{Query: "flood"})
	if !fs.Complete || fs.Sample != 3 {
		t.Fatalf("sample %d complete %v, want all 3 matches", fs.Sample, fs.Complete)
	}
	for _, c := range []struct {
		facet string
		vals  []rapporteur.FacetValue
		name  string
		want  int64
	}{
		{"sources", fs.Sources, "daily.example", 2},
		{"sources", fs.Sources, "journal.example", 1},
		{"languages", fs.Languages, "en", 2},
		{"languages", fs.Languages, "fr", 1},
		{"speakers", fs.Speakers, "Ana Ruiz", 2},
		{"kinds", fs.Kinds, rapporteur.Direct, 1},
		{"kinds", fs.Kinds, rapporteur.Indirect, 1},
		{"credits", fs.Credits, "Associated Press", 1},
	} {
		if got := facetCount(c.vals, c.name); got != c.want {
			t.Errorf("%s: %s counts %d, want %d (%+v)", c.facet, c.name, got, c.want, c.vals)
		}
	}
	if len(fs.Sources) > 0 && fs.Sources[0].Name != "daily.example" {
		t.Errorf("sources not most frequent first: %+v", fs.Sources)
	}
	// Narrowing to a value finds what the facet counted.
	for _, v := range fs.Sources {
		p, err := s.Articles(context.Background(), rapporteur.ArticleFilter{Query: "flood", SourceID: v.ID})
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(p.Items)) != v.Count {
			t.Errorf("source %s: facet says %d, search finds %d", v.Name, v.Count, len(p.Items))
		}
	}
	for _, v := range fs.Speakers {
		p, err := s.Articles(context.Background(), rapporteur.ArticleFilter{Query: "flood", SpeakerID: v.ID})
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(p.Items)) != v.Count {
			t.Errorf("speaker %s: facet says %d, search finds %d", v.Name, v.Count, len(p.Items))
		}
	}
}

func testFacetsFollowFilters(t *testing.T, s Faceter) {
	facetCorpus(t, s)
	fs := facetsOf(t, s, rapporteur.ArticleFilter{Query: "flood", Language: "en"})
	if fs.Sample != 2 || facetCount(fs.Languages, "fr") != 0 || facetCount(fs.Sources, "journal.example") != 0 {
		t.Errorf("facets of flood in English: sample %d, %+v", fs.Sample, fs)
	}
	// Without words, a filter alone.
	fs = facetsOf(t, s, rapporteur.ArticleFilter{Query: "credit:AP"})
	if fs.Sample != 1 || facetCount(fs.Speakers, "Ana Ruiz") != 1 {
		t.Errorf("facets of credit:AP: sample %d, speakers %+v", fs.Sample, fs.Speakers)
	}
	// A speaker, a credit's prefix and a word with them: the articles
	// they name, every one of them passing the rest of the search.
	for _, c := range []struct {
		q    string
		want int64
	}{{"speaker:ruiz", 2}, {"speaker:ruiz credit:AP", 1}, {"credit:assoc*", 1}, {"credit:assoc* lang:fr", 0}, {"speaker:ruiz budget", 0}} {
		if fs := facetsOf(t, s, rapporteur.ArticleFilter{Query: c.q}); fs.Sample != c.want || !fs.Complete {
			t.Errorf("facets of %s: sample %d, complete %v; want all %d", c.q, fs.Sample, fs.Complete, c.want)
		}
	}
	// No query: every article but wire copies.
	fs = facetsOf(t, s, rapporteur.ArticleFilter{})
	if fs.Sample != 4 || facetCount(fs.Sources, "daily.example") != 3 {
		t.Errorf("facets of everything: sample %d, sources %+v", fs.Sample, fs.Sources)
	}
}

func testFacetsNoMatches(t *testing.T, s Faceter) {
	facetCorpus(t, s)
	fs := facetsOf(t, s, rapporteur.ArticleFilter{Query: "earthquake"})
	if fs.Sample != 0 || !fs.Complete || len(fs.Sources)+len(fs.Speakers)+len(fs.Credits) != 0 {
		t.Errorf("facets of no match: %+v", fs)
	}
	if _, err := s.ArticleFacets(context.Background(), rapporteur.ArticleFilter{Query: `"unclosed`}, 10); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
		t.Errorf("invalid query: error %v, want EINVALID", err)
	}
}

// testFacetsNullColumns: a filter on a column that most articles leave
// empty (the feed of articles that came from none) narrows the facets
// (it failed on a NULL where a test has true or false).
func testFacetsNullColumns(t *testing.T, s Faceter) {
	facetCorpus(t, s)
	f := &rapporteur.Feed{URL: "https://daily.example/feed.xml"}
	if err := s.CreateFeed(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	a := Article("https://daily.example/fed", "From the feed", "The flood came from the feed.", Day.AddDate(0, 0, 4))
	if _, err := s.PutArticle(context.Background(), a, rapporteur.ArticleMeta{FeedID: f.ID}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "flood"} {
		fs := facetsOf(t, s, rapporteur.ArticleFilter{Query: q, FeedID: f.ID})
		if fs.Sample != 1 || facetCount(fs.Sources, "daily.example") != 1 {
			t.Errorf("facets of %q in the feed: sample %d, sources %+v; want its one article", q, fs.Sample, fs.Sources)
		}
	}
}
