package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// Storylines is a store that keeps storylines (issue 13): the level above
// stories. storylink records them; the http package reads them.
type Storylines interface {
	rapporteur.Store
	LinkStorylines(ctx context.Context, links []rapporteur.StorylineLink) error
	MergeStorylines(ctx context.Context, from, into string) error
	Storyline(ctx context.Context, storyID int64) (*rapporteur.Storyline, error)
}

// OpenStorylines returns a new, empty store with storylines for one test.
type OpenStorylines func(t *testing.T) Storylines

// RunStorylines runs the contract of storylines: a story is a storyline
// alone until linked; linked stories read as one storyline in the order
// they began, from any of them; storylines merge; a story merged into
// another reads its storyline.
func RunStorylines(t *testing.T, open OpenStorylines) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, Storylines)
	}{
		{"AloneUntilLinked", testStorylineAlone},
		{"LinkedInOrder", testStorylineLinked},
		{"Merge", testStorylineMerge},
		{"MergedStory", testStorylineMergedStory},
		{"Invalid", testStorylineInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

// storylineCorpus stores three stories of a pullout and its aftermath,
// on days 0, 5 and 9, and one unrelated story; it returns the story ids
// by key ("pullout", "attack", "ruling", "cup").
func storylineCorpus(t *testing.T, s rapporteur.Store) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	// Stored newest first: the order a storyline reads in is the order
	// its stories began, not the order they were stored.
	for _, x := range []struct {
		key, title string
		day        int
	}{
		{"ruling", "Court rules on the barrier", 9}, {"attack", "First attack after the pullout", 5},
		{"pullout", "Settlers leave Gaza", 0}, {"cup", "Cup final tonight", 3},
	} {
		a := put(t, s, Article("https://one.example/"+x.key, x.title, x.title+".", Day.AddDate(0, 0, x.day)))
		if err := s.LinkArticle(ctx, a.ID, rapporteur.ArticleLink{StoryKey: x.key, StoryTitle: x.title}); err != nil {
			t.Fatal(err)
		}
		st, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids[x.key] = st.StoryID
	}
	return ids
}

func storylineKeys(t *testing.T, s Storylines, id int64) (string, []string) {
	t.Helper()
	sl, err := s.Storyline(ctx, id)
	if err != nil {
		t.Fatalf("storyline of story %d: %v", id, err)
	}
	var keys []string
	for _, st := range sl.Stories {
		keys = append(keys, st.Key)
	}
	return sl.Key, keys
}

func testStorylineAlone(t *testing.T, s Storylines) {
	ids := storylineCorpus(t, s)
	key, stories := storylineKeys(t, s, ids["attack"])
	if key != "attack" || !slices.Equal(stories, []string{"attack"}) {
		t.Errorf("storyline of an unlinked story: %q %v, want the story alone", key, stories)
	}
	_, err := s.Storyline(ctx, ids["cup"]+1000)
	wantCode(t, "storyline of an unknown story", err, rapporteur.ENOTFOUND)
}

func testStorylineLinked(t *testing.T, s Storylines) {
	ids := storylineCorpus(t, s)
	err := s.LinkStorylines(ctx, []rapporteur.StorylineLink{
		{StoryKey: "pullout", StorylineKey: "pullout"}, {StoryKey: "attack", StorylineKey: "pullout"},
		{StoryKey: "ruling", StorylineKey: "pullout"}, {StoryKey: "gone", StorylineKey: "pullout"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pullout", "attack", "ruling"}
	for _, from := range []string{"pullout", "attack", "ruling"} {
		key, stories := storylineKeys(t, s, ids[from])
		if key != "pullout" || !slices.Equal(stories, want) {
			t.Errorf("storyline read from %s: %q %v, want pullout %v (the order they began)", from, key, stories, want)
		}
	}
	if _, stories := storylineKeys(t, s, ids["cup"]); !slices.Equal(stories, []string{"cup"}) {
		t.Errorf("storyline of the cup story: %v, want it alone", stories)
	}
	// Relinking moves a story out again.
	if err := s.LinkStorylines(ctx, []rapporteur.StorylineLink{{StoryKey: "ruling", StorylineKey: "ruling"}}); err != nil {
		t.Fatal(err)
	}
	if _, stories := storylineKeys(t, s, ids["pullout"]); !slices.Equal(stories, []string{"pullout", "attack"}) {
		t.Errorf("storyline after the ruling left: %v, want pullout, attack", stories)
	}
}

func testStorylineMerge(t *testing.T, s Storylines) {
	ids := storylineCorpus(t, s)
	if err := s.LinkStorylines(ctx, []rapporteur.StorylineLink{{StoryKey: "attack", StorylineKey: "pullout"}}); err != nil {
		t.Fatal(err)
	}
	// The ruling's storyline (itself) joins the pullout's, then the
	// pullout's joins the cup's: every story follows.
	if err := s.MergeStorylines(ctx, "ruling", "pullout"); err != nil {
		t.Fatal(err)
	}
	if key, stories := storylineKeys(t, s, ids["ruling"]); key != "pullout" || len(stories) != 3 {
		t.Errorf("after merging the ruling's storyline: %q %v, want pullout with 3 stories", key, stories)
	}
	if err := s.MergeStorylines(ctx, "pullout", "cup"); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{"pullout", "attack", "ruling", "cup"} {
		if key, stories := storylineKeys(t, s, ids[from]); key != "cup" || len(stories) != 4 {
			t.Errorf("storyline read from %s after the second merge: %q %v, want cup with 4 stories", from, key, stories)
		}
	}
}

func testStorylineMergedStory(t *testing.T, s Storylines) {
	ids := storylineCorpus(t, s)
	if err := s.LinkStorylines(ctx, []rapporteur.StorylineLink{{StoryKey: "attack", StorylineKey: "pullout"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeStories(ctx, "ruling", "attack"); err != nil {
		t.Fatal(err)
	}
	key, stories := storylineKeys(t, s, ids["ruling"])
	if key != "pullout" || !slices.Equal(stories, []string{"pullout", "attack"}) {
		t.Errorf("storyline of a story merged into another: %q %v, want the kept story's: pullout [pullout attack]", key, stories)
	}
}

func testStorylineInvalid(t *testing.T, s Storylines) {
	err := s.LinkStorylines(ctx, []rapporteur.StorylineLink{{StoryKey: "x"}})
	wantCode(t, "a link without a storyline key", err, rapporteur.EINVALID)
}
