package storylink_test

import (
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storylink"
)

// TestWriterNeedsOnlyBackend: a store that offers linking's eight methods
// and nothing else links as the whole store does, so a second store
// implementation can link before it has the rest.
func TestWriterNeedsOnlyBackend(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w, err := storylink.NewWriter(ctx, struct{ storylink.Backend }{db}, storylink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts, dupOf := sample(t)
	var items []rapporteur.PutItem
	for _, a := range arts {
		items = append(items, rapporteur.PutItem{Article: a})
	}
	results, errs := w.PutArticles(ctx, items)
	idOf := map[string]int64{}
	for i, res := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		idOf[arts[i].ID] = res.ID
	}
	copies := 0
	for _, a := range arts {
		got, err := db.Article(ctx, idOf[a.ID])
		if err != nil {
			t.Fatal(err)
		}
		if want := idOf[dupOf[a.ID]]; got.DuplicateOf != want {
			t.Errorf("%s: duplicate_of %d, want %d", a.ID, got.DuplicateOf, want)
		}
		if got.StoryID == 0 {
			t.Errorf("%s: no story", a.ID)
		}
		if got.DuplicateOf != 0 {
			copies++
		}
	}
	if copies == 0 {
		t.Fatal("the sample linked no copy: the test shows nothing")
	}
}
