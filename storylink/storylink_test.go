package storylink_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storylink"
)

// sample reads testdata/stories/link-sample.jsonl (Wikinews articles and
// simulated wire copies of them, CC BY 2.5) and its gold wire copies.
func sample(t *testing.T) (arts []rapporteur.Article, dupOf map[string]string) {
	t.Helper()
	read := func(name string, fn func(line []byte)) {
		f, err := os.Open(filepath.Join("..", "testdata", "stories", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<22)
		for sc.Scan() {
			fn(sc.Bytes())
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	read("link-sample.jsonl", func(line []byte) {
		var in struct{ ID, Title, Text, Published string }
		if err := json.Unmarshal(line, &in); err != nil {
			t.Fatal(err)
		}
		day, err := time.Parse(time.DateOnly, in.Published)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, rapporteur.Article{ID: in.ID, Title: in.Title, Text: in.Text, Language: "en",
			URL: "https://example.org/" + in.ID, Published: &day})
	})
	dupOf = map[string]string{}
	read("link-sample-gold.jsonl", func(line []byte) {
		var g struct {
			ID          string
			DuplicateOf *string `json:"duplicate_of"`
		}
		if err := json.Unmarshal(line, &g); err != nil {
			t.Fatal(err)
		}
		if g.DuplicateOf != nil {
			dupOf[g.ID] = *g.DuplicateOf
		}
	})
	return arts, dupOf
}

func TestLinkOnPut(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := storylink.Open(ctx, db, storylink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts, dupOf := sample(t)
	// The first half one by one, the rest in one batch, as ingest does.
	idOf := map[string]int64{}
	half := len(arts) / 2
	for _, a := range arts[:half] {
		res, err := s.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		idOf[a.ID] = res.ID
	}
	var items []rapporteur.PutItem
	for _, a := range arts[half:] {
		items = append(items, rapporteur.PutItem{Article: a})
	}
	results, errs := s.PutArticles(ctx, items)
	for i, res := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		idOf[arts[half+i].ID] = res.ID
	}

	storyID := map[string]int64{}
	for _, a := range arts {
		got, err := s.Article(ctx, idOf[a.ID])
		if err != nil {
			t.Fatal(err)
		}
		if want := idOf[dupOf[a.ID]]; got.DuplicateOf != want {
			t.Errorf("%s: duplicate_of %d, want %d (%s)", a.ID, got.DuplicateOf, want, dupOf[a.ID])
		}
		if got.DuplicateOf != 0 && got.Similarity <= 0 {
			t.Errorf("%s: a copy with similarity %v", a.ID, got.Similarity)
		}
		if got.StoryID == 0 {
			t.Errorf("%s: no story", a.ID)
		}
		storyID[a.ID] = got.StoryID
	}
	// A wire copy is in its original's story.
	for copy, orig := range dupOf {
		if storyID[copy] != storyID[orig] {
			t.Errorf("%s: story %d, want its original's %d", copy, storyID[copy], storyID[orig])
		}
	}

	// A restarted server rebuilds the linker from the store: a new copy
	// of a stored article is still recognised, even when the rebuild
	// window leaves out the original (the first article), which also
	// started its story.
	s2, err := storylink.Open(ctx, db, storylink.Options{Rebuild: len(arts) - 1})
	if err != nil {
		t.Fatal(err)
	}
	orig := arts[0]
	cp := orig
	cp.ID, cp.URL, cp.Title = "copy-after-restart", "https://other.example/dutch-party", "Dutch party plans run"
	res, err := s2.PutArticle(ctx, cp, rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := s2.Related(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	var copies []int64
	for _, c := range rel.Copies {
		copies = append(copies, c.ID)
	}
	want := []int64{idOf[orig.ID], idOf[orig.ID+"~copy1"]}
	if len(copies) != 2 || copies[0] != want[0] || copies[1] != want[1] {
		t.Errorf("copies of a copy stored after a restart: got %v, want %v", copies, want)
	}
	if rel.Story == nil || rel.Story.ID != storyID[orig.ID] {
		t.Errorf("story of a copy stored after a restart: got %+v, want %d", rel.Story, storyID[orig.ID])
	}
}

// TestBackfillOrder is what a user loading an archive does: the sample
// stored newest first (a feed's backlog), with one original stored
// undated as a text file would be. Each copy must be in its gold
// original's group, whose original is published no later than the gold's
// (the sample has days only: of two copies of one day the one stored
// first is the original), and share its story; the undated original
// becomes a copy of a dated one.
func TestBackfillOrder(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := storylink.Open(ctx, db, storylink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts, dupOf := sample(t)
	undated := ""
	for _, a := range arts {
		if dupOf[a.ID] == "" && undated == "" {
			for _, b := range arts {
				if dupOf[b.ID] == a.ID {
					undated = a.ID
				}
			}
		}
	}
	idOf := map[string]int64{}
	for i := len(arts) - 1; i >= 0; i-- {
		a := arts[i]
		if a.ID == undated {
			a.Published, a.URL = nil, ""
		}
		res, err := s.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		idOf[a.ID] = res.ID
	}
	got := map[string]*rapporteur.StoredArticle{}
	for _, a := range arts {
		if got[a.ID], err = s.Article(ctx, idOf[a.ID]); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range arts {
		orig := dupOf[a.ID]
		if orig == "" {
			continue
		}
		g := got[a.ID]
		root := func(x *rapporteur.StoredArticle) *rapporteur.StoredArticle {
			if x.DuplicateOf == 0 {
				return x
			}
			r, err := s.Article(ctx, x.DuplicateOf)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		r, ro := root(g), root(got[orig])
		if r.ID != ro.ID || r.Published == nil || got[orig].Published != nil && r.Published.After(*got[orig].Published) {
			t.Errorf("%s: original %d, its gold original's %d (%s)", a.ID, r.ID, ro.ID, orig)
		}
		if g.StoryID != got[orig].StoryID {
			t.Errorf("%s: story %d, its original's %d", a.ID, g.StoryID, got[orig].StoryID)
		}
	}
	if u := got[undated]; u.DuplicateOf == 0 || u.Published != nil {
		t.Errorf("undated original %s: duplicate_of %d (want a dated copy), published %v", undated, u.DuplicateOf, u.Published)
	}
}
