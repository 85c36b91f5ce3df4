package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestFieldAliases checks that source: finds an outlet by any name a user
// knows it by, and credit: an agency by its lexicon aliases (issue 15,
// item 3), in article and statement searches alike.
func TestFieldAliases(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	put := func(url, site string, credits ...string) int64 {
		t.Helper()
		a := storetest.Article(url, "Harbour "+url, "The minister said the harbour was fine.", storetest.Day,
			storetest.Quote{Kind: rapporteur.Indirect, Content: "the harbour was fine", Speaker: "Ana Lopes"})
		a.Site = site
		for _, c := range credits {
			a.Credits = append(a.Credits, rapporteur.Credit{Name: c})
		}
		res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		return res.ID
	}
	wiki := put("https://en.wikinews.test/wiki/1", "Wikinews", "Associated Press")
	daily := put("https://www.example-daily.test/a/2", "Example Daily", "Agence France-Presse")
	bbc := put("https://bbc.co.test/news/3", "", "Reuters", "Some Local Paper")
	other := put("https://notwikinews.test/4", "Other")

	tests := []struct {
		q    string
		want []int64
	}{
		{"source:en.wikinews.test", []int64{wiki}},
		{"source:wikinews.test", []int64{wiki}},    // a suffix at a label boundary
		{"source:wikinews", []int64{wiki}},         // a label: not notwikinews.test
		{"source:WikiNews", []int64{wiki}},         // case
		{`source:"example daily"`, []int64{daily}}, // the outlet's name
		{"source:www.example-daily.test", []int64{daily}},
		{"source:https://www.example-daily.test/a/", []int64{daily}},
		{"source:example-daily", []int64{daily}},
		{"source:bbc", []int64{bbc}}, // the domain without its ending
		{"source:test", []int64{other, bbc, daily, wiki}},
		{"source:wiki*", []int64{wiki}},
		{"source:ikinews", nil}, // not at a label boundary
		{"credit:AP", []int64{wiki}},
		{"credit:ap", []int64{wiki}},
		{`credit:"associated press"`, []int64{wiki}},
		{`credit:"The Associated Press"`, []int64{wiki}},
		{"credit:AFP", []int64{daily}},
		{`credit:"Agence France Presse"`, []int64{daily}},
		{`credit:"thomson reuters"`, []int64{bbc}},
		{`credit:"some local paper"`, []int64{bbc}}, // no lexicon entry: as written
		{"credit:AP OR credit:AFP", []int64{daily, wiki}},
		{"credit:assoc*", []int64{wiki}},
		{"credit:UPI", nil},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got := allPages(t, db, rapporteur.ArticleFilter{Query: tc.q, Order: rapporteur.OrderIngested})
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("articles %s = %v, want %v", tc.q, got, tc.want)
			}
			p, err := db.Statements(ctx, rapporteur.StatementFilter{Query: tc.q, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != len(tc.want) {
				t.Errorf("statements %s: %d, want %d", tc.q, len(p.Items), len(tc.want))
			}
		})
	}
}
