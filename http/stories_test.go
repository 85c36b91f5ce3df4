package http

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/demo"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/storylink"
)

// demoArticle returns the article of the demo corpus (Wikinews, CC BY 2.5)
// whose title starts with prefix, through the pipeline.
func demoArticle(t *testing.T, p *intake.Stages, prefix string) rapporteur.Article {
	t.Helper()
	r, err := demo.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var in struct{ ID, URL, Title, Date, Text string }
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(in.Title, prefix) {
			continue
		}
		a, err := p.Text(in.ID, in.Title+"\n\n"+in.Text)
		if err != nil {
			t.Fatal(err)
		}
		a.URL = in.URL
		day, err := time.Parse(time.DateOnly, in.Date[:min(len(in.Date), 10)])
		if err != nil {
			t.Fatal(err)
		}
		a.Published = &day
		return a
	}
	t.Fatalf("no demo article titled %q…", prefix)
	return rapporteur.Article{}
}

// TestStoryPages stores, through the story linker, a Wikinews article, a
// wire copy of it in another outlet (new headline, dateline and copyright
// line) and a later article on the same event, and reads them back as a
// reader and a program would.
func TestStoryPages(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	ls, err := storylink.Open(ctx, env.store, storylink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	put := func(a rapporteur.Article) int64 {
		t.Helper()
		res, err := ls.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		return res.ID
	}
	orig := demoArticle(t, env.p, "Hurricane Dorian strengthens")
	later := demoArticle(t, env.p, "Hurricane Dorian leaves trail")
	cp, err := env.p.Text("wire-copy", "Bahamas hit by strongest storm on record\n\n"+
		"NASSAU, Bahamas (Example Wire) —\n\n"+orig.Text+"\n\nCopyright 2019 Example Wire. All rights reserved.")
	if err != nil {
		t.Fatal(err)
	}
	cp.URL, cp.Published = "https://copies.example.com/2019/09/dorian", orig.Published
	origID, copyID, laterID := put(orig), put(cp), put(later)

	var rel rapporteur.Related
	getJSONInto(t, env, fmt.Sprintf("/api/v1/articles/%d/related", copyID), &rel)
	if len(rel.Copies) != 1 || rel.Copies[0].ID != origID {
		t.Fatalf("related of the copy: copies %v, want the original %d", idList(rel.Copies), origID)
	}
	if rel.Story == nil || len(rel.Others) != 1 || rel.Others[0].ID != laterID {
		t.Fatalf("related of the copy: story %+v, others %v, want the later article %d", rel.Story, idList(rel.Others), laterID)
	}
	storyID := rel.Story.ID

	// The article page names the copy's outlet and the related coverage.
	page := getOK(t, env, fmt.Sprintf("/articles/%d", origID))
	for _, want := range []string{"Same wire copy in 1 other outlet", fmt.Sprintf(`href="/articles/%d"`, copyID),
		"Related stories", fmt.Sprintf(`href="/stories/%d"`, storyID), "Hurricane Dorian leaves trail of destruction"} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %q", want)
		}
	}

	// The stories list and the story page: a timeline with the copy
	// folded into its original, and who said what.
	if list := getOK(t, env, "/stories"); !strings.Contains(list, fmt.Sprintf(`href="/stories/%d"`, storyID)) {
		t.Errorf("stories list lacks story %d", storyID)
	}
	page = getOK(t, env, fmt.Sprintf("/stories/%d", storyID))
	for _, want := range []string{"Timeline", "Hurricane Dorian strengthens", "Hurricane Dorian leaves trail",
		"Same wire copy in 1 more outlet", "Who said what"} {
		if !strings.Contains(page, want) {
			t.Errorf("story page lacks %q", want)
		}
	}
	var st rapporteur.StoredStory
	getJSONInto(t, env, fmt.Sprintf("/api/v1/stories/%d", storyID), &st)
	if got := idList(st.Articles); len(got) != 3 || got[0] != origID || got[2] != laterID {
		t.Errorf("story articles: got %v, want %d, %d, %d in time order", got, origID, copyID, laterID)
	}
	var stories struct {
		Items []rapporteur.StoredStory
		Next  *string
	}
	getJSONInto(t, env, "/api/v1/stories?min_articles=3", &stories)
	if len(stories.Items) != 1 || stories.Items[0].ID != storyID || stories.Items[0].ArticleCount != 3 {
		t.Errorf("stories of 3 articles or more: got %+v, want story %d alone", stories.Items, storyID)
	}
	if csv := getOK(t, env, "/api/v1/stories?format=csv"); !strings.HasPrefix(csv, "id,title,first,last,article_count") {
		t.Errorf("stories CSV starts %q", csv[:min(len(csv), 60)])
	}

	// Search shows the wire story once unless asked for every copy.
	res := getOK(t, env, "/search?q=Dorian")
	if !strings.Contains(res, fmt.Sprintf(`href="/articles/%d"`, origID)) || strings.Contains(res, fmt.Sprintf(`href="/articles/%d"`, copyID)) {
		t.Errorf("search Dorian: want the original %d without its copy %d", origID, copyID)
	}
	if !strings.Contains(res, "same wire copy in 1 other outlet") {
		t.Errorf("search Dorian: the original does not say it has a copy")
	}
	if !strings.Contains(res, "duplicates=1") {
		t.Errorf("search Dorian: no toggle to show every copy")
	}
	if res := getOK(t, env, "/search?q=Dorian&duplicates=1"); !strings.Contains(res, fmt.Sprintf(`href="/articles/%d"`, copyID)) {
		t.Errorf("search Dorian with duplicates: the copy %d is missing", copyID)
	}

	for _, path := range []string{"/stories/99999", "/api/v1/stories/99999", "/api/v1/articles/99999/related"} {
		if code, _ := env.get(t, path); code != 404 {
			t.Errorf("GET %s: status %d, want 404", path, code)
		}
	}
	if code, _ := env.get(t, "/api/v1/articles?duplicates=maybe"); code != 400 {
		t.Errorf("duplicates=maybe: status %d, want 400", code)
	}
}

