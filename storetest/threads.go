package storetest

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Threads is a store that threads stories (issue 11): linking an article
// (LinkArticle, LinkArticles) links its statements to those of earlier
// articles of its story that they answer, as package thread scores them,
// and StoryThread reads the story's thread.
type Threads interface {
	rapporteur.Store
	StoryThread(ctx context.Context, storyID int64, f rapporteur.ThreadFilter) (*rapporteur.StoryThread, error)
}

// OpenThreads returns a new, empty threading store for one test.
type OpenThreads func(t *testing.T) Threads

// RunThreads runs the contract of story threads: a denial in a later
// article answers the accusation, the answer to the denial answers it,
// wire copies fold into one statement with their outlets counted; the
// thread is the same whatever order the articles are stored and linked
// in; a merged story reads its new story's thread; a long thread pages
// without repeating or skipping; an unknown story is ENOTFOUND.
func RunThreads(t *testing.T, open OpenThreads) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, Threads)
	}{
		{"AcrossArticles", testThreadAcross},
		{"AnyArrivalOrder", testThreadOrder},
		{"Merge", testThreadMerge},
		{"Paged", testThreadPaged},
		{"NotFound", testThreadNotFound},
		{"TargetNamesRole", testThreadRole},
		{"SameAsFromScratch", testThreadScratch},
		{"OneBatch", testThreadBatch},
		{"WithinArticle", testThreadWithin},
		{"AnswersAssertion", testThreadAnswersAssertion},
		{"UndatedAndRedated", testThreadDates},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

// threadArticle is one article of the contested story: a statement with
// an act and a target.
type threadArticle struct {
	name, url, text, content, speaker, typ, act, target string
	role                                                string
	day                                                 int
	copyOf                                              string
}

// contested is the design document's exchange over four articles and a
// wire copy: the report accuses China; the envoy denies, aiming at the
// report; Amnesty answers the denial; the copy reprints the denial.
var contested = []threadArticle{
	{name: "report", url: "https://un.example/report", text: "The UN report said China committed serious human rights violations.",
		content: "China committed serious human rights violations", speaker: "UN report", typ: rapporteur.Document, act: rapporteur.ActAccuse, target: "China", day: 0},
	{name: "denial", url: "https://wire.example/denial", text: "Zhang Jun said Beijing strongly opposes the UN report.",
		content: "Beijing strongly opposes the UN report", speaker: "Zhang Jun", act: rapporteur.ActDeny, target: "UN report", day: 1},
	{name: "copy", url: "https://paper.example/denial", text: "Zhang Jun said Beijing strongly opposes the UN report.",
		content: "Beijing strongly opposes the UN report", speaker: "Zhang Jun", act: rapporteur.ActDeny, target: "UN report", day: 1, copyOf: "denial"},
	{name: "answer", url: "https://amnesty.example/answer", text: "Agnes Callamard said the denial by Zhang Jun is hollow.",
		content: "the denial by Zhang Jun is hollow", speaker: "Agnes Callamard", act: rapporteur.ActCriticize, target: "Zhang Jun", day: 2},
	{name: "aside", url: "https://paper.example/aside", text: "The weather in Geneva was mild, officials said.",
		content: "The weather in Geneva was mild", speaker: "officials", typ: rapporteur.Group, act: rapporteur.ActAssert, day: 2},
}

func (x threadArticle) article() rapporteur.Article {
	typ := x.typ
	if typ == "" {
		typ = rapporteur.Person
	}
	a := Article(x.url, x.name, x.text, Day.AddDate(0, 0, x.day), Quote{Content: x.content, Speaker: x.speaker, Type: typ, Cue: "said", Role: x.role})
	a.Statements[0].Act = x.act
	if x.target != "" {
		a.Statements[0].Target = &rapporteur.Target{Name: x.target, Type: rapporteur.Unknown}
	}
	return a
}

// storeContested puts and links the articles of xs in the given order
// into story key, and returns their ids by name.
func storeContested(t *testing.T, s rapporteur.Store, key string, xs []threadArticle) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	for _, x := range xs {
		ids[x.name] = put(t, s, x.article()).ID
		var dup int64
		if x.copyOf != "" {
			dup = ids[x.copyOf]
		}
		if dup == 0 && x.copyOf != "" {
			continue // its original arrives later and is linked then
		}
		if err := s.LinkArticle(ctx, ids[x.name], rapporteur.ArticleLink{DuplicateOf: dup, StoryKey: key, StoryTitle: "UN report"}); err != nil {
			t.Fatalf("link %s: %v", x.name, err)
		}
	}
	// Copies whose original came after them.
	for _, x := range xs {
		if x.copyOf != "" {
			if err := s.LinkArticle(ctx, ids[x.name], rapporteur.ArticleLink{DuplicateOf: ids[x.copyOf], StoryKey: key, StoryTitle: "UN report"}); err != nil {
				t.Fatalf("link %s: %v", x.name, err)
			}
		}
	}
	return ids
}

