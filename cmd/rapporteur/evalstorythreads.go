package main

import (
	"context"
	"fmt"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
)

// evalStoryThreads is `rapporteur eval story-threads GOLD`: replies
// across the articles of a story (issue 11, target F1 ≥ 0.50).
func (c *EvalCommand) evalStoryThreads(ctx context.Context, args []string, models *modelFlags, asJSON bool, errorsPath string) error {
	if len(args) != 1 {
		fmt.Fprintln(c.Main.Stderr, "rapporteur eval story-threads: give GOLD, JSON Lines of dated articles of stories with gold replies")
		return errUsage
	}
	gold, err := eval.ReadStoryThreads(args[0])
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval story-threads: gold: %w", err)
	}
	p, err := c.Main.stages(models)
	if err != nil {
		return err
	}
	res, err := eval.ScoreStoryThreads(ctx, eval.Extractor(p.Verbatim), gold)
	if err != nil {
		return err
	}
	if errorsPath != "" {
		if err := writeRecords(errorsPath, res.Errors); err != nil {
			return err
		}
	}
	if asJSON {
		return printJSON(c.Main.Stdout, res)
	}
	r := res.Replies
	fmt.Fprintf(c.Main.Stdout, "story-threads %s\n  %d stories, %d articles; gold statements in links aligned to a prediction: %d/%d\n",
		args[0], res.Stories, res.Articles, res.Aligned.Correct, res.Aligned.Total)
	fmt.Fprintf(c.Main.Stdout, "  replies across articles (%d gold, %d pred)  P %.3f  R %.3f  F1 %.3f  (target ≥ 0.50)\n",
		r.Gold, r.Pred, r.Precision, r.Recall, r.F1)
	return nil
}
