package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/thread"
)

// StoryThreadArticle is one line of a story threads gold file (README,
// "Replies across articles"): an article of a multi-article story, its
// date, and the gold statements that answer, or are answered by, a
// statement of another article of the story. RespondsTo names the
// statement answered by its article's id and its index in that line's
// Statements.
type StoryThreadArticle struct {
	ID         string                 `json:"id"`
	Story      string                 `json:"story"`
	Published  string                 `json:"published"`
	Title      string                 `json:"title,omitempty"`
	URL        string                 `json:"url,omitempty"`
	Text       string                 `json:"text"`
	Statements []StoryThreadStatement `json:"statements"`
}

// StoryThreadStatement is one gold statement of a story threads gold.
type StoryThreadStatement struct {
	Content    rapporteur.Span `json:"content"`
	Speaker    string          `json:"speaker,omitempty"`
	Act        string          `json:"act"`
	Target     string          `json:"target,omitempty"`
	RespondsTo []GoldReply     `json:"responds_to,omitempty"`
}

// GoldReply points at a gold statement of another article.
type GoldReply struct {
	Article   string `json:"article"`
	Statement int    `json:"statement"`
}

// ReadStoryThreads reads a story threads gold file and checks its links:
// each names a statement of an earlier-or-same-day article of the same
// story.
func ReadStoryThreads(path string) ([]StoryThreadArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []StoryThreadArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var a StoryThreadArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if a.Story == "" {
			return nil, fmt.Errorf("line %d: no story", n)
		}
		if _, err := time.Parse(time.DateOnly, a.Published); err != nil {
			return nil, fmt.Errorf("line %d: published: %w", n, err)
		}
		for i, s := range a.Statements {
			if !acts[s.Act] {
				return nil, fmt.Errorf("line %d: statement %d: unknown act %q", n, i, s.Act)
			}
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	at := map[string]*StoryThreadArticle{}
	for i := range out {
		at[out[i].ID] = &out[i]
	}
	for _, a := range out {
		for i, s := range a.Statements {
			for _, r := range s.RespondsTo {
				p := at[r.Article]
				switch {
				case p == nil:
					return nil, fmt.Errorf("%s: statement %d answers unknown article %q", a.ID, i, r.Article)
				case p.Story != a.Story || p.ID == a.ID:
					return nil, fmt.Errorf("%s: statement %d answers %s, not another article of its story", a.ID, i, r.Article)
				case r.Statement < 0 || r.Statement >= len(p.Statements):
					return nil, fmt.Errorf("%s: statement %d answers statement %d of %s, out of range", a.ID, i, r.Statement, r.Article)
				case p.Published > a.Published:
					return nil, fmt.Errorf("%s: statement %d answers a later article %s", a.ID, i, r.Article)
				}
			}
		}
	}
	return out, nil
}

// StoryThreadResult is the score of replies across articles.
type StoryThreadResult struct {
	Stories  int `json:"stories"`
	Articles int `json:"articles"`
	// Replies counts links between statements of different articles: a
	// predicted link counts when both its ends align (content overlap, as
	// in ScoreThreads) to the ends of a gold link.
	Replies PRF `json:"replies"`
	// Aligned counts the gold statements in links that align to a
	// predicted statement at all (the ceiling of recall).
	Aligned Accuracy           `json:"aligned"`
	Errors  []StoryThreadError `json:"-"`
}

// StoryThreadError is one missed or wrong link, for reading: its ends,
// and what the prediction had at each (the aligned predicted statement's
// speaker, act and target; the gold statement's; the score of the pair).
type StoryThreadError struct {
	Story, Kind, From, To string
	FromPred, ToPred      string  `json:",omitempty"`
	FromGold, ToGold      string  `json:",omitempty"`
	Score                 float64 `json:",omitempty"`
}

// ScoreStoryThreads runs x on every gold article, threads each story's
// predicted statements with package thread (as the store does when the
// articles are linked into one story, every article an original) and
// scores the links across articles.
func ScoreStoryThreads(ctx context.Context, x Extractor, gold []StoryThreadArticle) (StoryThreadResult, error) {
	res := StoryThreadResult{Articles: len(gold)}
	rs, err := run(ctx, len(gold), x, func(i int) (string, string, string) { return gold[i].ID, gold[i].Title, gold[i].Text })
	if err != nil {
		return res, err
	}
	type end struct {
		article string
		index   int
	}
	// back maps a predicted statement to the gold statement it aligns to,
	// fore a gold statement to its predicted one.
	back := map[end]int{}
	fore := map[end]int{}
	node := map[end]*thread.Node{} // predicted statements with an act
	predOf := map[end]rapporteur.Statement{}
	goldOf := map[end]StoryThreadStatement{}
	var nodes []*thread.Node
	ref := map[int64]end{}
	stories := map[string]bool{}
	for k, g := range gold {
		if rs[k].err != nil {
			return res, fmt.Errorf("%s: %w", g.ID, rs[k].err)
		}
		stories[g.Story] = true
		pred := rs[k].article.Statements
		units := make([]ThreadStatement, len(g.Statements))
		for i, s := range g.Statements {
			units[i] = ThreadStatement{Content: s.Content}
		}
		for gi, pi := range alignStatements(units, pred) {
			if pi >= 0 {
				back[end{g.ID, pi}] = gi
				fore[end{g.ID, gi}] = pi
			}
		}
		for gi, s := range g.Statements {
			goldOf[end{g.ID, gi}] = s
		}
		day, _ := time.Parse(time.DateOnly, g.Published)
		for i, st := range pred {
			id := int64(len(ref) + 1)
			ref[id] = end{g.ID, i}
			n := &thread.Node{ID: id, Article: int64(k + 1), Time: day, Key: g.ID, Index: i, Act: st.Act,
				Speaker: st.Speaker.Name, SpeakerType: st.Speaker.Type, Affiliation: st.Speaker.Affiliation, Role: st.Speaker.Role,
				Answered: len(st.RespondsTo) > 0, Content: st.Content.Text}
			if st.Target != nil {
				n.Target = st.Target.Name
			}
			predOf[end{g.ID, i}] = st
			if thread.Answerable(n) {
				nodes = append(nodes, n)
				node[end{g.ID, i}] = n
			}
		}
	}
	res.Stories = len(stories)
	byStory := map[string][]*thread.Node{}
	storyOf := map[int64]string{}
	for k, g := range gold {
		storyOf[int64(k+1)] = g.Story
	}
	for _, n := range nodes {
		byStory[storyOf[n.Article]] = append(byStory[storyOf[n.Article]], n)
	}
	type link struct{ from, to end } // gold statement ends
	goldLinks := map[link]bool{}
	for _, g := range gold {
		for gi, s := range g.Statements {
			for _, r := range s.RespondsTo {
				goldLinks[link{end{g.ID, gi}, end{r.Article, r.Statement}}] = true
			}
		}
	}
	aligned := map[end]bool{}
	for e, gi := range back {
		aligned[end{e.article, gi}] = true
	}
	seen := map[end]bool{}
	for l := range goldLinks {
		for _, e := range []end{l.from, l.to} {
			if !seen[e] {
				seen[e] = true
				res.Aligned.count(aligned[e])
			}
		}
	}
	res.Replies.Gold = len(goldLinks)
	found := map[link]bool{}
	keys := make([]string, 0, len(byStory))
	for k := range byStory {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, story := range keys {
		for _, l := range thread.Links(byStory[story]) {
			res.Replies.Pred++
			pf, pt := ref[l.From], ref[l.To]
			gf, ok1 := back[pf]
			gt, ok2 := back[pt]
			gl := link{end{pf.article, gf}, end{pt.article, gt}}
			if ok1 && ok2 && goldLinks[gl] && !found[gl] {
				found[gl] = true
				res.Replies.Matched++
				res.Replies.MatchedPred++
				continue
			}
			e := StoryThreadError{Story: story, Kind: "wrong link", Score: l.Score,
				From: fmt.Sprintf("%s[%d]", pf.article, pf.index), To: fmt.Sprintf("%s[%d]", pt.article, pt.index),
				FromPred: describePred(predOf[pf]), ToPred: describePred(predOf[pt])}
			if ok1 {
				e.FromGold = describeGold(goldOf[end{pf.article, gf}])
			}
			if ok2 {
				e.ToGold = describeGold(goldOf[end{pt.article, gt}])
			}
			res.Errors = append(res.Errors, e)
		}
	}
	for l := range goldLinks {
		if !found[l] {
			e := StoryThreadError{Kind: "missed link",
				From: fmt.Sprintf("%s gold[%d]", l.from.article, l.from.index), To: fmt.Sprintf("%s gold[%d]", l.to.article, l.to.index),
				FromGold: describeGold(goldOf[l.from]), ToGold: describeGold(goldOf[l.to]), FromPred: "(not aligned)", ToPred: "(not aligned)"}
			pf, ok1 := fore[l.from]
			pt, ok2 := fore[l.to]
			if ok1 {
				e.FromPred = describePred(predOf[end{l.from.article, pf}])
			}
			if ok2 {
				e.ToPred = describePred(predOf[end{l.to.article, pt}])
			}
			if ok1 && ok2 {
				c, p := node[end{l.from.article, pf}], node[end{l.to.article, pt}]
				if c != nil && p != nil {
					e.Score = thread.Score(c, p)
				}
			}
			res.Errors = append(res.Errors, e)
		}
	}
	sort.Slice(res.Errors, func(i, j int) bool {
		a, b := res.Errors[i], res.Errors[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.From < b.From
	})
	res.Aligned.finish()
	res.Replies.finish()
	return res, nil
}

// describePred and describeGold write a statement's speaker, act and
// target, and the start of its words, for an errors file.
func describePred(st rapporteur.Statement) string {
	t := ""
	if st.Target != nil {
		t = st.Target.Name
	}
	replies := ""
	if len(st.RespondsTo) > 0 {
		replies = " (answers within its article)"
	}
	return fmt.Sprintf("%s [%s; role %q of %q] %s → %q%s: %s", st.Speaker.Name, st.Speaker.Type, st.Speaker.Role, st.Speaker.Affiliation,
		st.Act, t, replies, clipWords(st.Content.Text, 90))
}

func describeGold(st StoryThreadStatement) string {
	return fmt.Sprintf("%s %s → %q: %s", st.Speaker, st.Act, st.Target, clipWords(st.Content.Text, 90))
}

func clipWords(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
