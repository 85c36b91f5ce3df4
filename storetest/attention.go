package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// AttentionCounter is a store that counts a search's articles and
// statements per day (issue 15): the http package's attention interface.
type AttentionCounter interface {
	rapporteur.Store
	ArticleDays(ctx context.Context, f rapporteur.ArticleFilter) ([]rapporteur.DayCount, bool, error)
	StatementDays(ctx context.Context, f rapporteur.StatementFilter) ([]rapporteur.DayCount, bool, error)
}

// OpenAttention returns a new, empty store with attention counts.
type OpenAttention func(t *testing.T) AttentionCounter

// RunAttention runs the contract of attention over time: on a small
// store the counts are exact, per UTC day of article date, oldest first,
// days without matches left out; filters and date ranges apply as they
// do to the lists.
func RunAttention(t *testing.T, open OpenAttention) {
	t.Run("PerDay", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		facetCorpus(t, s) // flood on Day, Day+1 (with two statements) and Day+2 (French); budget on Day
		days, exact, err := s.ArticleDays(context.Background(), rapporteur.ArticleFilter{Query: "flood"})
		if err != nil {
			t.Fatal(err)
		}
		want := []rapporteur.DayCount{{Day: Day, Count: 1}, {Day: Day.AddDate(0, 0, 1), Count: 1}, {Day: Day.AddDate(0, 0, 2), Count: 1}}
		if !exact || !sameDays(days, want) {
			t.Errorf("articles with flood per day: %v (exact %v), want %v", days, exact, want)
		}
		days, _, err = s.ArticleDays(context.Background(), rapporteur.ArticleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 3 || days[0].Count != 2 {
			t.Errorf("all articles per day: %v, want 2 on the first of 3 days", days)
		}
		days, _, err = s.ArticleDays(context.Background(), rapporteur.ArticleFilter{Query: "flood", From: Day.AddDate(0, 0, 1), To: Day.AddDate(0, 0, 2)})
		if err != nil {
			t.Fatal(err)
		}
		if !sameDays(days, want[1:2]) {
			t.Errorf("flood in a one-day range: %v, want %v", days, want[1:2])
		}
		days, exact, err = s.StatementDays(context.Background(), rapporteur.StatementFilter{Query: "speaker:ruiz"})
		if err != nil {
			t.Fatal(err)
		}
		want = []rapporteur.DayCount{{Day: Day, Count: 1}, {Day: Day.AddDate(0, 0, 1), Count: 1}}
		if !exact || !sameDays(days, want) {
			t.Errorf("statements of Ruiz per day: %v (exact %v), want %v", days, exact, want)
		}
		days, _, err = s.ArticleDays(context.Background(), rapporteur.ArticleFilter{Query: "earthquake"})
		if err != nil || len(days) != 0 {
			t.Errorf("no match: %v, %v", days, err)
		}
		if _, _, err := s.ArticleDays(context.Background(), rapporteur.ArticleFilter{Query: "(flood"}); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
			t.Errorf("invalid query: %v, want EINVALID", err)
		}
	})
}

func sameDays(a, b []rapporteur.DayCount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Day.Equal(b[i].Day) || a[i].Count != b[i].Count {
			return false
		}
	}
	return true
}
