package http

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// threadStory stores the design document's exchange as four articles of
// one story and a wire copy: the report accuses China; the envoy denies
// it (reprinted by a second outlet); Amnesty answers the denial. It
// returns the story id.
func threadStory(t *testing.T, env *testEnv) int64 {
	t.Helper()
	ctx := context.Background()
	day := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	type art struct {
		url, text, content, speaker, typ, act, target string
		days                                          int
		copyOf                                        int
	}
	arts := []art{
		{"https://un.test/report", "The UN report said China committed serious human rights violations.", "China committed serious human rights violations", "UN report", rapporteur.Document, rapporteur.ActAccuse, "China", 0, -1},
		{"https://wire.test/denial", "Zhang Jun said Beijing strongly opposes the UN report.", "Beijing strongly opposes the UN report", "Zhang Jun", rapporteur.Person, rapporteur.ActDeny, "UN report", 1, -1},
		{"https://paper.test/denial", "Zhang Jun said Beijing strongly opposes the UN report.", "Beijing strongly opposes the UN report", "Zhang Jun", rapporteur.Person, rapporteur.ActDeny, "UN report", 1, 1},
		{"https://amnesty.test/answer", "Agnes Callamard said the denial by Zhang Jun is <b>hollow</b>.", "the denial by Zhang Jun is <b>hollow</b>", "Agnes Callamard", rapporteur.Person, rapporteur.ActCriticize, "Zhang Jun", 2, -1},
	}
	var ids []int64
	var story int64
	for _, x := range arts {
		d := day.AddDate(0, 0, x.days)
		start := strings.Index(x.text, x.content)
		a := rapporteur.Article{Title: x.speaker, Text: x.text, URL: x.url, Language: "en", Published: &d,
			Statements: []rapporteur.Statement{{Kind: rapporteur.Indirect, Mode: rapporteur.Speech, Confidence: 0.9,
				Content: rapporteur.Span{Start: len([]rune(x.text[:start])), End: len([]rune(x.text[:start])) + len([]rune(x.content)), Text: x.content},
				Speaker: rapporteur.Speaker{Name: x.speaker, Type: x.typ}, Act: x.act, Target: &rapporteur.Target{Name: x.target, Type: rapporteur.Unknown}}}}
		res, err := env.store.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ID)
		link := rapporteur.ArticleLink{StoryKey: "un-thread", StoryTitle: "UN report on Xinjiang"}
		if x.copyOf >= 0 {
			link.DuplicateOf = ids[x.copyOf]
		}
		if err := env.store.LinkArticle(ctx, res.ID, link); err != nil {
			t.Fatal(err)
		}
	}
	a, err := env.store.Article(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	story = a.StoryID
	return story
}

// TestStoryThreadPage reads the Thread view as a reader would: the
// accusation, the denial indented under it with its two outlets and the
// folded copy counted, the answer under the denial; the API gives the
// same tree; the story page links to the view.
func TestStoryThreadPage(t *testing.T) {
	env := newEnv(t, nil)
	id := threadStory(t, env)
	page := getOK(t, env, fmt.Sprintf("/stories/%d/thread", id))
	for _, want := range []string{
		`<li class="th d0"`, `act-accuse`, `→ China`,
		`<li class="th d1"`, `act-deny`, `→ UN report`, `wire.test, paper.test`, `1 wire copy folded`, `in an earlier article`,
		`<li class="th d2"`, `act-criticize`, `&lt;b&gt;hollow&lt;/b&gt;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("thread page lacks %q", want)
		}
	}
	if strings.Index(page, "act-accuse") > strings.Index(page, "act-deny") || strings.Index(page, "act-deny") > strings.Index(page, "act-criticize") {
		t.Error("thread page is not in reading order: accusation, denial, answer")
	}
	if strings.Contains(page, "<b>hollow</b>") {
		t.Error("statement text is not escaped")
	}
	// Reported speech is the outlet's wording: a fact-checker must not
	// read it as the speaker's own words in quotation marks.
	if !strings.Contains(page, `reported speech:</span> Beijing strongly opposes the UN report`) || strings.Contains(page, `“Beijing strongly opposes`) {
		t.Error("thread page quotes reported speech as if verbatim, or does not label it")
	}
	if story := getOK(t, env, fmt.Sprintf("/stories/%d", id)); !strings.Contains(story, fmt.Sprintf(`href="/stories/%d/thread"`, id)) {
		t.Error("story page does not link to its Thread view")
	}
	var th rapporteur.StoryThread
	getJSONInto(t, env, fmt.Sprintf("/api/v1/stories/%d/thread", id), &th)
	if len(th.Nodes) != 3 || th.Total != 3 || th.Story == nil || th.Story.Title != "UN report on Xinjiang" {
		t.Fatalf("API thread: %d nodes of %d, story %+v", len(th.Nodes), th.Total, th.Story)
	}
	if d := [3]int{th.Nodes[0].Depth, th.Nodes[1].Depth, th.Nodes[2].Depth}; d != [3]int{0, 1, 2} {
		t.Errorf("API depths %v, want 0 1 2", d)
	}
	if th.Nodes[1].Parent != th.Nodes[0].Statement.ID || th.Nodes[1].Copies != 1 || len(th.Nodes[1].Outlets) != 2 {
		t.Errorf("API denial node: %+v", th.Nodes[1])
	}
	// Paged one statement at a time, the pages add up.
	var got []int64
	cursor := ""
	for range 5 {
		var p rapporteur.StoryThread
		getJSONInto(t, env, fmt.Sprintf("/api/v1/stories/%d/thread?limit=1&cursor=%s", id, cursor), &p)
		for _, n := range p.Nodes {
			got = append(got, n.Statement.ID)
		}
		if cursor = p.Next; cursor == "" {
			break
		}
	}
	if len(got) != 3 || got[0] != th.Nodes[0].Statement.ID || got[2] != th.Nodes[2].Statement.ID {
		t.Errorf("paged thread: %v", got)
	}
	resp, err := env.ts.Client().Get(env.ts.URL + "/api/v1/stories/999999/thread")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("unknown story: status %d, want 404", resp.StatusCode)
	}
}

// TestArticleThread: the design document's example, through the
// pipeline, shows its exchange on its article page: the denials under
// the report, Callamard's answer under a denial.
func TestArticleThread(t *testing.T) {
	env := newEnv(t, nil)
	text, err := os.ReadFile("../testdata/example.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := env.p.Text("example", string(text))
	if err != nil {
		t.Fatal(err)
	}
	a.URL = "https://example.test/un-report"
	res, err := env.store.PutArticle(context.Background(), a, rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	page := getOK(t, env, fmt.Sprintf("/articles/%d", res.ID))
	i := strings.Index(page, "Thread in this article")
	if i < 0 {
		t.Fatal("article page shows no thread")
	}
	th := page[i:]
	for _, want := range []string{`act-accuse`, `<li class="th d1"`, `act-deny`, `act-criticize`, `Agnes Callamard`} {
		if !strings.Contains(th, want) {
			t.Errorf("article thread lacks %q", want)
		}
	}
}