func storyID(t *testing.T, s rapporteur.Store, article int64) int64 {
	t.Helper()
	a, err := s.Article(ctx, article)
	if err != nil || a.StoryID == 0 {
		t.Fatalf("article %d: story %d, %v", article, a.StoryID, err)
	}
	return a.StoryID
}

// render writes a thread as indented lines "speaker act→target [outlets] +copies".
func render(th *rapporteur.StoryThread) []string {
	var out []string
	for _, n := range th.Nodes {
		st := n.Statement
		tgt := ""
		if st.Target != nil {
			tgt = "→" + st.Target.Name
		}
		line := fmt.Sprintf("%s%s %s%s", strings.Repeat("  ", n.Depth), st.Speaker.Name, st.Act, tgt)
		if n.Copies > 0 {
			line += fmt.Sprintf(" +%d [%s]", n.Copies, strings.Join(n.Outlets, ", "))
		}
		out = append(out, line)
	}
	return out
}

var wantContested = []string{
	"UN report accuse→China",
	"  Zhang Jun deny→UN report +1 [wire.example, paper.example]",
	"    Agnes Callamard criticize→Zhang Jun",
}

func testThreadAcross(t *testing.T, s Threads) {
	ids := storeContested(t, s, "un", contested)
	th, err := s.StoryThread(ctx, storyID(t, s, ids["report"]), rapporteur.ThreadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := render(th); !slices.Equal(got, wantContested) {
		t.Errorf("thread:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantContested, "\n"))
	}
	if th.Total != 3 || th.Next != "" {
		t.Errorf("total %d, next %q; want 3 statements on one page", th.Total, th.Next)
	}
	if len(th.Nodes) == 3 && (!th.Nodes[1].Across || th.Nodes[1].Parent != th.Nodes[0].Statement.ID) {
		t.Errorf("denial: parent %d across %v, want the report's statement %d across articles", th.Nodes[1].Parent, th.Nodes[1].Across, th.Nodes[0].Statement.ID)
	}
	// The article's statements say what they answer in the thread, so
	// that the API and its exports keep the exchange, not the thread
	// page alone.
	report, err := s.Article(ctx, ids["report"])
	if err != nil {
		t.Fatal(err)
	}
	denial, err := s.Article(ctx, ids["denial"])
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Statements) == 0 || len(denial.Statements) == 0 {
		t.Fatalf("report has %d statements, denial %d", len(report.Statements), len(denial.Statements))
	}
	want := rapporteur.StatementRef{ArticleID: ids["report"], StatementID: report.Statements[0].ID}
	if got := denial.Statements[0].Answers; got == nil || *got != want {
		t.Errorf("the denial's statement answers %+v, want %+v", got, want)
	}
	if got := report.Statements[0].Answers; got != nil {
		t.Errorf("the report's statement answers %+v, want nothing", got)
	}
}

// testThreadOrder stores the story in several orders, the copy before
// its original too: the thread reads the same.
func testThreadOrder(t *testing.T, s Threads) {
	rng := rand.New(rand.NewSource(3))
	for trial := range 4 {
		xs := slices.Clone(contested)
		rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		for i := range xs {
			xs[i].url = strings.Replace(xs[i].url, ".example/", fmt.Sprintf(".example/%d/", trial), 1)
		}
		key := fmt.Sprintf("un-%d", trial)
		ids := storeContested(t, s, key, xs)
		th, err := s.StoryThread(ctx, storyID(t, s, ids["report"]), rapporteur.ThreadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := render(th); !slices.Equal(got, wantContested) {
			var order []string
			for _, x := range xs {
				order = append(order, x.name)
			}
			t.Errorf("stored in order %v, thread:\n%s\nwant:\n%s", order, strings.Join(got, "\n"), strings.Join(wantContested, "\n"))
		}
	}
}

// Exchange returns the articles of a long exchange between five speakers
// over six days: each article has two statements, an act aimed at another
// speaker and an assertion or a second act, several articles per day
// (so that same-day order matters). It is built from its index alone.
func Exchange(n int) []rapporteur.Article {
	type sp struct{ name, typ string }
	sps := []sp{{"Jane Roe", rapporteur.Person}, {"Acme Corp", rapporteur.Organization}, {"Health Ministry", rapporteur.Organization},
		{"Watchdog report", rapporteur.Document}, {"John Doe", rapporteur.Person}}
	acts := []string{rapporteur.ActAccuse, rapporteur.ActDeny, rapporteur.ActCriticize, rapporteur.ActConfirm,
		rapporteur.ActSupport, rapporteur.ActDemand, rapporteur.ActAccuse, rapporteur.ActCriticize, rapporteur.ActDeny}
	var out []rapporteur.Article
	for i := range n {
		a, b := sps[(i*3)%len(sps)], sps[(i*3+1+i%3)%len(sps)]
		t1, t2 := sps[(i+2)%len(sps)].name, sps[(i*7+1)%len(sps)].name
		if i%4 == 0 {
			t1 = "the allegations"
		}
		c1, c2 := fmt.Sprintf("claim %d of %s", i, a.name), fmt.Sprintf("point %d of %s", i, b.name)
		text := fmt.Sprintf("%s said %s. %s said %s.", a.name, c1, b.name, c2)
		art := Article(fmt.Sprintf("https://x%d.example/%d", i%3, i), fmt.Sprintf("Exchange %d", i), text, Day.AddDate(0, 0, i%6),
			Quote{Content: c1, Speaker: a.name, Type: a.typ, Cue: "said"}, Quote{Content: c2, Speaker: b.name, Type: b.typ, Cue: "said"})
		art.Statements[0].Act = acts[i%len(acts)]
		art.Statements[0].Target = &rapporteur.Target{Name: t1, Type: rapporteur.Unknown}
		if i%3 == 1 {
			art.Statements[1].Act = acts[(i+4)%len(acts)]
			art.Statements[1].Target = &rapporteur.Target{Name: t2, Type: rapporteur.Unknown}
		} else {
			art.Statements[1].Act = rapporteur.ActAssert
		}
		out = append(out, art)
	}
	return out
}

// replies renders a thread as "content <- parent content" lines, in the
// thread's order: the links themselves, whatever the statements' ids.
func replies(th *rapporteur.StoryThread) []string {
	content := map[int64]string{}
	for _, n := range th.Nodes {
		content[n.Statement.ID] = n.Statement.Content.Text
	}
	var out []string
	for _, n := range th.Nodes {
		line := n.Statement.Content.Text
		if n.Parent != 0 {
			line += " <- " + content[n.Parent]
		}
		out = append(out, line)
	}
	return out
}

// testThreadScratch threads a story as its articles arrive one by one,
// in several orders, with an article changed on the way (stored again
// with another act and linked again) and one linked as a copy and back:
// the thread is the one the story's final articles give when threaded
// from scratch (a merge into a new story threads it so), whatever the
// order. A store that keeps what it read of a story between articles
// must give the links it would give reading it afresh.
func testThreadScratch(t *testing.T, s Threads) {
	const n = 24
	rng := rand.New(rand.NewSource(11))
	var want []string
	for trial := range 3 {
		arts := Exchange(n)
		for i := range arts {
			arts[i].URL = strings.Replace(arts[i].URL, ".example/", fmt.Sprintf(".example/%d/", trial), 1)
		}
		key := fmt.Sprintf("exchange-%d", trial)
		link := func(id int64, dup int64) {
			t.Helper()
			if err := s.LinkArticle(ctx, id, rapporteur.ArticleLink{DuplicateOf: dup, StoryKey: key, StoryTitle: "Exchange"}); err != nil {
				t.Fatal(err)
			}
		}
		ids := map[int]int64{}
		for k, i := range rng.Perm(n) {
			ids[i] = put(t, s, arts[i]).ID
			link(ids[i], 0)
			if i == 5 {
				// Article 5 is stored again with its first statement
				// denying instead, and linked again.
				arts[i].Statements[0].Act = rapporteur.ActDeny
				if got := put(t, s, arts[i]).ID; got != ids[i] {
					t.Fatalf("stored again as %d, want %d", got, ids[i])
				}
				link(ids[i], 0)
			}
			if k == n/2 {
				// The first article stored becomes a copy of this one,
				// then an original again.
				for j, id := range ids {
					if j != i {
						link(id, ids[i])
						link(id, 0)
						break
					}
				}
			}
		}
		story := storyID(t, s, ids[0])
		th, err := s.StoryThread(ctx, story, rapporteur.ThreadFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		got := replies(th)
		if err := s.MergeStories(ctx, key, key+"-scratch"); err != nil {
			t.Fatal(err)
		}
		th, err = s.StoryThread(ctx, storyID(t, s, ids[0]), rapporteur.ThreadFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		scratch := replies(th)
		if !slices.Equal(got, scratch) {
			t.Errorf("order %d: threaded as the articles came:\n%s\nthreaded from scratch:\n%s", trial, strings.Join(got, "\n"), strings.Join(scratch, "\n"))
		}
		links := 0
		for _, l := range got {
			if strings.Contains(l, " <- ") {
				links++
			}
		}
		if links < 5 {
			t.Errorf("order %d: %d replies; the exchange should link several", trial, links)
		}
		if trial == 0 {
			want = scratch
		} else if !slices.Equal(scratch, want) {
			t.Errorf("order %d: thread\n%s\nwant, as in order 0:\n%s", trial, strings.Join(scratch, "\n"), strings.Join(want, "\n"))
		}
	}
}

// testThreadBatch links most of a story in one LinkArticles call: new
// articles, an article linked earlier that becomes a copy and an original
// again, one that moves to another story and one that moves in. The
// thread is the one the story's articles give threaded from scratch, and
// both stories count and span the articles they hold, as linking them
// one by one leaves them.
func testThreadBatch(t *testing.T, s Threads) {
	const n = 24
	arts := Exchange(n)
	ids := make([]int64, n)
	for i := range arts {
		arts[i].URL = strings.Replace(arts[i].URL, ".example/", ".example/batch/", 1)
		ids[i] = put(t, s, arts[i]).ID
	}
	in := func(id, dup int64, key string) rapporteur.LinkItem {
		return rapporteur.LinkItem{ID: id, Link: rapporteur.ArticleLink{DuplicateOf: dup, StoryKey: key, StoryTitle: key}}
	}
	var first []rapporteur.LinkItem
	for i := range 8 {
		key := "batch"
		if i == 7 {
			key = "elsewhere" // moves in with the batch
		}
		first = append(first, in(ids[i], 0, key))
	}
	if err := s.LinkArticles(ctx, first); err != nil {
		t.Fatal(err)
	}
	var batch []rapporteur.LinkItem
	for i := 8; i < n; i++ {
		batch = append(batch, in(ids[i], 0, "batch"))
		switch i {
		case 12:
			batch = append(batch, in(ids[1], ids[12], "batch"), in(ids[2], 0, "other"))
		case 16:
			batch = append(batch, in(ids[1], 0, "batch"), in(ids[7], 0, "batch"))
		}
	}
	if err := s.LinkArticles(ctx, batch); err != nil {
		t.Fatal(err)
	}
	story := storyID(t, s, ids[0])
	th, err := s.StoryThread(ctx, story, rapporteur.ThreadFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	got := replies(th)
	if len(got) < 10 {
		t.Fatalf("%d statements in the thread", len(got))
	}
	for _, c := range []struct {
		id    int64
		key   string
		count int
	}{{ids[0], "batch", n - 1}, {ids[2], "other", 1}} {
		st, err := s.Story(ctx, storyID(t, s, c.id))
		if err != nil {
			t.Fatal(err)
		}
		if st.Key != c.key || st.ArticleCount != c.count || len(st.Articles) != c.count {
			t.Errorf("story %q counts %d articles and lists %d, want %q with %d", st.Key, st.ArticleCount, len(st.Articles), c.key, c.count)
		}
		var lo, hi time.Time
		for _, a := range st.Articles {
			if lo.IsZero() || a.Date.Before(lo) {
				lo = a.Date
			}
			if a.Date.After(hi) {
				hi = a.Date
			}
		}
		if !st.First.Equal(lo) || !st.Last.Equal(hi) {
			t.Errorf("story %q spans %v to %v, its articles %v to %v", st.Key, st.First, st.Last, lo, hi)
		}
	}
	if err := s.MergeStories(ctx, "batch", "batch-scratch"); err != nil {
		t.Fatal(err)
	}
	th, err = s.StoryThread(ctx, storyID(t, s, ids[0]), rapporteur.ThreadFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if scratch := replies(th); !slices.Equal(got, scratch) {
		t.Errorf("linked in a batch:\n%s\nthreaded from scratch:\n%s", strings.Join(got, "\n"), strings.Join(scratch, "\n"))
	}
}

// testThreadWithin: a reply within an article (the act stage's
// responds_to, by statement index) shows under what it answers, not
// across articles, beside the replies across.
func testThreadWithin(t *testing.T, s Threads) {
	ids := storeContested(t, s, "within", contested[:1])
	both := Article("https://both.example/within", "Reply", "Wang Yi said the talks failed. Officials said the weather was mild. Li Wei said that is false.", Day.AddDate(0, 0, 3),
		Quote{Content: "the talks failed", Speaker: "Wang Yi", Cue: "said"}, Quote{Content: "the weather was mild", Speaker: "Officials", Cue: "said"},
		Quote{Content: "that is false", Speaker: "Li Wei", Cue: "said"})
	both.Statements[0].Act = rapporteur.ActAccuse
	both.Statements[0].Target = &rapporteur.Target{Name: "Li Wei", Type: rapporteur.Person}
	both.Statements[1].Act = rapporteur.ActAssert
	both.Statements[2].Act = rapporteur.ActDeny
	both.Statements[2].RespondsTo = []rapporteur.Reply{{Statement: 0}}
	id := put(t, s, both).ID
	if err := s.LinkArticle(ctx, id, rapporteur.ArticleLink{StoryKey: "within", StoryTitle: "UN report"}); err != nil {
		t.Fatal(err)
	}
	th, err := s.StoryThread(ctx, storyID(t, s, ids["report"]), rapporteur.ThreadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"UN report accuse→China", "Wang Yi accuse→Li Wei", "  Li Wei deny"}
	if got := render(th); !slices.Equal(got, want) {
		t.Fatalf("thread:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := th.Nodes[2]; n.Across || n.Parent != th.Nodes[1].Statement.ID {
		t.Errorf("denial: parent %d across %v, want %d within its article", n.Parent, n.Across, th.Nodes[1].Statement.ID)
	}
}

// testThreadAnswersAssertion: a reply within an article to a statement
// the act stage took for a plain assertion shows under it: the thread
// does not list assertions, but the one a reply answers is what the
// reader needs to see, not a reply standing alone.
func testThreadAnswersAssertion(t *testing.T, s Threads) {
	ids := storeContested(t, s, "asserted", contested[:1])
	a := Article("https://claims.example/won", "Claims", "Trump said he had won the election. Officials said there was no fraud. Schwarzman said the outcome is certain.", Day.AddDate(0, 0, 3),
		Quote{Content: "he had won the election", Speaker: "Trump", Cue: "said"}, Quote{Content: "there was no fraud", Speaker: "Officials", Cue: "said"},
		Quote{Content: "the outcome is certain", Speaker: "Schwarzman", Cue: "said"})
	a.Statements[0].Act = rapporteur.ActAssert
	a.Statements[1].Act = rapporteur.ActAssert
	a.Statements[2].Act = rapporteur.ActCriticize
	a.Statements[2].Target = &rapporteur.Target{Name: "Trump", Type: rapporteur.Person}
	a.Statements[2].RespondsTo = []rapporteur.Reply{{Statement: 0}}
	id := put(t, s, a).ID
	if err := s.LinkArticle(ctx, id, rapporteur.ArticleLink{StoryKey: "asserted", StoryTitle: "UN report"}); err != nil {
		t.Fatal(err)
	}
	th, err := s.StoryThread(ctx, storyID(t, s, ids["report"]), rapporteur.ThreadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"UN report accuse→China", "Trump assert", "  Schwarzman criticize→Trump"}
	if got := render(th); !slices.Equal(got, want) {
		t.Fatalf("thread:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if th.Total != 3 {
		t.Errorf("total %d, want 3", th.Total)
	}
	if n := th.Nodes[2]; n.Across || n.Parent != th.Nodes[1].Statement.ID {
		t.Errorf("reply: parent %d across %v, want %d within its article", n.Parent, n.Across, th.Nodes[1].Statement.ID)
	}
}

// testThreadRole: a target that names the earlier speaker by role alone
// ("the Pope") answers that speaker's statement.
func testThreadRole(t *testing.T, s Threads) {
	xs := []threadArticle{
		{name: "pope", url: "https://rome.example/pope", text: "Pope Francis said the arms trade is a crime against humanity.",
			content: "the arms trade is a crime against humanity", speaker: "Francis", role: "Pope", act: rapporteur.ActAccuse, target: "arms trade", day: 0},
		{name: "reply", url: "https://wire.example/reply", text: "Ivan Petrov said the Pope was wrong about the arms trade.",
			content: "the Pope was wrong about the arms trade", speaker: "Ivan Petrov", act: rapporteur.ActCriticize, target: "the Pope", day: 1},
	}
	ids := storeContested(t, s, "pope", xs)
	th, err := s.StoryThread(ctx, storyID(t, s, ids["pope"]), rapporteur.ThreadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Francis accuse→arms trade", "  Ivan Petrov criticize→the Pope"}
	if got := render(th); !slices.Equal(got, want) {
		t.Errorf("thread:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// testThreadMerge puts the accusation and the denial in two stories, then
// merges them: the merged thread links them, from either story's id.
func testThreadMerge(t *testing.T, s Threads) {
	ids := storeContested(t, s, "first", contested[:1])
	more := storeContested(t, s, "second", []threadArticle{contested[1], contested[3]})
	if err := s.MergeStories(ctx, "second", "first"); err != nil {
		t.Fatal(err)
	}
	want := []string{wantContested[0], "  Zhang Jun deny→UN report", wantContested[2]}
	for _, id := range []int64{storyID(t, s, ids["report"]), storyID(t, s, more["denial"])} {
		th, err := s.StoryThread(ctx, id, rapporteur.ThreadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := render(th); !slices.Equal(got, want) {
			t.Errorf("merged thread:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// testThreadPaged stores a story of 60 accusations and denials and pages
// through its thread 7 statements at a time.
func testThreadPaged(t *testing.T, s Threads) {
	var items []rapporteur.PutItem
	for i := range 30 {
		acc := threadArticle{url: fmt.Sprintf("https://a.example/%d", i), text: fmt.Sprintf("Report %d said Acme%d dumped waste.", i, i),
			content: fmt.Sprintf("Acme%d dumped waste", i), speaker: fmt.Sprintf("Report %d", i), typ: rapporteur.Document, act: rapporteur.ActAccuse, target: fmt.Sprintf("Acme%d", i), day: i}
		den := threadArticle{url: fmt.Sprintf("https://b.example/%d", i), text: fmt.Sprintf("Acme%d said the Report %d is false.", i, i),
			content: fmt.Sprintf("the Report %d is false", i), speaker: fmt.Sprintf("Acme%d", i), typ: rapporteur.Organization, act: rapporteur.ActDeny, target: fmt.Sprintf("Report %d", i), day: i}
		items = append(items, rapporteur.PutItem{Article: acc.article()}, rapporteur.PutItem{Article: den.article()})
	}
	res, errs := s.PutArticles(ctx, items)
	var links []rapporteur.LinkItem
	for i, r := range res {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		links = append(links, rapporteur.LinkItem{ID: r.ID, Link: rapporteur.ArticleLink{StoryKey: "long", StoryTitle: "Waste"}})
	}
	if err := s.LinkArticles(ctx, links); err != nil {
		t.Fatal(err)
	}
	story := storyID(t, s, res[0].ID)
	var got []string
	f := rapporteur.ThreadFilter{Limit: 7}
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("paging does not end")
		}
		th, err := s.StoryThread(ctx, story, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(th.Nodes) > 7 || th.Total != 60 {
			t.Fatalf("page of %d nodes, total %d; want at most 7 of 60", len(th.Nodes), th.Total)
		}
		got = append(got, render(th)...)
		if th.Next == "" {
			break
		}
		f.Cursor = th.Next
	}
	if len(got) != 60 {
		t.Fatalf("%d statements over the pages, want 60", len(got))
	}
	for i := 0; i < 60; i += 2 {
		if strings.HasPrefix(got[i], " ") || !strings.HasPrefix(got[i+1], "  Acme") {
			t.Fatalf("statements %d, %d: %q, %q; want each report with its denial under it", i, i+1, got[i], got[i+1])
		}
	}
}

func testThreadNotFound(t *testing.T, s Threads) {
	_, err := s.StoryThread(ctx, 4242, rapporteur.ThreadFilter{})
	if rapporteur.ErrorCode(err) != rapporteur.ENOTFOUND {
		t.Errorf("unknown story: %v, want ENOTFOUND", err)
	}
	_, err = s.StoryThread(ctx, 4242, rapporteur.ThreadFilter{Cursor: "garbage"})
	if rapporteur.ErrorCode(err) != rapporteur.EINVALID {
		t.Errorf("bad cursor: %v, want EINVALID", err)
	}
}

// RunActSearch runs the contract of the search fields act: and target:
// (issue 11): on statements they read the statement's own act and
// target, on articles any of their statements'; act:deny speaker:X finds
// the denials by X; a target matches by whole words of its name.
func RunActSearch(t *testing.T, open Open) {
	s := open(t)
	defer s.Close()
	testSearchActs(t, s)
}

func testSearchActs(t *testing.T, s rapporteur.Store) {
	ids := storeContested(t, s, "un", contested)
	for _, tc := range []struct {
		q    string
		want []string // speakers of the statements found
	}{
		{"act:deny", []string{"Zhang Jun"}},
		{"act:DENY", []string{"Zhang Jun"}},
		{`act:deny speaker:"Zhang Jun"`, []string{"Zhang Jun"}},
		{`act:deny speaker:Callamard`, nil},
		{"act:accuse OR act:criticize", []string{"Agnes Callamard", "UN report"}},
		{"act:assert", []string{"officials"}},
		{`target:"UN report"`, []string{"Zhang Jun"}},
		{"target:report", []string{"Zhang Jun"}},
		{"target:rep", nil},
		{"target:rep*", []string{"Zhang Jun"}},
		{`target:"zhang jun" hollow`, []string{"Agnes Callamard"}},
		{"-act:assert target:china", []string{"UN report"}},
	} {
		got, err := statementSpeakers(s, tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("statements %s: %q, want %q", tc.q, got, tc.want)
		}
	}
	page, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: "act:accuse"})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != ids["report"] {
		t.Errorf("articles act:accuse: %+v, %v; want the report", page.Items, err)
	}
	page, err = s.Articles(ctx, rapporteur.ArticleFilter{Query: `target:"UN report"`, Duplicates: true})
	if err != nil || len(page.Items) != 2 {
		t.Errorf("articles target:\"UN report\" with copies: %d, %v; want the denial and its copy", len(page.Items), err)
	}
	for _, q := range []string{"act:lie", "act:den*"} {
		if _, err := s.Statements(ctx, rapporteur.StatementFilter{Query: q}); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
			t.Errorf("%s: %v, want EINVALID", q, err)
		}
	}
}

// RunAnswerSearch runs the contract of the search field answers: (issue
// 11): the statements that answer a statement of the speaker named,
// across the articles of a story (the story's thread) or within one
// article (its responds_to); on articles, the articles holding one. A
// saved search answers:"Zhang Jun" alerts on any answer to him.
func RunAnswerSearch(t *testing.T, open OpenThreads) {
	s := open(t)
	defer s.Close()
	ids := storeContested(t, s, "un", contested)
	// Within one article: Li Wei answers Wang Yi.
	both := Article("https://both.example/reply", "Reply", "Wang Yi said the talks failed. Li Wei said that is false.", Day.AddDate(0, 0, 3),
		Quote{Content: "the talks failed", Speaker: "Wang Yi", Cue: "said"}, Quote{Content: "that is false", Speaker: "Li Wei", Cue: "said"})
	both.Statements[0].Act = rapporteur.ActAccuse
	both.Statements[0].Target = &rapporteur.Target{Name: "Li Wei", Type: rapporteur.Person}
	both.Statements[1].Act = rapporteur.ActDeny
	both.Statements[1].RespondsTo = []rapporteur.Reply{{Article: "", Statement: 0}}
	bothID := put(t, s, both).ID
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{`answers:"UN report"`, []string{"Zhang Jun"}},
		{`answers:"Zhang Jun"`, []string{"Agnes Callamard"}},
		{`answers:"Wang Yi"`, []string{"Li Wei"}},
		{`answers:"Li Wei"`, nil},
		{`answers:"Agnes Callamard"`, nil},
	} {
		page, err := s.Statements(ctx, rapporteur.StatementFilter{Query: tc.q})
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		var got []string
		for _, st := range page.Items {
			got = append(got, st.Speaker.Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("statements %s: %q, want %q", tc.q, got, tc.want)
		}
	}
	for q, want := range map[string][]int64{
		`answers:"Zhang Jun"`:          {ids["answer"]},
		`answers:"Wang Yi"`:            {bothID},
		`answers:"Zhang Jun" act:deny`: nil,
	} {
		page, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: q})
		if err != nil {
			t.Errorf("articles %s: %v", q, err)
			continue
		}
		var got []int64
		for _, a := range page.Items {
			got = append(got, a.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("articles %s: %v, want %v", q, got, want)
		}
	}
}

// ThreadBackfiller is a threading store that can thread the stories
// linked before it threaded them (see sqlite.DB.BackfillThreads).
type ThreadBackfiller interface {
	Threads
	BackfillThreads(ctx context.Context, after int64, limit int) (next int64, threaded int, err error)
}

// RunThreadBackfill runs the contract of the thread backfill: stories
// whose thread links are missing (unthread drops a story's, as a store
// linked before threading existed has none) get the links they would
// have had, in batches that go on from where the last stopped, and
// stories threaded already keep theirs.
func RunThreadBackfill(t *testing.T, open func(t *testing.T) ThreadBackfiller, unthread func(t *testing.T, s ThreadBackfiller, story int64)) {
	s := open(t)
	defer s.Close()
	var stories []int64
	var want [][]string
	for k := range 5 {
		arts := Exchange(8)
		for i := range arts {
			arts[i].URL = strings.Replace(arts[i].URL, ".example/", fmt.Sprintf(".example/backfill%d/", k), 1)
		}
		var first int64
		for _, a := range arts {
			id := put(t, s, a).ID
			if first == 0 {
				first = id
			}
			if err := s.LinkArticle(ctx, id, rapporteur.ArticleLink{StoryKey: fmt.Sprintf("backfill-%d", k), StoryTitle: "Exchange"}); err != nil {
				t.Fatal(err)
			}
		}
		story := storyID(t, s, first)
		th, err := s.StoryThread(ctx, story, rapporteur.ThreadFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		stories, want = append(stories, story), append(want, replies(th))
	}
	for _, story := range stories[1:] {
		unthread(t, s, story)
	}
	th, err := s.StoryThread(ctx, stories[1], rapporteur.ThreadFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if got := replies(th); slices.Equal(got, want[1]) {
		t.Fatal("unthread left the story's links")
	}
	// Two stories a batch: three batches, then none.
	var after int64
	total := 0
	for batch := 0; ; batch++ {
		if batch > 5 {
			t.Fatal("backfill does not end")
		}
		next, n, err := s.BackfillThreads(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if next == 0 {
			break
		}
		if next <= after {
			t.Fatalf("batch %d: next %d after %d", batch, next, after)
		}
		after, total = next, total+n
	}
	if total != 4 {
		t.Errorf("backfill threaded %d stories, want the 4 without links", total)
	}
	for k, story := range stories {
		th, err := s.StoryThread(ctx, story, rapporteur.ThreadFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if got := replies(th); !slices.Equal(got, want[k]) {
			t.Errorf("story %d after the backfill:\n%s\nwant:\n%s", k, strings.Join(got, "\n"), strings.Join(want[k], "\n"))
		}
	}
	// Done: a new backfill finds nothing.
	if next, n, err := s.BackfillThreads(ctx, 0, 100); err != nil || next != 0 || n != 0 {
		t.Errorf("second backfill: next %d, threaded %d, %v; want nothing to do", next, n, err)
	}
}

// statementSpeakers returns the speaker names of the statements query q
// finds (one page), sorted.
func statementSpeakers(s rapporteur.Store, q string) ([]string, error) {
	page, err := s.Statements(ctx, rapporteur.StatementFilter{Query: q})
	if err != nil {
		return nil, err
	}
	var got []string
	for _, st := range page.Items {
		got = append(got, st.Speaker.Name)
	}
	slices.Sort(got)
	return got, nil
}

// testThreadDates: a story's undated article (a PostgreSQL store keeps it
// in the month it was stored) and an article written again with another
// date (its row moves to that month) stay in the story's page, its
// related articles and its thread, also when it is threaded again.
func testThreadDates(t *testing.T, s Threads) {
	ids := map[string]int64{}
	for _, x := range contested {
		a := x.article()
		if x.name == "answer" {
			a.Published = nil
		}
		ids[x.name] = put(t, s, a).ID
		if err := s.LinkArticle(ctx, ids[x.name], rapporteur.ArticleLink{DuplicateOf: ids[x.copyOf], StoryKey: "dates", StoryTitle: "UN report"}); err != nil {
			t.Fatalf("link %s: %v", x.name, err)
		}
	}
	story := storyID(t, s, ids["denial"])
	check := func(when string) {
		t.Helper()
		th, err := s.StoryThread(ctx, story, rapporteur.ThreadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := render(th); !slices.Equal(got, wantContested) {
			t.Errorf("%s: thread:\n%s\nwant:\n%s", when, strings.Join(got, "\n"), strings.Join(wantContested, "\n"))
		}
		st, err := s.Story(ctx, story)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, a := range st.Articles {
			got = append(got, a.ID)
		}
		checkPages(t, when+": story articles", got, []int64{ids["report"], ids["denial"], ids["copy"], ids["answer"], ids["aside"]})
		r, err := s.Related(ctx, ids["answer"])
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, a := range r.Others {
			got = append(got, a.ID)
		}
		checkPages(t, when+": related to the answer", got, []int64{ids["report"], ids["denial"], ids["aside"]})
	}
	check("stored")
	// Written again a year earlier, and linked again as the linker links
	// every article written.
	report := contested[0].article()
	earlier := Day.AddDate(-1, 0, 0)
	report.Published = &earlier
	if id := put(t, s, report).ID; id != ids["report"] {
		t.Fatalf("report written again as %d, want %d", id, ids["report"])
	}
	if err := s.LinkArticle(ctx, ids["report"], rapporteur.ArticleLink{StoryKey: "dates", StoryTitle: "UN report"}); err != nil {
		t.Fatal(err)
	}
	check("written again")
	// Linked again: the story is threaded again from its statements.
	if err := s.LinkArticle(ctx, ids["aside"], rapporteur.ArticleLink{StoryKey: "dates", StoryTitle: "UN report"}); err != nil {
		t.Fatal(err)
	}
	check("threaded again")
}
