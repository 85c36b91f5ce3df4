package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// storyCorpus stores a small contested story: an allegation, a wire copy
// of it in another outlet, a denial and an answer to the denial, plus an
// unrelated article. It returns their ids by name.
func storyCorpus(t *testing.T, s rapporteur.Store) map[string]int64 {
	t.Helper()
	allegation := "The union said the mine flooded twice. \"The pumps were off,\" said Ana Ruiz, the union leader."
	denial := "The mine owner denied it. \"The pumps never stopped,\" said Tom Berg, a company spokesman."
	answer := "The union answered the denial. \"We have the pump logs,\" said Ana Ruiz on Tuesday."
	arts := []struct {
		name string
		a    rapporteur.Article
	}{
		{"allegation", Article("https://one.example/mine", "Union says mine flooded", allegation, Day,
			Quote{Content: "The pumps were off", Speaker: "Ana Ruiz", Cue: "said"})},
		{"copy", Article("https://two.example/mine-flood", "Mine flooded twice, union says", allegation, Day.Add(time.Hour),
			Quote{Content: "The pumps were off", Speaker: "Ana Ruiz", Cue: "said"})},
		{"denial", Article("https://three.example/denial", "Owner denies flooding", denial, Day.AddDate(0, 0, 1),
			Quote{Content: "The pumps never stopped", Speaker: "Tom Berg", Cue: "said"})},
		{"answer", Article("https://one.example/answer", "Union answers owner", answer, Day.AddDate(0, 0, 2),
			Quote{Content: "We have the pump logs", Speaker: "Ana Ruiz", Cue: "said"})},
		{"other", Article("https://one.example/football", "Cup final tonight", "The cup final is tonight.", Day.AddDate(0, 0, 3))},
	}
	ids := map[string]int64{}
	for _, x := range arts {
		ids[x.name] = put(t, s, x.a).ID
	}
	link := func(name string, l rapporteur.ArticleLink) {
		t.Helper()
		if err := s.LinkArticle(ctx, ids[name], l); err != nil {
			t.Fatalf("link %s: %v", name, err)
		}
	}
	link("allegation", rapporteur.ArticleLink{StoryKey: "mine", StoryTitle: "Union says mine flooded"})
	link("copy", rapporteur.ArticleLink{DuplicateOf: ids["allegation"], Similarity: 0.97, StoryKey: "mine", StoryTitle: "Union says mine flooded"})
	link("denial", rapporteur.ArticleLink{StoryKey: "mine", StoryTitle: "Owner denies flooding"})
	link("answer", rapporteur.ArticleLink{StoryKey: "mine", StoryTitle: "Owner denies flooding"})
	link("other", rapporteur.ArticleLink{StoryKey: "cup", StoryTitle: "Cup final tonight"})
	return ids
}

