package events_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/story"
	"github.com/rapporteur/rapporteur/storylink"
)

// TestWikinewsRelinkOrders is a server loading the hand-grouped events as
// a shuffled archive, one article at a time, through storylink into
// SQLite: its stories as stored online (automatic relinking off), after
// one relinking pass, and after a restart (whose rebuild is the same
// pass), each scored against the date-order batch (agreement: pairwise
// F1 of one partition against the other; the issue asks ≥ 0.95), stories
// and storylines; then the same with the server's defaults (a pass after
// every DefaultRelinkAfter late articles), as stored once the last
// article is in.
func TestWikinewsRelinkOrders(t *testing.T) {
	arts, gold := eventArticles(t)
	l := newLinker(t, story.Config{}, nil)
	byDate := linkAll(l, arts)
	linesByDate := storylinesOf(l, byDate)
	goldLines := storylineGold(t, gold)
	ctx := context.Background()
	for s := 1; s <= 5; s++ {
		perm := slices.Clone(arts)
		rng := rand.New(rand.NewPCG(uint64(s), 13))
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		path := filepath.Join(t.TempDir(), "r.db")
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := storylink.Open(ctx, db, storylink.Options{Rebuild: -1, RelinkAfter: -1})
		if err != nil {
			t.Fatal(err)
		}
		idOf := map[string]int64{}
		for _, a := range perm {
			a.URL, a.Language = "https://en.wikinews.test/"+a.ID, "en"
			res, err := ls.PutArticle(ctx, a, rapporteur.ArticleMeta{})
			if err != nil {
				t.Fatal(err)
			}
			idOf[a.ID] = res.ID
		}
		stored := func() (stories, lines []eval.StoryLabel) {
			for _, a := range arts {
				sa, err := db.Article(ctx, idOf[a.ID])
				if err != nil {
					t.Fatal(err)
				}
				sl, err := db.Storyline(ctx, sa.StoryID)
				if err != nil {
					t.Fatal(err)
				}
				stories = append(stories, eval.StoryLabel{ID: a.ID, Story: strconv.FormatInt(sa.StoryID, 10)})
				lines = append(lines, eval.StoryLabel{ID: a.ID, Story: sl.Key})
			}
			return stories, lines
		}
		report := func(when string, min float64) {
			t.Helper()
			st, li := stored()
			agree := eval.ScoreStories(byDate, st).Stories.Pairwise.F1
			agreeLines := eval.ScoreStories(linesByDate, li).Stories.Pairwise.F1
			sc := eval.ScoreStories(gold, st).Stories.Pairwise.F1
			scLines := eval.ScoreStories(goldLines, li).Stories.Pairwise.F1
			t.Logf("shuffle %d, %s: events F1 %.3f, agreement with the date order %.3f; storylines F1 %.3f, agreement %.3f", s, when, sc, agree, scLines, agreeLines)
			if agree < min || agreeLines < min {
				t.Errorf("shuffle %d, %s: agreement %.3f (storylines %.3f), want ≥ %.2f", s, when, agree, agreeLines, min)
			}
		}
		report("stored online", 0.8)
		n, err := ls.Relink(ctx, len(arts))
		if err != nil {
			t.Fatal(err)
		}
		report(fmt.Sprintf("after relinking (%d articles changed)", n), 1)
		if _, err := storylink.Open(ctx, db, storylink.Options{Rebuild: len(arts)}); err != nil {
			t.Fatal(err)
		}
		report("after a restart", 1)
		db.Close()

		db, err = sqlite.Open(filepath.Join(t.TempDir(), "d.db"))
		if err != nil {
			t.Fatal(err)
		}
		// The defaults, but for a shorter quiet time before the idle pass.
		if ls, err = storylink.Open(ctx, db, storylink.Options{RelinkIdle: 200 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
		for _, a := range perm {
			a.URL, a.Language = "https://en.wikinews.test/"+a.ID, "en"
			res, err := ls.PutArticle(ctx, a, rapporteur.ArticleMeta{})
			if err != nil {
				t.Fatal(err)
			}
			idOf[a.ID] = res.ID
		}
		report("stored by a server with the defaults, as the last article is in", 0.8)
		for deadline := time.Now().Add(time.Minute); ls.Late() > 0 && time.Now().Before(deadline); {
			time.Sleep(50 * time.Millisecond)
		}
		report("stored by a server with the defaults, after its idle pass", 1)
		ls.Close()
	}
}
