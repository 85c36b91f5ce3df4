package act_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/act"
	"github.com/rapporteur/rapporteur/eval"
)

// TestReplyCeiling is run by hand (RAPPORTEUR_REPLY_CEILING=gold, or
// train-second, heldout, stories, stories-heldout: a file of
// testdata/threads): it scores the
// within-article replies three ways, with the acts and targets the act
// stage reads, with the gold's acts given to every statement aligned to a
// gold one, and with the gold's acts and targets, so that the reply
// linker's share of the reply errors can be told from the act stage's.
func TestReplyCeiling(t *testing.T) {
	name := os.Getenv("RAPPORTEUR_REPLY_CEILING")
	if name == "" {
		t.Skip("set RAPPORTEUR_REPLY_CEILING to a threads gold name (gold, train-second, heldout, stories, stories-heldout)")
	}
	if strings.HasPrefix(name, "stories") {
		storyCeiling(t, name)
		return
	}
	gold, err := eval.ReadThreads(filepath.Join("..", "..", "testdata", "threads", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string][]eval.ThreadStatement{}
	for _, g := range gold {
		byID[g.ID] = g.Statements
	}
	p := stages(t)
	defer act.SetGivenActs(nil)
	for _, mode := range ceilingModes {
		act.SetGivenActs(givenGold(mode, byID))
		res, err := eval.ScoreThreads(context.Background(), func(id, title, text string) (rapporteur.Article, error) {
			return p.Verbatim(id, title, text)
		}, gold)
		if err != nil {
			t.Fatal(err)
		}
		r := res.Replies
		fmt.Printf("%s, %s: act macro-F1 %.3f; replies P %.3f R %.3f F1 %.3f (%d gold, %d predicted, %.0f right)\n",
			name, mode, res.MacroF1, r.Precision, r.Recall, r.F1, r.Gold, r.Pred, r.Matched)
	}
}

// storyCeiling is TestReplyCeiling for replies across the articles of a
// story: the gold of a stories file holds only the statements in links, and
// those get the gold's act (and target) before their article is threaded.
func storyCeiling(t *testing.T, name string) {
	gold, err := eval.ReadStoryThreads(filepath.Join("..", "..", "testdata", "threads", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string][]eval.ThreadStatement{}
	for _, g := range gold {
		for _, s := range g.Statements {
			byID[g.ID] = append(byID[g.ID], eval.ThreadStatement{Content: s.Content, Speaker: s.Speaker, Act: s.Act, Target: s.Target})
		}
	}
	p := stages(t)
	defer act.SetGivenActs(nil)
	for _, mode := range ceilingModes {
		act.SetGivenActs(givenGold(mode, byID))
		res, err := eval.ScoreStoryThreads(context.Background(), func(id, title, text string) (rapporteur.Article, error) {
			return p.Verbatim(id, title, text)
		}, gold)
		if err != nil {
			t.Fatal(err)
		}
		r := res.Replies
		fmt.Printf("%s, %s: replies across P %.3f R %.3f F1 %.3f (%d gold, %d predicted, %.0f right)\n",
			name, mode, r.Precision, r.Recall, r.F1, r.Gold, r.Pred, r.Matched)
	}
}

// ceilingModes are the three readings TestReplyCeiling scores.
var ceilingModes = []string{"read", "gold acts", "gold acts and targets"}

// givenGold is the act stage's hook for a ceiling mode: nothing for
// "read"; otherwise every statement aligned to a gold statement of its
// article (byID) gets the gold's act, and its target too in "gold acts
// and targets".
func givenGold(mode string, byID map[string][]eval.ThreadStatement) func(string, []rapporteur.Statement) {
	if mode == "read" {
		return nil
	}
	return func(id string, sts []rapporteur.Statement) {
		g := byID[id]
		for gi, pi := range eval.AlignThreads(g, sts) {
			if pi < 0 {
				continue
			}
			sts[pi].Act = g[gi].Act
			if mode == "gold acts and targets" {
				sts[pi].Target = nil
				if tg := g[gi].Target; tg != "" {
					sts[pi].Target = &rapporteur.Target{Name: tg, Type: rapporteur.Unknown}
				}
			}
		}
	}
}
