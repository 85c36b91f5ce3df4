package sqlite

import (
	"context"
	"regexp"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestReaderSeesMerges keeps one read connection across hundreds of
// commits, during which FTS5 merges its segments, and checks that its
// searches see every article (a reader must not keep a stale index
// structure).
func TestReaderSeesMerges(t *testing.T) {
	said := regexp.MustCompile(`(?i)\bsaid\b`)
	db := MustOpenDB(t)
	defer db.Close()
	db.read.SetMaxOpenConns(1)
	ctx := context.Background()
	as := corpus(t)
	count := func() int {
		n := 0
		f := rapporteur.ArticleFilter{Query: "said", Limit: 1000}
		for {
			p, err := db.Articles(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			n += len(p.Items)
			if p.Next == "" {
				return n
			}
			f.Cursor = p.Next
		}
	}
	want := 0
	for i := range 400 {
		a := nth(as, i)
		if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
		// Every test article has a "said" but the interviews, whose turns
		// need no cue word.
		if said.MatchString(a.Title + "\n" + a.Text) {
			want++
		}
		if i%50 == 0 || i == 399 {
			if got := count(); got != want {
				t.Fatalf("after %d puts, the reader finds %d articles, want %d", i+1, got, want)
			}
		}
	}
}