func idList(as []*rapporteur.StoredArticle) []int64 {
	var out []int64
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func getOK(t *testing.T, env *testEnv, path string) string {
	t.Helper()
	code, body := env.get(t, path)
	if code != 200 {
		t.Fatalf("GET %s: status %d: %s", path, code, body[:min(len(body), 300)])
	}
	return body
}

func getJSONInto(t *testing.T, env *testEnv, path string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(getOK(t, env, path)), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// TestStoryTitleEscaped stores a story whose title is a script and reads
// the pages that show story titles.
func TestStoryTitleEscaped(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	ids := make([]int64, 2)
	for i := range ids {
		res, err := env.store.PutArticle(ctx, rapporteur.Article{Title: fmt.Sprintf(`<script>alert(%d)</script>`, i),
			Text: fmt.Sprintf("Body %d of a hostile story.", i), URL: fmt.Sprintf("https://h.example/%d", i)}, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = res.ID
		if err := env.store.LinkArticle(ctx, res.ID, rapporteur.ArticleLink{DuplicateOf: ids[0] * int64(i),
			StoryKey: "hostile", StoryTitle: `<img src=x onerror=alert(1)>`}); err != nil {
			t.Fatal(err)
		}
	}
	var rel rapporteur.Related
	getJSONInto(t, env, fmt.Sprintf("/api/v1/articles/%d/related", ids[0]), &rel)
	for _, path := range []string{"/", "/stories", fmt.Sprintf("/stories/%d", rel.Story.ID), fmt.Sprintf("/articles/%d", ids[0])} {
		page := getOK(t, env, path)
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
			t.Errorf("GET %s: a title is not escaped", path)
		}
		if path == "/stories" && !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("GET /stories: the story title is not shown as text")
		}
	}
}

// TestMergedStoryRedirects: the page of a story merged into another sends
// the reader on to the story it became, and the API answers with it.
func TestMergedStoryRedirects(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	var ids []int64
	for i, key := range []string{"old", "new"} {
		res, err := env.store.PutArticle(ctx, rapporteur.Article{ID: key, Title: "Story " + key, Text: "Text of the " + key + " story.",
			URL: fmt.Sprintf("https://news.example/%d", i), Language: "en"}, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.store.LinkArticle(ctx, res.ID, rapporteur.ArticleLink{StoryKey: key, StoryTitle: "Story " + key}); err != nil {
			t.Fatal(err)
		}
		r, err := env.store.Related(ctx, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Story.ID)
	}
	if err := env.store.MergeStories(ctx, "old", "new"); err != nil {
		t.Fatal(err)
	}
	resp := env.doResp(t, "GET", fmt.Sprintf("/stories/%d", ids[0]), "", "", nil)
	resp.Body.Close()
	if want := fmt.Sprintf("/stories/%d", ids[1]); resp.StatusCode != 301 || resp.Header.Get("Location") != want {
		t.Errorf("merged story page: %d to %q, want 301 to %s", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	st, body := env.do(t, "GET", fmt.Sprintf("/api/v1/stories/%d", ids[0]), "", "", nil)
	var got rapporteur.StoredStory
	if err := json.Unmarshal([]byte(body), &got); st != 200 || err != nil || got.ID != ids[1] || got.ArticleCount != 2 {
		t.Errorf("merged story in the API: %d %s, want story %d with 2 articles", st, body, ids[1])
	}
}
