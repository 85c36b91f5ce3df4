package eval

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestScoreThreads scores a fake extractor against a two-statement gold:
// one act right, one wrong, the one gold link found.
func TestScoreThreads(t *testing.T) {
	gold := []ThreadArticle{{ID: "a", Text: "0123456789abcdefghij", Statements: []ThreadStatement{
		{Content: rapporteur.Span{Start: 0, End: 10}, Act: rapporteur.ActAccuse},
		{Content: rapporteur.Span{Start: 10, End: 20}, Act: rapporteur.ActDeny, Target: "UN report", RespondsTo: []int{0}},
	}}}
	x := func(id, title, text string) (rapporteur.Article, error) {
		return rapporteur.Article{ID: id, Text: text, Statements: []rapporteur.Statement{
			{Content: rapporteur.Span{Start: 11, End: 20}, Act: rapporteur.ActDeny, Target: &rapporteur.Target{Name: "the UN Report"}, RespondsTo: []rapporteur.Reply{{Article: id, Statement: 1}}},
			{Content: rapporteur.Span{Start: 0, End: 8}, Act: rapporteur.ActAssert},
		}}, nil
	}
	res, err := ScoreThreads(context.Background(), x, gold)
	if err != nil {
		t.Fatal(err)
	}
	if res.Aligned.Correct != 2 || res.Act.Correct != 1 || res.Act.Total != 2 {
		t.Errorf("aligned %+v act %+v", res.Aligned, res.Act)
	}
	if d := res.PerAct[rapporteur.ActDeny]; d.F1 != 1 {
		t.Errorf("deny %+v", d)
	}
	if a := res.PerAct[rapporteur.ActAccuse]; a.Gold != 1 || a.Pred != 0 || a.Recall != 0 {
		t.Errorf("accuse %+v", a)
	}
	// Two acts occur (accuse in the gold, deny in both): the four absent
	// acts do not count.
	if want := 1.0 / 2; math.Abs(res.MacroF1-want) > 1e-9 {
		t.Errorf("macro-F1 %v, want %v", res.MacroF1, want)
	}
	if res.Target.Correct != 1 || res.Target.Total != 1 {
		t.Errorf("target %+v", res.Target)
	}
	if sameName("UN", "UNESCO") || !sameName("report", "UN report") {
		t.Error("sameName matches parts of words, or misses whole ones")
	}
	if r := res.Replies; r.Gold != 1 || r.Pred != 1 || r.F1 != 1 {
		t.Errorf("replies %+v", r)
	}
}

// TestRepliesToSameWords: the gold holds two readings of one quotation by
// one speaker with one act ("According to the BBC, he said, "We demand …""
// and ""We demand …""); a reply linked to either is the gold's link, found
// once. Readings of one speaker with different acts (a partial admission)
// stay two statements.
func TestRepliesToSameWords(t *testing.T) {
	span := func(a, b int) rapporteur.Span { return rapporteur.Span{Start: a, End: b} }
	gold := []ThreadArticle{{ID: "a", Text: "0123456789abcdefghijklmnopqrstuvwxyz", Statements: []ThreadStatement{
		{Content: span(0, 12), Speaker: "Tom Lee", Act: rapporteur.ActDemand},
		{Content: span(4, 12), Speaker: "Tom Lee", Act: rapporteur.ActDemand},
		{Content: span(12, 20), Speaker: "officials", Act: rapporteur.ActDeny, RespondsTo: []int{0}},
		{Content: span(20, 28), Speaker: "Ann Roe", Act: rapporteur.ActConfirm},
		{Content: span(22, 28), Speaker: "Ann Roe", Act: rapporteur.ActDeny},
		{Content: span(28, 36), Speaker: "Bo Li", Act: rapporteur.ActCriticize, RespondsTo: []int{3}},
	}}}
	for _, c := range []struct {
		name   string
		links  [][2]int // predicted child → parent, as gold indices (predictions mirror the gold spans)
		right  float64
		missed int
	}{
		{"the reading the gold links", [][2]int{{2, 0}}, 1, 1},
		{"the other reading of the same words", [][2]int{{2, 1}}, 1, 1},
		{"both readings: one right, one wrong", [][2]int{{2, 0}, {2, 1}}, 1, 1},
		{"a reading of another act", [][2]int{{5, 4}}, 0, 2},
	} {
		x := func(id, title, text string) (rapporteur.Article, error) {
			a := rapporteur.Article{ID: id, Text: text}
			for _, g := range gold[0].Statements {
				a.Statements = append(a.Statements, rapporteur.Statement{Content: g.Content, Act: g.Act})
			}
			for _, l := range c.links {
				a.Statements[l[0]].RespondsTo = append(a.Statements[l[0]].RespondsTo, rapporteur.Reply{Article: id, Statement: l[1]})
			}
			return a, nil
		}
		res, err := ScoreThreads(context.Background(), x, gold)
		if err != nil {
			t.Fatal(err)
		}
		r := res.Replies
		if r.Gold != 2 || r.Matched != c.right || r.Gold-int(r.Matched) != c.missed || r.Pred != len(c.links) {
			t.Errorf("%s: replies %+v, want 2 gold, %v right of %d", c.name, r, c.right, len(c.links))
		}
	}
}

// TestReadThreads reads the committed gold and rejects bad lines.
func TestReadThreads(t *testing.T) {
	arts, err := ReadThreads(filepath.Join("..", "testdata", "threads", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) < 10 {
		t.Errorf("%d gold articles, want at least 10", len(arts))
	}
	dir := t.TempDir()
	for name, line := range map[string]string{
		"act":   `{"id":"x","text":"ab","statements":[{"content":{"start":0,"end":1},"act":"shout"}]}`,
		"range": `{"id":"x","text":"ab","statements":[{"content":{"start":0,"end":1},"act":"deny","responds_to":[3]}]}`,
		"self":  `{"id":"x","text":"ab","statements":[{"content":{"start":0,"end":1},"act":"deny","responds_to":[0]}]}`,
	} {
		p := filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(p, []byte(line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadThreads(p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
