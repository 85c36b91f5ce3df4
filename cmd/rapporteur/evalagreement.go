package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
)

// evalThreadsAgreement is `rapporteur eval threads-agreement A B`: two
// annotators' acts, targets and replies on the same articles, compared
// (neither is the gold).
func (c *EvalCommand) evalThreadsAgreement(args []string, asJSON bool) error {
	if len(args) != 2 {
		fmt.Fprintln(c.Main.Stderr, "rapporteur eval threads-agreement: give A and B, two threads gold files annotating the same articles")
		return errUsage
	}
	a, err := eval.ReadThreads(args[0])
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval threads-agreement: %s: %w", args[0], err)
	}
	b, err := eval.ReadThreads(args[1])
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval threads-agreement: %s: %w", args[1], err)
	}
	res, err := eval.CompareThreads(a, b)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval threads-agreement: %w", err)
	}
	if asJSON {
		return printJSON(c.Main.Stdout, res)
	}
	return printAgreement(c.Main.Stdout, args[0], args[1], res)
}

func printAgreement(w io.Writer, a, b string, res eval.Agreement) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "threads-agreement A=%s B=%s\n", a, b)
	fmt.Fprintf(tw, "  %d articles in both (%d in A only, %d in B only); %d statements compared, %d unmatched\n",
		res.Articles, res.OnlyA, res.OnlyB, res.Statements, res.Unmatched)
	fmt.Fprintln(tw, "  metric\tobserved\tchance\tkappa\t")
	fmt.Fprintf(tw, "  act (7 acts)\t%.3f\t%.3f\t%.3f\t\n", res.Observed, res.Expected, res.Kappa)
	fmt.Fprintf(tw, "  assert or not\t%.3f\t%.3f\t%.3f\t\n", res.NonAssert.Observed, res.NonAssert.Expected, res.NonAssert.Kappa)
	fmt.Fprintln(tw, "  act\tA\tB\tboth\tagreement (F1 of one against the other)\t")
	acts := append([]string{rapporteur.ActAssert}, eval.NonAssertActs...)
	for _, act := range acts {
		s, ok := res.PerAct[act]
		if !ok {
			continue
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%.3f\t\n", act, s.A, s.B, s.Both, s.Specific)
	}
	fmt.Fprintf(tw, "  macro over non-assert acts\t\t\t\t%.3f\t\n", res.MacroF1)
	fmt.Fprintf(tw, "  same target, same act\t\t\t\t%.3f  (%d/%d)\t\n", res.Target.Value, res.Target.Correct, res.Target.Total)
	if err := tw.Flush(); err != nil {
		return err
	}
	switch r := res.Replies; {
	case r == nil:
		fmt.Fprintln(w, "  replies: no article has links in either file")
	case r.Articles == 0:
		fmt.Fprintf(w, "  replies: no article has links in both files (links in A only: %d articles, in B only: %d)\n", r.OnlyA, r.OnlyB)
	default:
		fmt.Fprintf(w, "  replies in the %d articles with links in both: A %d, B %d, both %d, agreement %.3f (links in A only: %d articles, in B only: %d)\n",
			r.Articles, r.A, r.B, r.Both, r.Specific, r.OnlyA, r.OnlyB)
	}
	if len(res.Confusion) > 0 {
		fmt.Fprint(w, "  confusions (A→B):")
		for _, k := range sortedByCount(res.Confusion) {
			fmt.Fprintf(w, " %s %d", k, res.Confusion[k])
		}
		fmt.Fprintln(w)
	}
	return nil
}

// sortedByCount returns m's keys, largest count first, then by name.
func sortedByCount(m map[string]int) []string {
	ks := sortedKeys(m)
	sort.SliceStable(ks, func(i, j int) bool { return m[ks[i]] > m[ks[j]] })
	return ks
}
