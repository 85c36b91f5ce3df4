package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
)

// storyReferences are the targets and the published number the
// issue quotes (Miranda et al. 2018 report F1 0.94 on their English
// benchmark; the metric there is not ours, so it is a context, not a
// comparison).
var storyReferences = map[string]reference{
	"stories pairwise":    {published: "0.94 (Miranda et al. 2018, other data)", target: "≥ 0.90"},
	"duplicates pairwise": {target: "≥ 0.95"},
}

// evalStories is `rapporteur eval stories GOLD PRED`.
func (c *EvalCommand) evalStories(args []string, asJSON bool) error {
	if len(args) != 2 {
		fmt.Fprintln(c.Main.Stderr, "rapporteur eval stories: give GOLD and PRED, JSON Lines {\"id\", \"story\" (or \"storyline\"), \"duplicate_of\"?}")
		return errUsage
	}
	// Every error of ReadStoryLabels is about the file the user named:
	// missing, unreadable or malformed.
	gold, storylines, err := eval.ReadGold(args[0])
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval stories: gold: %w", err)
	}
	read := eval.ReadStoryLabels
	if storylines {
		// A storyline gold is scored against the predictions' upper
		// level: their "storyline" fields.
		read = eval.ReadStorylineLabels
	}
	pred, err := read(args[1])
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval stories: predictions: %w", err)
	}
	res := eval.ScoreStories(gold, pred)
	if asJSON {
		return printJSON(c.Main.Stdout, res)
	}
	level := "stories"
	if storylines {
		level = "storylines"
	}
	return printStories(c.Main.Stdout, args[0], level, res)
}

func printStories(w io.Writer, gold, level string, res eval.StoryResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	show := func(name string, s *eval.ClusterScore) {
		if s == nil {
			return
		}
		fmt.Fprintf(tw, "%s %s\n", name, gold)
		fmt.Fprintf(tw, "  %d articles: %d gold groups, %d predicted; %d gold pairs, %d predicted", s.Items, s.GoldClusters, s.PredClusters, s.GoldPairs, s.PredPairs)
		if s.Missing > 0 {
			fmt.Fprintf(tw, "; %d without a prediction (scored alone)", s.Missing)
		}
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "  metric\tP\tR\tF1\tpublished\ttarget\t")
		ref := storyReferences[name+" pairwise"]
		fmt.Fprintf(tw, "  pairwise\t%s\t%s\t%s\t%s\t%s\t\n", f3(s.Pairwise.Precision), f3(s.Pairwise.Recall), f3(s.Pairwise.F1), ref.published, ref.target)
		fmt.Fprintf(tw, "  BCubed\t%s\t%s\t%s\t\t\t\n", f3(s.BCubed.Precision), f3(s.BCubed.Recall), f3(s.BCubed.F1))
	}
	show(level, res.Stories)
	show("duplicates", res.Duplicates)
	return tw.Flush()
}
