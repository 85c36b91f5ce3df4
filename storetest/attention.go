package storetest

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

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

// SmallSample makes a store estimate attention from a sample of about
// n items (articles and statements alike) read in k windows, until the
// test t ends.
type SmallSample func(t *testing.T, n, k int)

// RunAttentionSample runs the contract of the estimate: past the sample,
// the counts per day are estimates (exact is false) whose sum is within
// 15 % of the number of matches, articles or statements, with a date
// range or without, and whose days are those of the matches. small makes
// the store's sample 120 items in 20 windows, so that 600 articles are
// past it.
func RunAttentionSample(t *testing.T, open OpenAttention, small SmallSample) {
	t.Run("Estimate", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		ctx := context.Background()
		// 600 articles over 30 days, each with a statement; a third of
		// them say "storm".
		items := make([]rapporteur.PutItem, 600)
		for i := range items {
			text, said := "Ana Lima said the harbour was calm.", "the harbour was calm"
			if i%3 == 0 {
				text, said = "Ana Lima said the storm hit the harbour.", "the storm hit the harbour"
			}
			items[i] = rapporteur.PutItem{Article: Article(fmt.Sprintf("https://h.example.test/%d", i), "T", text,
				Day.Add(time.Duration(i)*72*time.Minute), Quote{Kind: rapporteur.Indirect, Content: said, Speaker: "Ana Lima"})}
		}
		_, errs := s.PutArticles(ctx, items)
		for i, err := range errs {
			if err != nil {
				t.Fatalf("put %d: %v", i, err)
			}
		}
		small(t, 120, 20)
		for _, tc := range []struct {
			statements bool
			q          string
			from       time.Time
			want       float64
		}{
			{false, "storm", time.Time{}, 200},
			{false, "", time.Time{}, 600},
			{false, "harbour -storm", time.Time{}, 400},
			// From day 5: 500 articles, 166 with "storm", still past
			// the sample (from day 15 only 100 were, fewer than it
			// holds: a store that counts a range's matches counted
			// them exactly).
			{false, "storm", Day.AddDate(0, 0, 5), 500.0 / 3},
			{true, "storm", time.Time{}, 200},
			{true, "", time.Time{}, 600},
			{true, "speaker:\"Ana Lima\" calm", time.Time{}, 400},
		} {
			name := fmt.Sprintf("articles %q from %s", tc.q, tc.from.Format(time.DateOnly))
			var days []rapporteur.DayCount
			var exact bool
			var err error
			if tc.statements {
				name = fmt.Sprintf("statements %q", tc.q)
				days, exact, err = s.StatementDays(ctx, rapporteur.StatementFilter{Query: tc.q})
			} else {
				days, exact, err = s.ArticleDays(ctx, rapporteur.ArticleFilter{Query: tc.q, From: tc.from})
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			sum := 0
			for _, d := range days {
				sum += d.Count
				if d.Day.Before(Day) || !d.Day.Before(Day.AddDate(0, 0, 31)) {
					t.Errorf("%s: a count on %s, outside the articles' days", name, d.Day)
				}
			}
			if exact {
				t.Errorf("%s: exact with a sample of 120", name)
			}
			if math.Abs(float64(sum)-tc.want) > 0.15*tc.want {
				t.Errorf("%s: estimates add up to %d, want about %.0f", name, sum, tc.want)
			}
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
