package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// StatementFaceter is a store that counts a statement search and breaks
// it down into facets (issue 15: the Statements tab of the search page).
type StatementFaceter interface {
	rapporteur.Store
	CountStatements(ctx context.Context, f rapporteur.StatementFilter) (n int64, exact bool, err error)
	StatementFacets(ctx context.Context, f rapporteur.StatementFilter, limit int) (*rapporteur.Facets, error)
}

// OpenStatementFaceter returns a new, empty store for one test.
type OpenStatementFaceter func(t *testing.T) StatementFaceter

// RunStatementFacets runs the contract of statement counts and facets: on
// a small store the count is exact and is what the list finds; each facet
// value counts the statements that have it; and narrowing the list to a
// value finds as many statements as the facet said.
func RunStatementFacets(t *testing.T, open OpenStatementFaceter) {
	s := open(t)
	defer s.Close()
	facetCorpus(t, s)
	// A third statement of the mayor's, and one of another speaker, in
	// one article of another outlet.
	put(t, s, Article("https://journal.example/dam", "Dam holds", `The dam holds, Ana Ruiz said. "It is a lie," Rui Sousa said.`, Day.AddDate(0, 0, 3),
		Quote{Kind: rapporteur.Indirect, Content: "The dam holds", Cue: "said", Speaker: "Ana Ruiz"},
		Quote{Kind: rapporteur.Direct, Content: `It is a lie,`, Cue: "said", Speaker: "Rui Sousa"}))
	list := func(f rapporteur.StatementFilter) int64 {
		t.Helper()
		f.Limit = 100
		p, err := s.Statements(ctx, f)
		if err != nil {
			t.Fatalf("statements %+v: %v", f, err)
		}
		return int64(len(p.Items))
	}
	ana, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: "Ana Ruiz"})
	if err != nil || len(ana.Items) != 1 {
		t.Fatalf("speaker Ana Ruiz: %v %v", ana.Items, err)
	}
	for _, f := range []rapporteur.StatementFilter{
		{}, {Query: "flood"}, {Query: "speaker:ruiz"}, {SpeakerID: ana.Items[0].ID}, {Kind: rapporteur.Direct},
		{Query: "credit:AP"}, {Query: "lang:en"}, {Query: "nothing"}, {SpeakerID: ana.Items[0].ID, Kind: rapporteur.Direct},
	} {
		n, exact, err := s.CountStatements(ctx, f)
		if want := list(f); err != nil || n != want || !exact {
			t.Errorf("count of statements %+v: %d, exact %v, %v; the list finds %d", f, n, exact, err, want)
		}
	}

	fs, err := s.StatementFacets(ctx, rapporteur.StatementFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !fs.Complete || fs.Sample != 4 {
		t.Fatalf("facets of every statement: sample %d, complete %v; want 4, true", fs.Sample, fs.Complete)
	}
	for _, c := range []struct {
		facet string
		vals  []rapporteur.FacetValue
		name  string
		want  int64
	}{
		{"speakers", fs.Speakers, "Ana Ruiz", 3},
		{"speakers", fs.Speakers, "Rui Sousa", 1},
		{"sources", fs.Sources, "daily.example", 2},
		{"sources", fs.Sources, "journal.example", 2},
		{"kinds", fs.Kinds, rapporteur.Direct, 2},
		{"kinds", fs.Kinds, rapporteur.Indirect, 2},
		{"credits", fs.Credits, "Associated Press", 1},
		{"languages", fs.Languages, "en", 4},
	} {
		if got := facetCount(c.vals, c.name); got != c.want {
			t.Errorf("statement %s: %s counts %d, want %d (%+v)", c.facet, c.name, got, c.want, c.vals)
		}
	}
	if len(fs.Speakers) == 0 || fs.Speakers[0].Name != "Ana Ruiz" {
		t.Errorf("speakers not most frequent first: %+v", fs.Speakers)
	}
	for _, v := range fs.Speakers {
		if got := list(rapporteur.StatementFilter{SpeakerID: v.ID}); got != v.Count {
			t.Errorf("speaker %s: facet says %d, the list finds %d", v.Name, v.Count, got)
		}
	}
	for _, v := range fs.Sources {
		if got := list(rapporteur.StatementFilter{SourceID: v.ID}); got != v.Count {
			t.Errorf("source %s: facet says %d, the list finds %d", v.Name, v.Count, got)
		}
	}
	// The facets follow the filters.
	fs, err = s.StatementFacets(ctx, rapporteur.StatementFilter{SpeakerID: ana.Items[0].ID, Kind: rapporteur.Indirect}, 10)
	if err != nil || fs.Sample != 2 || facetCount(fs.Speakers, "Rui Sousa") != 0 || facetCount(fs.Kinds, rapporteur.Direct) != 0 {
		t.Errorf("facets of the mayor's indirect statements: %+v, %v", fs, err)
	}
	fs, err = s.StatementFacets(ctx, rapporteur.StatementFilter{Query: "lie"}, 10)
	if err != nil || fs.Sample != 1 || facetCount(fs.Speakers, "Rui Sousa") != 1 || facetCount(fs.Sources, "journal.example") != 1 {
		t.Errorf("facets of \"lie\": %+v, %v", fs, err)
	}
	fs, err = s.StatementFacets(ctx, rapporteur.StatementFilter{Query: "nothing"}, 10)
	if err != nil || fs.Sample != 0 || len(fs.Speakers) != 0 {
		t.Errorf("facets of no match: %+v, %v", fs, err)
	}
	// A statement of an article without an address has no source: a
	// source filter leaves it out (its test is NULL, not false).
	put(t, s, Article("", "Pasted", `"We will rebuild," Ana Ruiz said.`, Day.AddDate(0, 0, 5),
		Quote{Kind: rapporteur.Direct, Content: "We will rebuild,", Cue: "said", Speaker: "Ana Ruiz"}))
	journal := int64(0)
	for _, v := range facetsOfStatements(t, s).Sources {
		if v.Name == "journal.example" {
			journal = v.ID
		}
	}
	for _, f := range []rapporteur.StatementFilter{{SourceID: journal}, {SourceID: journal, Query: "said"}, {Query: "source:journal.example"}} {
		fs, err := s.StatementFacets(ctx, f, 10)
		n, _, cerr := s.CountStatements(ctx, f)
		if want := list(f); err != nil || cerr != nil || fs.Sample != want || n != want {
			t.Errorf("statements %+v: facets sample %d (%v), count %d (%v); the list finds %d", f, fs.Sample, err, n, cerr, want)
		}
	}
}

func facetsOfStatements(t *testing.T, s StatementFaceter) *rapporteur.Facets {
	t.Helper()
	fs, err := s.StatementFacets(ctx, rapporteur.StatementFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}
