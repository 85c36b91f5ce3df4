package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// TestArticleMovesMonth re-puts an article with a publication date in
// another month, which moves its row to another partition, and then a day
// earlier in that month: it must still be read by id, with its new date
// and its statements, and an id that is
// no article must stay not found. (Reads by id look the date up in
// article_dates, which a trigger keeps.)
func TestArticleMovesMonth(t *testing.T) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	put := func(published time.Time) int64 {
		a := rapporteur.Article{URL: "https://moves.test/a", Title: "Mayor speaks", Published: &published,
			Text: "The mayor said the bridge would open.",
			Statements: []rapporteur.Statement{{Kind: rapporteur.Indirect, Confidence: 0.9,
				Content: rapporteur.Span{Start: 25, End: 37, Text: "bridge would"},
				Speaker: rapporteur.Speaker{Name: "Ann Lee", Type: rapporteur.Person}}}}
		r, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	jan := time.Date(2020, 1, 15, 12, 0, 0, 0, time.UTC)
	mar := time.Date(2021, 3, 2, 8, 0, 0, 0, time.UTC)
	id := put(jan)
	if again := put(mar.AddDate(0, 0, 1)); again != id {
		t.Fatalf("re-put got id %d, want %d", again, id)
	}
	put(mar) // a day earlier, in the same month: the row stays in its partition
	a, err := db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Date.Equal(mar) || len(a.Statements) != 1 || a.Statements[0].Date.IsZero() || a.Statements[0].ArticleTitle != "Mayor speaks" {
		t.Errorf("after the move: date %v, statements %+v", a.Date, a.Statements)
	}
	if r, err := db.Related(ctx, id); err != nil || r == nil {
		t.Errorf("related after the move: %v", err)
	}
	if _, err := db.Article(ctx, id+1); rapporteur.ErrorCode(err) != rapporteur.ENOTFOUND {
		t.Errorf("article %d: %v, want not found", id+1, err)
	}
}

// TestNewestFirstAcrossYears pages newest first through articles spread
// over 45 years, some after the request's time, with and without a word:
// every article comes once, in date order, whichever slice of dates
// (bySlices) holds it.
func TestNewestFirstAcrossYears(t *testing.T) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var want []int64 // newest first
	for i, years := range []int{-3, 0, 1, 2, 5, 6, 12, 30, 40, 45} {
		d := now.AddDate(-years, 0, -i)
		text := "The council said the road is closed."
		if i%2 == 0 {
			text = "The council said the ferry is late."
		}
		r, err := db.PutArticle(ctx, rapporteur.Article{URL: fmt.Sprintf("https://years.test/%d", i), Title: "Roads",
			Published: &d, Text: text}, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, r.ID)
	}
	for _, q := range []string{"", "ferry", "council"} {
		var got []int64
		cursor := ""
		for range 20 {
			p, err := db.Articles(ctx, rapporteur.ArticleFilter{Query: q, Order: rapporteur.OrderDate, Limit: 2, Cursor: cursor, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range p.Items {
				got = append(got, a.ID)
			}
			if cursor = p.Next; cursor == "" {
				break
			}
		}
		var exp []int64
		for i, id := range want {
			if q != "ferry" || i%2 == 0 {
				exp = append(exp, id)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(exp) {
			t.Errorf("%q newest first: %v, want %v", q, got, exp)
		}
	}
}
