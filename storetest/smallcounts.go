package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// SmallStoreCounter is a store whose statement searches are counted,
// broken down into facets and charted over time (the Statements tab and
// the attention page).
type SmallStoreCounter interface {
	rapporteur.Store
	CountStatements(ctx context.Context, f rapporteur.StatementFilter) (n int64, exact bool, err error)
	StatementFacets(ctx context.Context, f rapporteur.StatementFilter, limit int) (*rapporteur.Facets, error)
	StatementDays(ctx context.Context, f rapporteur.StatementFilter) ([]rapporteur.DayCount, bool, error)
}

// OpenSmallStoreCounter returns a new, empty store for one test.
type OpenSmallStoreCounter func(t *testing.T) SmallStoreCounter

// RunSmallStoreCounts runs the contract of counts on a store the size of
// the demo (3,000 statements, more than a count's window of the newest
// candidates): a search is counted exactly, its facets count every match
// and its chart adds up to the count, also when the matches are all
// older than the newest statements. The demo said "about 130" of 101
// denials and counted the facets of 61 of them.
func RunSmallStoreCounts(t *testing.T, open OpenSmallStoreCounter) {
	s := open(t)
	defer s.Close()
	const articles, per, denying = 300, 10, 100
	for i := range articles {
		var text strings.Builder
		var quotes []Quote
		for j := range per {
			fmt.Fprintf(&text, "\"Claim %d of %d holds,\" Ana Ruiz said. ", j, i)
			kind := rapporteur.Direct
			if j%2 == 1 {
				kind = rapporteur.Indirect
			}
			quotes = append(quotes, Quote{Kind: kind, Content: fmt.Sprintf("Claim %d of %d holds,", j, i), Cue: "said", Speaker: "Ana Ruiz"})
		}
		a := Article(fmt.Sprintf("https://small.example/%d", i), fmt.Sprintf("Dam %d", i), text.String(),
			Day.Add(time.Duration(i)*6*time.Hour), quotes...)
		// The oldest articles hold the denials: none is among the newest
		// statements, which a window of candidates would read.
		if i < denying {
			a.Statements[0].Act = rapporteur.ActDeny
			a.Statements[0].Target = &rapporteur.Target{Name: "the dam report", Type: rapporteur.Document}
		}
		put(t, s, a)
	}
	for _, tc := range []struct {
		f    rapporteur.StatementFilter
		want int64
	}{
		{rapporteur.StatementFilter{Query: "act:deny"}, denying},
		{rapporteur.StatementFilter{Query: "target:report"}, denying},
		{rapporteur.StatementFilter{Query: "act:deny holds"}, denying},
		{rapporteur.StatementFilter{Query: "kind:direct"}, articles * per / 2},
		{rapporteur.StatementFilter{Kind: rapporteur.Indirect}, articles * per / 2},
		{rapporteur.StatementFilter{}, articles * per},
	} {
		n, exact, err := s.CountStatements(ctx, tc.f)
		if err != nil || n != tc.want || !exact {
			t.Errorf("count of statements %+v: %d, exact %v, %v; want exactly %d", tc.f, n, exact, err, tc.want)
		}
		days, exact, err := s.StatementDays(ctx, tc.f)
		var sum int64
		for _, d := range days {
			sum += int64(d.Count)
		}
		if err != nil || sum != tc.want || !exact {
			t.Errorf("statement days %+v: %d in all, exact %v, %v; want exactly %d", tc.f, sum, exact, err, tc.want)
		}
	}
	fs, err := s.StatementFacets(ctx, rapporteur.StatementFilter{Query: "act:deny"}, 8)
	if err != nil {
		t.Fatal(err)
	}
	if fs.Sample != denying || !fs.Complete {
		t.Errorf("facets of act:deny counted %d statements (complete %v), want all %d", fs.Sample, fs.Complete, denying)
	}
	if len(fs.Acts) != 1 || fs.Acts[0].Value != rapporteur.ActDeny || fs.Acts[0].Count != denying {
		t.Errorf("act facet of act:deny: %+v, want deny %d", fs.Acts, denying)
	}
}
