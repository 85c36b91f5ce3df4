package main

import (
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/act"
	"github.com/rapporteur/rapporteur/eval"
)

// evalEmergent is `rapporteur eval emergent [--split test|train|all] [CSV]`:
// each Emergent headline read as an act on its claim (attrib/act's
// Headline), scored against the headline's stance beside Ferreira &
// Vlachos's 73.3 % on the test split.
func (c *EvalCommand) evalEmergent(args []string, split, shared string, asJSON bool, errorsPath string) error {
	if len(args) > 1 {
		fmt.Fprintln(c.Main.Stderr, "rapporteur eval emergent: give at most one CSV path")
		return errUsage
	}
	if split == "dev" { // the flag's default, which names PolNeAR's split
		split = "test"
	}
	path := ""
	if len(args) == 1 {
		path = args[0]
	} else {
		dir, err := sharedDir(shared)
		if err != nil {
			return err
		}
		path = filepath.Join(dir, "data", "emergent", "url-versions-2015-06-14-clean.csv")
	}
	rows, err := eval.ReadEmergent(path, split)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "eval emergent: %w", err)
	}
	an, err := act.New()
	if err != nil {
		return err
	}
	res := eval.ScoreEmergent(rows, split, func(h, claim string) string { return an.Headline("en", h, claim) })
	if errorsPath != "" {
		if err := writeRecords(errorsPath, res.Errors); err != nil {
			return err
		}
	}
	if asJSON {
		return printJSON(c.Main.Stdout, res)
	}
	return printEmergent(c.Main.Stdout, path, res)
}

func printEmergent(w io.Writer, path string, res eval.EmergentResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "emergent %s (%s split, %d headlines)\n", path, res.Split, res.Rows)
	fmt.Fprintln(tw, "  metric\tP\tR\tF1\tpublished\ttarget\t")
	pub, target := "", ""
	if res.Split == "test" {
		pub, target = "0.733", "≥ 0.75"
	}
	fmt.Fprintf(tw, "  accuracy\t\t\t%.3f  (%d/%d)\t%s\t%s\t\n", res.Accuracy.Value, res.Accuracy.Correct, res.Accuracy.Total, pub, target)
	published := map[string]string{"for": "0.789", "against": "0.757", "observing": "0.623"}
	for _, s := range []string{"for", "against", "observing"} {
		p := res.PerClass[s]
		if res.Split != "test" {
			published[s] = ""
		}
		fmt.Fprintf(tw, "  %s (%d gold, %d pred)\t%.3f\t%.3f\t%.3f\t%s\t\t\n", s, p.Gold, p.Pred, p.Precision, p.Recall, p.F1, published[s])
	}
	if res.Split == "test" {
		pub = "0.723"
	}
	fmt.Fprintf(tw, "  macro-F1\t\t\t%.3f\t%s\t\t\n", res.MacroF1, pub)
	if len(res.Confused) > 0 {
		fmt.Fprint(tw, "  confusions (gold→pred):")
		for _, k := range sortedKeys(res.Confused) {
			fmt.Fprintf(tw, " %s %d", k, res.Confused[k])
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
