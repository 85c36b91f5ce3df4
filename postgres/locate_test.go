package postgres_test

import (
	"context"
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
