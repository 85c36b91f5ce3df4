package sqlite

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestAttention(t *testing.T) {
	storetest.RunAttention(t, func(t *testing.T) storetest.AttentionCounter { return MustOpenDB(t) })
}

// TestAttentionSample: past the sample, the counts per day are estimates
// whose sum is close to the number of matches, and whose days are those
// of the matches.
func TestAttentionSample(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	// 600 articles over 30 days; a third of them say "storm".
	items := make([]rapporteur.PutItem, 600)
	for i := range items {
		text := "The harbour was calm."
		if i%3 == 0 {
			text = "The storm hit the harbour."
		}
		items[i] = rapporteur.PutItem{Article: storetest.Article(fmt.Sprintf("https://h.example.test/%d", i), "T", text,
			storetest.Day.Add(time.Duration(i)*72*time.Minute))}
	}
	if _, errs := db.PutArticles(ctx, items); errs[0] != nil {
		t.Fatal(errs[0])
	}
	defer func(n, k int) { attentionSample, attentionWindows = n, k }(attentionSample, attentionWindows)
	attentionSample, attentionWindows = 120, 20
	for _, tc := range []struct {
		q    string
		want float64
		from time.Time
	}{{"storm", 200, time.Time{}}, {"", 600, time.Time{}}, {"harbour -storm", 400, time.Time{}}, {"storm", 100, storetest.Day.AddDate(0, 0, 15)}} {
		days, exact, err := db.ArticleDays(ctx, rapporteur.ArticleFilter{Query: tc.q, From: tc.from})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, d := range days {
			sum += d.Count
			if d.Day.Before(storetest.Day) || !d.Day.Before(storetest.Day.AddDate(0, 0, 31)) {
				t.Errorf("%q: a count on %s, outside the articles' days", tc.q, d.Day)
			}
		}
		if exact {
			t.Errorf("%q: exact with a sample of 60", tc.q)
		}
		if math.Abs(float64(sum)-tc.want) > 0.15*tc.want {
			t.Errorf("%q: estimates add up to %d, want about %.0f", tc.q, sum, tc.want)
		}
	}
}