func idsOf(as []*rapporteur.StoredArticle) []int64 {
	out := []int64{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func testStories(t *testing.T, s rapporteur.Store) {
	ids := storyCorpus(t, s)

	page, err := s.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].Title != "Cup final tonight" {
		t.Fatalf("stories: got %+v, want the cup story (latest) then the mine story", page.Items)
	}
	mine := page.Items[1]
	if mine.Title != "Owner denies flooding" || mine.ArticleCount != 4 ||
		!mine.First.Equal(Day) || !mine.Last.Equal(Day.AddDate(0, 0, 2)) {
		t.Errorf("mine story: got %+v, want the latest title, 4 articles, from Day to Day+2", mine)
	}
	page, err = s.Stories(ctx, rapporteur.StoryFilter{MinArticles: 2})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != mine.ID {
		t.Errorf("stories with 2 articles or more: got %+v, %v, want the mine story alone", page.Items, err)
	}
	first, err := s.Stories(ctx, rapporteur.StoryFilter{Limit: 1})
	if err != nil || len(first.Items) != 1 || first.Next == "" {
		t.Fatalf("stories page 1: %+v, %v", first, err)
	}
	second, err := s.Stories(ctx, rapporteur.StoryFilter{Limit: 1, Cursor: first.Next})
	if err != nil || len(second.Items) != 1 || second.Items[0].ID != mine.ID || second.Next != "" {
		t.Errorf("stories page 2: got %+v, %v, want the mine story and no next", second, err)
	}

	st, err := s.Story(ctx, mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{ids["allegation"], ids["copy"], ids["denial"], ids["answer"]}
	if got := idsOf(st.Articles); !slices.Equal(got, want) {
		t.Errorf("story articles: got %v, want %v (time order)", got, want)
	}
	// The thread: Ana Ruiz alleged first and answered the denial; the
	// copy's repeated quote is not counted twice.
	var voices []string
	for _, v := range st.Voices {
		var contents []string
		for _, x := range v.Statements {
			contents = append(contents, x.Content.Text)
		}
		voices = append(voices, v.Name+": "+strings.Join(contents, " | "))
	}
	wantVoices := []string{"Ana Ruiz: The pumps were off | We have the pump logs", "Tom Berg: The pumps never stopped"}
	if !slices.Equal(voices, wantVoices) {
		t.Errorf("story voices: got %q, want %q", voices, wantVoices)
	}
	_, err = s.Story(ctx, mine.ID+1000)
	wantCode(t, "unknown story", err, rapporteur.ENOTFOUND)
}

func testRelated(t *testing.T, s rapporteur.Store) {
	ids := storyCorpus(t, s)
	r, err := s.Related(ctx, ids["allegation"])
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(r.Copies); !slices.Equal(got, []int64{ids["copy"]}) {
		t.Errorf("copies of the original: got %v, want the copy %d", got, ids["copy"])
	}
	if got := idsOf(r.Others); !slices.Equal(got, []int64{ids["denial"], ids["answer"]}) {
		t.Errorf("story of the original: got %v, want the denial and the answer", got)
	}
	if r.Story == nil || r.Story.ArticleCount != 4 {
		t.Errorf("story of the original: got %+v", r.Story)
	}
	r, err = s.Related(ctx, ids["copy"])
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(r.Copies); !slices.Equal(got, []int64{ids["allegation"]}) {
		t.Errorf("copies of the copy: got %v, want the original %d", got, ids["allegation"])
	}
	a, err := s.Article(ctx, ids["copy"])
	if err != nil || a.DuplicateOf != ids["allegation"] || a.Similarity != 0.97 || a.StoryID != r.Story.ID {
		t.Errorf("copy article: got duplicate_of %d similarity %v story %d (%v)", a.DuplicateOf, a.Similarity, a.StoryID, err)
	}
	r, err = s.Related(ctx, ids["other"])
	if err != nil || len(r.Copies) != 0 || len(r.Others) != 0 {
		t.Errorf("a story of one: got %+v, %v, want nothing related", r, err)
	}
	_, err = s.Related(ctx, ids["other"]+1000)
	wantCode(t, "related of an unknown article", err, rapporteur.ENOTFOUND)
	err = s.LinkArticle(ctx, ids["other"]+1000, rapporteur.ArticleLink{StoryKey: "x"})
	wantCode(t, "link an unknown article", err, rapporteur.ENOTFOUND)

	// Relinking moves the article: the old story's count follows.
	if err := s.LinkArticle(ctx, ids["answer"], rapporteur.ArticleLink{StoryKey: "cup", StoryTitle: "Cup final tonight"}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Story(ctx, r.Story.ID)
	if err != nil || st.ArticleCount != 2 {
		t.Errorf("cup story after relinking: got %+v, %v, want 2 articles", st, err)
	}
	// Linking it to the same story again counts it once.
	if err := s.LinkArticle(ctx, ids["answer"], rapporteur.ArticleLink{StoryKey: "cup", StoryTitle: "Cup final tonight"}); err != nil {
		t.Fatal(err)
	}
	if again, err := s.Story(ctx, r.Story.ID); err != nil || again.ArticleCount != 2 || !again.First.Equal(st.First) || !again.Last.Equal(st.Last) {
		t.Errorf("cup story after linking an article twice: got %+v, %v, want %+v", again, err, st)
	}
}

func testDuplicatesCollapsed(t *testing.T, s rapporteur.Store) {
	ids := storyCorpus(t, s)
	got := articles(t, s, rapporteur.ArticleFilter{Query: "pumps"})
	if slices.Contains(got, ids["copy"]) || !slices.Contains(got, ids["allegation"]) {
		t.Errorf("search pumps: got %v, want the original %d without its copy %d", got, ids["allegation"], ids["copy"])
	}
	page, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: "pumps"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Items {
		if want := map[bool]int{true: 1}[a.ID == ids["allegation"]]; a.CopyCount != want {
			t.Errorf("search pumps: article %d has copy count %d, want %d", a.ID, a.CopyCount, want)
		}
	}
	got = articles(t, s, rapporteur.ArticleFilter{Query: "pumps", Duplicates: true})
	if !slices.Contains(got, ids["copy"]) || !slices.Contains(got, ids["allegation"]) {
		t.Errorf("search pumps with duplicates: got %v, want both copies", got)
	}
	for _, f := range []rapporteur.StatementFilter{{Query: "pumps"}, {}} {
		sts := statements(t, s, f)
		f.Duplicates = true
		all := statements(t, s, f)
		if len(all) != len(sts)+1 {
			t.Errorf("statements %+v: %d without copies, %d with, want the copy's one statement more", f, len(sts), len(all))
		}
	}
	if sts := statements(t, s, rapporteur.StatementFilter{ArticleID: ids["copy"]}); len(sts) != 1 {
		t.Errorf("statements of the copy itself: got %v, want its statement", sts)
	}
	got = articles(t, s, rapporteur.ArticleFilter{})
	if len(got) != 4 || slices.Contains(got, ids["copy"]) {
		t.Errorf("list: got %v, want the 4 articles that are no copies", got)
	}
}

func testMergeStories(t *testing.T, s rapporteur.Store) {
	ids := storyCorpus(t, s)
	cup, err := s.Related(ctx, ids["answer"])
	if err != nil || cup.Story == nil {
		t.Fatalf("the cup story: %+v, %v", cup, err)
	}
	if err := s.MergeStories(ctx, "cup", "mine"); err != nil {
		t.Fatal(err)
	}
	// The merged story's id leads to the story it became.
	if st, err := s.Story(ctx, cup.Story.ID); err != nil || st.Key != "mine" || st.ArticleCount != 5 {
		t.Errorf("story %d after merging it into mine: got %+v, %v, want mine", cup.Story.ID, st, err)
	}
	page, err := s.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Key != "mine" || page.Items[0].ArticleCount != 5 ||
		!page.Items[0].Last.Equal(Day.AddDate(0, 0, 3)) {
		t.Fatalf("stories after merging cup into mine: got %+v, want mine alone with 5 articles until Day+3", page.Items)
	}
	r, err := s.Related(ctx, ids["other"])
	if err != nil || r.Story == nil || r.Story.Key != "mine" || len(r.Others) != 3 {
		t.Errorf("related of the merged article: got %+v, %v, want the mine story and its 3 other originals", r, err)
	}
	// Merging into a story not stored yet renames the story; merging an
	// unknown story changes nothing.
	if err := s.MergeStories(ctx, "mine", "mine-2"); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeStories(ctx, "no-such-story", "mine-2"); err != nil {
		t.Fatal(err)
	}
	page, err = s.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil || len(page.Items) != 1 || page.Items[0].Key != "mine-2" || page.Items[0].ArticleCount != 5 {
		t.Errorf("stories after renaming: got %+v, %v, want mine-2 alone with 5 articles", page.Items, err)
	}
	// Both earlier ids lead to it; a story named like a merged one is new.
	for _, id := range []int64{cup.Story.ID, r.Story.ID} {
		if st, err := s.Story(ctx, id); err != nil || st.ID != page.Items[0].ID {
			t.Errorf("story %d after two merges: got %+v, %v, want mine-2", id, st, err)
		}
	}
	if err := s.LinkArticle(ctx, ids["other"], rapporteur.ArticleLink{StoryKey: "cup", StoryTitle: "Cup again"}); err != nil {
		t.Fatal(err)
	}
	if again, err := s.Related(ctx, ids["other"]); err != nil || again.Story == nil || again.Story.ID == cup.Story.ID || again.Story.ArticleCount != 1 {
		t.Errorf("a new story keyed cup: got %+v, %v, want a new story of one article", again, err)
	}
}

func testLinkArticles(t *testing.T, s rapporteur.Store) {
	a := put(t, s, Article("https://a.example/1", "One", "First text.", Day)).ID
	b := put(t, s, Article("https://b.example/1", "Two", "Second text.", Day.Add(time.Hour))).ID
	// A batch with an unknown article records nothing.
	err := s.LinkArticles(ctx, []rapporteur.LinkItem{
		{ID: a, Link: rapporteur.ArticleLink{StoryKey: "k", StoryTitle: "One"}},
		{ID: b + 1000, Link: rapporteur.ArticleLink{StoryKey: "k"}},
	})
	wantCode(t, "batch with an unknown article", err, rapporteur.ENOTFOUND)
	if got, err := s.Article(ctx, a); err != nil || got.StoryID != 0 {
		t.Errorf("after a failed batch: story %d (%v), want none", got.StoryID, err)
	}
	err = s.LinkArticles(ctx, []rapporteur.LinkItem{
		{ID: a, Link: rapporteur.ArticleLink{StoryKey: "k", StoryTitle: "One"}},
		{ID: b, Link: rapporteur.ArticleLink{DuplicateOf: a, Similarity: 0.9, StoryKey: "k", StoryTitle: "One"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil || len(page.Items) != 1 || page.Items[0].ArticleCount != 2 {
		t.Errorf("stories after a batch: got %+v, %v, want one story of 2 articles", page.Items, err)
	}
	err = s.LinkArticle(ctx, a, rapporteur.ArticleLink{DuplicateOf: a})
	wantCode(t, "an article copying itself", err, rapporteur.EINVALID)
}

// testUndatedInStory: an undated article counts in its story without
// giving the story its ingest time as a date, and keeps no publication
// date of its own.
func testUndatedInStory(t *testing.T, s rapporteur.Store) {
	dated := put(t, s, Article("https://one.example/reuters", "Port closed", "The port closed on Tuesday after a storm.", Day))
	undated := put(t, s, Article("", "Port closed", "The port closed on Tuesday after a storm, officials said.", time.Time{}))
	for _, id := range []int64{dated.ID, undated.ID} {
		if err := s.LinkArticle(ctx, id, rapporteur.ArticleLink{StoryKey: "port", StoryTitle: "Port closed"}); err != nil {
			t.Fatal(err)
		}
	}
	page, err := s.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("stories: %+v, %v", page.Items, err)
	}
	if st := page.Items[0]; st.ArticleCount != 2 || !st.First.Equal(Day) || !st.Last.Equal(Day) {
		t.Errorf("story %+v: want 2 articles, spanning Day alone", st)
	}
	a, err := s.Article(ctx, undated.ID)
	if err != nil || a.Published != nil {
		t.Errorf("undated article: published %v, %v", a.Published, err)
	}
	// Undated alone: the span is unknown (zero), not the ingest time.
	other := put(t, s, Article("", "Cup final", "The cup final is tonight.", time.Time{}))
	if err := s.LinkArticle(ctx, other.ID, rapporteur.ArticleLink{StoryKey: "cup"}); err != nil {
		t.Fatal(err)
	}
	page, err = s.Stories(ctx, rapporteur.StoryFilter{})
	for _, st := range page.Items {
		if st.Key == "cup" && (!st.First.IsZero() || !st.Last.IsZero() || st.ArticleCount != 1) {
			t.Errorf("undated story %+v: want a zero span and 1 article", st)
		}
	}
}

// testNewOriginal: when an original published earlier arrives after its
// copies, linking again names it in each copy and makes the old original
// a copy, in one LinkArticles call; lists then show the new original.
func testNewOriginal(t *testing.T, s rapporteur.Store) {
	text := "The harbour authority closed the northern terminal after a crane collapsed onto a ship."
	first := put(t, s, Article("https://two.example/crane", "Crane falls", text, Day.Add(2*time.Hour)))
	second := put(t, s, Article("https://three.example/crane", "Crane collapse", text, Day.Add(3*time.Hour)))
	link := func(items ...rapporteur.LinkItem) {
		t.Helper()
		if err := s.LinkArticles(ctx, items); err != nil {
			t.Fatal(err)
		}
	}
	link(rapporteur.LinkItem{ID: first.ID, Link: rapporteur.ArticleLink{StoryKey: "crane"}},
		rapporteur.LinkItem{ID: second.ID, Link: rapporteur.ArticleLink{DuplicateOf: first.ID, Similarity: 1, StoryKey: "crane"}})
	orig := put(t, s, Article("https://wire.example/crane", "Crane collapses", text, Day))
	link(rapporteur.LinkItem{ID: orig.ID, Link: rapporteur.ArticleLink{StoryKey: "crane"}},
		rapporteur.LinkItem{ID: first.ID, Link: rapporteur.ArticleLink{DuplicateOf: orig.ID, Similarity: 1, StoryKey: "crane"}},
		rapporteur.LinkItem{ID: second.ID, Link: rapporteur.ArticleLink{DuplicateOf: orig.ID, Similarity: 1, StoryKey: "crane"}})
	for _, id := range []int64{first.ID, second.ID} {
		a, err := s.Article(ctx, id)
		if err != nil || a.DuplicateOf != orig.ID {
			t.Errorf("article %d: duplicate_of %d, %v; want %d", id, a.DuplicateOf, err, orig.ID)
		}
	}
	page, err := s.Articles(ctx, rapporteur.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(page.Items); !slices.Equal(got, []int64{orig.ID}) {
		t.Errorf("list without copies: %v, want the new original %d alone", got, orig.ID)
	}
	st, err := s.Story(ctx, mustStoryID(t, s, orig.ID))
	if err != nil || st.ArticleCount != 3 || !st.First.Equal(Day) {
		t.Errorf("story %+v, %v: want 3 articles from Day", st, err)
	}
}

func mustStoryID(t *testing.T, s rapporteur.Store, id int64) int64 {
	t.Helper()
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return a.StoryID
}

// testRelinkWidensSpan: an undated article that an update dates, linked
// again into the same story, gives the story its date.
func testRelinkWidensSpan(t *testing.T, s rapporteur.Store) {
	a := Article("", "Port closed", "The port closed on Tuesday after a storm.", time.Time{})
	res := put(t, s, a)
	link := rapporteur.ArticleLink{StoryKey: "port"}
	if err := s.LinkArticle(ctx, res.ID, link); err != nil {
		t.Fatal(err)
	}
	d := Day
	a.Published = &d
	res = put(t, s, a)
	if err := s.LinkArticle(ctx, res.ID, link); err != nil {
		t.Fatal(err)
	}
	page, err := s.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil || len(page.Items) != 1 || !page.Items[0].First.Equal(Day) || page.Items[0].ArticleCount != 1 {
		t.Errorf("stories %+v, %v: want one story of 1 article on Day", page.Items, err)
	}
}
