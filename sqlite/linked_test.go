package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

func linkedItems(n int, tag string) []rapporteur.PutItem {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var items []rapporteur.PutItem
	for i := range n {
		items = append(items, rapporteur.PutItem{Article: rapporteur.Article{
			URL: fmt.Sprintf("https://example.test/%s/%d", tag, i), Title: fmt.Sprintf("%s %d", tag, i),
			Text: fmt.Sprintf("Article %d of %s.", i, tag), Published: &day,
		}})
	}
	return items
}

// TestPutArticlesLinked: the links a hook returns are there when the put
// returns, recorded with the articles (one commit); a hook whose links
// cannot be recorded, or that panics, leaves the articles stored, and the
// caller told.
func TestPutArticlesLinked(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	defer db.Close()

	var given []rapporteur.PutResult
	items := linkedItems(3, "a")
	res, errs, recorded := db.PutArticlesLinked(ctx, items, func(res []rapporteur.PutResult, errs []error) rapporteur.LinkBatch {
		given = append(given, res...)
		var b rapporteur.LinkBatch
		for i, r := range res {
			if errs[i] != nil {
				t.Errorf("item %d: %v", i, errs[i])
				continue
			}
			l := rapporteur.ArticleLink{StoryKey: "s1", StoryTitle: "One story"}
			if i > 0 {
				l.DuplicateOf, l.Similarity = res[0].ID, 0.9
			}
			b.Links = append(b.Links, rapporteur.LinkItem{ID: r.ID, Link: l})
		}
		b.Lines = []rapporteur.StorylineLink{{StoryKey: "s1", StorylineKey: "s1"}}
		return b
	})
	if !recorded {
		t.Fatal("links not recorded")
	}
	for i, r := range res {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if r != given[i] {
			t.Errorf("item %d: result %+v, the hook was given %+v", i, r, given[i])
		}
		a, err := db.Article(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := int64(0)
		if i > 0 {
			want = res[0].ID
		}
		if a.DuplicateOf != want || a.StoryID == 0 {
			t.Errorf("item %d: duplicate_of %d story %d, want %d and a story", i, a.DuplicateOf, a.StoryID, want)
		}
	}
	st, err := db.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Items) != 1 || st.Items[0].ArticleCount != 3 || st.Items[0].Title != "One story" {
		t.Errorf("stories: %+v, want one of 3 articles", st.Items)
	}

	// Stored again unchanged: nothing to store, the hook never runs.
	_, _, recorded = db.PutArticlesLinked(ctx, items, func([]rapporteur.PutResult, []error) rapporteur.LinkBatch {
		t.Error("hook called for unchanged articles")
		return rapporteur.LinkBatch{}
	})
	if recorded {
		t.Error("recorded links of unchanged articles")
	}

	for name, hook := range map[string]func([]rapporteur.PutResult, []error) rapporteur.LinkBatch{
		"bad link": func(res []rapporteur.PutResult, _ []error) rapporteur.LinkBatch {
			return rapporteur.LinkBatch{Links: []rapporteur.LinkItem{{ID: res[0].ID, Link: rapporteur.ArticleLink{DuplicateOf: 1 << 40}}}}
		},
		"panic": func([]rapporteur.PutResult, []error) rapporteur.LinkBatch { panic("linker bug") },
	} {
		t.Run(name, func(t *testing.T) {
			items := linkedItems(2, name)
			res, errs, recorded := db.PutArticlesLinked(ctx, items, hook)
			if recorded {
				t.Error("reported recorded")
			}
			for i, r := range res {
				if errs[i] != nil {
					t.Fatalf("item %d not stored: %v", i, errs[i])
				}
				a, err := db.Article(ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				if a.Title != items[i].Article.Title || a.DuplicateOf != 0 || a.StoryID != 0 {
					t.Errorf("item %d: %q duplicate_of %d story %d", i, a.Title, a.DuplicateOf, a.StoryID)
				}
			}
		})
	}
}
