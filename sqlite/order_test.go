package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestOrderOldest: the oldest-first order is the newest-first order
// reversed, page after page, with and without text and filters; and a
// Full list carries what Store.Article does.
func TestOrderOldest(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	for i := range 25 {
		date := storetest.Day.Add(time.Duration((i*7)%11) * 24 * time.Hour) // dates out of id order, ties
		text := "The harbour was open."
		if i%2 == 0 {
			text = "The harbour was closed."
		}
		a := storetest.Article(fmt.Sprintf("https://h%d.example.test/%d", i%3, i), "T", text, date)
		a.Credits = []rapporteur.Credit{{Name: "Reuters"}}
		if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"", "harbour", "closed", "source:h1.example.test", "closed source:h1.example.test"} {
		newest := allPages(t, db, rapporteur.ArticleFilter{Query: q, Order: rapporteur.OrderDate, Limit: 4})
		oldest := allPages(t, db, rapporteur.ArticleFilter{Query: q, Order: rapporteur.OrderOldest, Limit: 4})
		slices.Reverse(oldest)
		if len(newest) == 0 || fmt.Sprint(newest) != fmt.Sprint(oldest) {
			t.Errorf("%q: oldest reversed %v, newest %v", q, oldest, newest)
		}
	}
	p, err := db.Articles(ctx, rapporteur.ArticleFilter{Full: true, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Items {
		if a.Text == "" || len(a.Credits) != 1 || a.Credits[0].Name != "Reuters" || a.Entities == nil || a.Statements == nil {
			t.Errorf("full article %d: text %q, credits %v, entities %v, statements %v", a.ID, a.Text, a.Credits, a.Entities, a.Statements)
		}
	}
}
