package eval

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

func st(start, end int, act, target string, replies ...int) ThreadStatement {
	return ThreadStatement{Content: rapporteur.Span{Start: start, End: end}, Act: act, Target: target, RespondsTo: replies}
}

// TestCompareThreads: two annotators of the same statements; kappa,
// per-act agreement, confusions, targets and replies as a reader of the
// report would count them by hand.
func TestCompareThreads(t *testing.T) {
	a := []ThreadArticle{
		{ID: "x", Statements: []ThreadStatement{
			st(0, 10, "accuse", "the police"),
			st(20, 30, "deny", "allegations", 0),
			st(40, 50, "assert", ""),
			st(60, 70, "criticize", "Merkel's remarks", 1),
		}},
		{ID: "only-a", Statements: []ThreadStatement{st(0, 5, "assert", "")}},
	}
	b := []ThreadArticle{
		{ID: "x", Statements: []ThreadStatement{
			st(0, 10, "accuse", "police"),
			st(20, 30, "deny", "the UN report", 0),
			st(41, 50, "assert", ""), // a shifted span still matches by overlap
			st(60, 70, "deny", "Merkel", 0),
		}},
	}
	res, err := CompareThreads(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 1 || res.OnlyA != 1 || res.OnlyB != 0 || res.Statements != 4 || res.Unmatched != 0 {
		t.Errorf("counts: %+v", res)
	}
	// 3 of 4 agree; chance: A (acc 1, deny 1, assert 1, crit 1), B (acc 1,
	// deny 2, assert 1): 1/16 + 2/16 + 1/16 = 0.25.
	if !near(res.Observed, 0.75) || !near(res.Expected, 0.25) || !near(res.Kappa, 2.0/3) {
		t.Errorf("observed %.3f expected %.3f kappa %.3f", res.Observed, res.Expected, res.Kappa)
	}
	if d := res.PerAct["deny"]; d.A != 1 || d.B != 2 || d.Both != 1 || !near(d.Specific, 2.0/3) {
		t.Errorf("deny: %+v", d)
	}
	if c := res.PerAct["criticize"]; c.A != 1 || c.B != 0 || c.Specific != 0 {
		t.Errorf("criticize: %+v", c)
	}
	// accuse 1, deny 2/3, criticize 0.
	if !near(res.MacroF1, (1+2.0/3+0)/3) {
		t.Errorf("macro %.3f", res.MacroF1)
	}
	if res.Confusion["criticize→deny"] != 1 || len(res.Confusion) != 1 {
		t.Errorf("confusion %v", res.Confusion)
	}
	// accuse: "the police" holds "police"; deny: different targets.
	if res.Target.Correct != 1 || res.Target.Total != 2 {
		t.Errorf("targets %+v", res.Target)
	}
	r := res.Replies
	if r == nil || r.Articles != 1 || r.A != 2 || r.B != 2 || r.Both != 1 || !near(r.Specific, 0.5) {
		t.Errorf("replies %+v", r)
	}
}

func TestCompareThreadsNothingInCommon(t *testing.T) {
	a := []ThreadArticle{{ID: "x", Statements: []ThreadStatement{st(0, 5, "assert", "")}}}
	b := []ThreadArticle{{ID: "y", Statements: []ThreadStatement{st(0, 5, "assert", "")}}}
	if _, err := CompareThreads(a, b); err == nil {
		t.Error("no error for files with no article in common")
	}
}

// TestCompareThreadsOneAct: both annotators give every statement the same
// single act: chance agreement is 1, and kappa is reported as 1, not NaN.
func TestCompareThreadsOneAct(t *testing.T) {
	a := []ThreadArticle{{ID: "x", Statements: []ThreadStatement{st(0, 5, "assert", ""), st(6, 9, "assert", "")}}}
	res, err := CompareThreads(a, a)
	if err != nil {
		t.Fatal(err)
	}
	if res.Kappa != 1 || res.Replies != nil {
		t.Errorf("kappa %v replies %+v", res.Kappa, res.Replies)
	}
}
