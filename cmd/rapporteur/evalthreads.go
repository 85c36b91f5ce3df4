package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
)

// threadTargets are issue 11's targets on our own gold.
var threadTargets = map[string]string{
	"act macro-F1": "≥ 0.75",
	"replies":      "≥ 0.65",
}

// evalThreads is `rapporteur eval threads GOLD`.
func (c *EvalCommand) evalThreads(ctx context.Context, args []string, models *modelFlags, asJSON bool, errorsPath string) error {
	if len(args) != 1 {
		fmt.Fprintln(c.Main.Stderr, "rapporteur eval threads: give GOLD, JSON Lines of articles with gold statements")
		return errUsage
	}
	gold, err := eval.ReadThreads(args[0])
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval threads: gold: %w", err)
	}
	p, err := c.Main.stages(models)
	if err != nil {
		return err
	}
	res, err := eval.ScoreThreads(ctx, eval.Extractor(p.Verbatim), gold)
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
	return printThreads(c.Main.Stdout, args[0], res)
}

func printThreads(w io.Writer, gold string, res eval.ThreadResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "threads %s\n", gold)
	fmt.Fprintf(tw, "  %d articles; gold statements aligned to a prediction: %d/%d\n", res.Articles, res.Aligned.Correct, res.Aligned.Total)
	fmt.Fprintln(tw, "  metric\tP\tR\tF1\ttarget\t")
	fmt.Fprintf(tw, "  act accuracy\t\t\t%.3f  (%d/%d)\t\t\n", res.Act.Value, res.Act.Correct, res.Act.Total)
	fmt.Fprintf(tw, "  target named\t\t\t%.3f  (%d/%d)\t\t\n", res.Target.Value, res.Target.Correct, res.Target.Total)
	for _, a := range eval.NonAssertActs {
		s := res.PerAct[a]
		fmt.Fprintf(tw, "  %s (%d gold, %d pred)\t%.3f\t%.3f\t%.3f\t\t\n", a, s.Gold, s.Pred, s.Precision, s.Recall, s.F1)
	}
	fmt.Fprintf(tw, "  act macro-F1 (non-assert acts present)\t\t\t%.3f\t%s\t\n", res.MacroF1, threadTargets["act macro-F1"])
	r := res.Replies
	fmt.Fprintf(tw, "  replies (%d gold, %d pred)\t%.3f\t%.3f\t%.3f\t%s\t\n", r.Gold, r.Pred, r.Precision, r.Recall, r.F1, threadTargets["replies"])
	if len(res.Confused) > 0 {
		fmt.Fprint(tw, "  confusions (gold→pred):")
		for _, k := range sortedKeys(res.Confused) {
			fmt.Fprintf(tw, " %s %d", k, res.Confused[k])
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
