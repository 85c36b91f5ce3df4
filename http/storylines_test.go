package http

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// TestStorylinePages stores three events of one storyline (a pullout, the
// first attack after it, a court ruling) and an unrelated one, and reads
// them as a reader and a program would: each story's page lists the
// storyline's events in the order they began, the JSON carries the
// storyline, and the storyline endpoint answers for any of its stories.
func TestStorylinePages(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	day := time.Date(2005, 8, 15, 0, 0, 0, 0, time.UTC)
	ids := map[string]int64{}
	for _, x := range []struct {
		key, title string
		days       int
	}{
		{"ruling", "Court rules on the barrier route", 40}, {"attack", "First bombing since the pullout", 30},
		{"pullout", "Settlers leave Gaza", 0}, {"cup", "Cup final tonight", 3},
	} {
		at := day.AddDate(0, 0, x.days)
		res, err := env.store.PutArticle(ctx, rapporteur.Article{URL: "https://news.example.test/" + x.key, Title: x.title,
			Text: x.title + ".", Language: "en", Published: &at}, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.store.LinkArticle(ctx, res.ID, rapporteur.ArticleLink{StoryKey: x.key, StoryTitle: x.title}); err != nil {
			t.Fatal(err)
		}
		a, err := env.store.Article(ctx, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids[x.key] = a.StoryID
	}
	err := env.store.LinkStorylines(ctx, []rapporteur.StorylineLink{{StoryKey: "attack", StorylineKey: "pullout"}, {StoryKey: "ruling", StorylineKey: "pullout"}})
	if err != nil {
		t.Fatal(err)
	}

	page := getOK(t, env, fmt.Sprintf("/stories/%d", ids["attack"]))
	pullout, attack, ruling := strings.Index(page, "Settlers leave Gaza"), strings.Index(page, "First bombing since the pullout"), strings.Index(page, "Court rules on the barrier route")
	if !strings.Contains(page, "<h2>Storyline</h2>") || pullout < 0 || ruling < 0 || !(pullout < ruling) {
		t.Errorf("the attack's page does not list its storyline in order (pullout at %d, ruling at %d)", pullout, ruling)
	}
	if !strings.Contains(page, fmt.Sprintf(`href="/stories/%d"`, ids["pullout"])) || strings.Contains(page, fmt.Sprintf(`href="/stories/%d"`, ids["attack"])) {
		t.Errorf("the storyline links the other events, not the story itself")
	}
	if attack < 0 || strings.Contains(page, "Cup final tonight") {
		t.Errorf("the attack's page: its own title at %d; the unrelated story must not show", attack)
	}
	if cup := getOK(t, env, fmt.Sprintf("/stories/%d", ids["cup"])); strings.Contains(cup, "<h2>Storyline</h2>") {
		t.Errorf("a story alone shows a storyline section")
	}

	var st struct {
		ID        int64 `json:"id"`
		Storyline struct {
			Key     string `json:"key"`
			Stories []struct {
				ID int64 `json:"id"`
			} `json:"stories"`
		} `json:"storyline"`
	}
	getJSONInto(t, env, fmt.Sprintf("/api/v1/stories/%d", ids["ruling"]), &st)
	var got []int64
	for _, x := range st.Storyline.Stories {
		got = append(got, x.ID)
	}
	if st.ID != ids["ruling"] || st.Storyline.Key != "pullout" || fmt.Sprint(got) != fmt.Sprint([]int64{ids["pullout"], ids["attack"], ids["ruling"]}) {
		t.Errorf("story JSON: id %d, storyline %q %v, want %d in pullout [pullout attack ruling]", st.ID, st.Storyline.Key, got, ids["ruling"])
	}
	var sl rapporteur.Storyline
	getJSONInto(t, env, fmt.Sprintf("/api/v1/stories/%d/storyline", ids["pullout"]), &sl)
	if sl.Key != "pullout" || len(sl.Stories) != 3 || sl.Stories[0].Title != "Settlers leave Gaza" {
		t.Errorf("storyline endpoint: %+v", sl)
	}
	if code, _ := env.get(t, fmt.Sprintf("/api/v1/stories/%d/storyline", ids["cup"]+100)); code != 404 {
		t.Errorf("storyline of an unknown story: status %d, want 404", code)
	}
}
