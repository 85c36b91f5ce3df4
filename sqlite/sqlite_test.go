package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// MustOpenDB opens a new database in the test's temporary directory.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}

// TestRelevanceBeyondWindow pages through more matches than the ranked
// window: the window's pages, then the older matches, each article once.
func TestRelevanceBeyondWindow(t *testing.T) {
	for _, common := range []int{defaultCommonTerm, 10} {
		t.Run(fmt.Sprintf("common from %d", common), func(t *testing.T) { testRelevanceBeyondWindow(t, common) })
	}
}

// testRelevanceBeyondWindow runs TestRelevanceBeyondWindow with words
// common from a number of matches: with 10, the 30 matches of "harbour"
// are ranked by recency alone.
func testRelevanceBeyondWindow(t *testing.T, common int) {
	db := MustOpenDB(t)
	defer db.Close()
	db.rankWindow, db.commonTerm = 7, common
	ctx := context.Background()
	var want []int64
	for i := range 30 {
		a := storetest.Article(fmt.Sprintf("https://example.com/%d", i), fmt.Sprintf("Story %d", i),
			fmt.Sprintf("Story %d about the harbour %s.", i, strings.Repeat("harbour ", i%4)), storetest.Day.Add(time.Duration(i)*time.Hour))
		res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res.ID)
	}
	for _, n := range []int{1, 3, 7, 8, 13, 30, 100} {
		var got []int64
		f := rapporteur.ArticleFilter{Query: "harbour", Limit: n}
		for {
			p, err := db.Articles(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range p.Items {
				got = append(got, a.ID)
			}
			if p.Next == "" {
				break
			}
			f.Cursor = p.Next
		}
		if len(got) != len(want) {
			t.Errorf("limit %d: %d articles listed, want %d: %v", n, len(got), len(want), got)
		}
		seen := map[int64]bool{}
		for i, id := range got {
			if seen[id] {
				t.Errorf("limit %d: article %d listed twice", n, id)
			}
			seen[id] = true
			// After the window (the 7 newest), the older ones come newest first.
			if i > 7 && id > got[i-1] {
				t.Errorf("limit %d: past the window, %d after %d", n, id, got[i-1])
			}
			if i < 7 && id < want[len(want)-7] {
				t.Errorf("limit %d: article %d ranked inside the window", n, id)
			}
			// Ranked by recency alone, the newest come first.
			if common == 10 && i > 0 && id > got[i-1] {
				t.Errorf("limit %d: by recency, %d after %d", n, id, got[i-1])
			}
		}
	}
}
