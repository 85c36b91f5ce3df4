package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// ThreadArticle is one line of a threads gold file (README, "Acts and
// replies gold"): an article and its statements with their acts and the
// statements they answer. Content offsets are code points into Text;
// RespondsTo indexes this article's gold Statements.
type ThreadArticle struct {
	ID         string            `json:"id"`
	Title      string            `json:"title,omitempty"`
	Text       string            `json:"text"`
	Statements []ThreadStatement `json:"statements"`
}

// ThreadStatement is one gold statement.
type ThreadStatement struct {
	Content    rapporteur.Span `json:"content"`
	Speaker    string          `json:"speaker,omitempty"`
	Act        string          `json:"act"`
	Target     string          `json:"target,omitempty"`
	RespondsTo []int           `json:"responds_to,omitempty"`
}

// ReadThreads reads a threads gold file.
func ReadThreads(path string) ([]ThreadArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ThreadArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var a ThreadArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		for i, s := range a.Statements {
			if !acts[s.Act] {
				return nil, fmt.Errorf("line %d: statement %d: unknown act %q", n, i, s.Act)
			}
			for _, r := range s.RespondsTo {
				if r < 0 || r >= len(a.Statements) || r == i {
					return nil, fmt.Errorf("line %d: statement %d: responds_to %d out of range", n, i, r)
				}
			}
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

var acts = map[string]bool{
	rapporteur.ActAssert: true, rapporteur.ActAccuse: true, rapporteur.ActDeny: true, rapporteur.ActCriticize: true,
	rapporteur.ActSupport: true, rapporteur.ActConfirm: true, rapporteur.ActDemand: true,
}

// NonAssertActs are the acts whose macro-F1 is reported.
var NonAssertActs = []string{rapporteur.ActAccuse, rapporteur.ActDeny, rapporteur.ActCriticize, rapporteur.ActSupport, rapporteur.ActConfirm, rapporteur.ActDemand}

// ThreadResult is the score of acts and replies against a threads gold.
type ThreadResult struct {
	Articles int `json:"articles"`
	// Aligned counts gold statements matched to a predicted statement
	// (content overlap of at least half the shorter span); acts and
	// replies are scored on these, and a missed gold link counts against
	// recall.
	Aligned Accuracy `json:"aligned"`
	Act     Accuracy `json:"act"`
	// Target counts gold statements with a target whose predicted target
	// names it: the same name, or one name holding the other as whole
	// words ("UN report" and "report"), case aside.
	Target   Accuracy            `json:"target"`
	PerAct   map[string]PRF      `json:"per_act"`
	MacroF1  float64             `json:"macro_f1"`
	Replies  PRF                 `json:"replies"`
	Confused map[string]int      `json:"confusion"` // "gold→pred" counts
	Errors   []ThreadError       `json:"-"`
	ByAct    map[string]Accuracy `json:"-"`
}

// ThreadError is one act or reply error, for reading.
type ThreadError struct {
	Article, Gold, Pred, Content string
	// Detail, for a reply error, gives both ends as gold and pipeline
	// read them (speaker, act, target, the statements the prediction
	// links), so a missed link can be told from an act or target miss.
	Detail string `json:",omitempty"`
	// Parent is the content of the statement answered (gold's, for a
	// missed link; the prediction's, for a wrong one).
	Parent string `json:",omitempty"`
}

// ScoreThreads runs x on each gold article and scores acts and replies.
func ScoreThreads(ctx context.Context, x Extractor, gold []ThreadArticle) (ThreadResult, error) {
	res := ThreadResult{Articles: len(gold), PerAct: map[string]PRF{}, Confused: map[string]int{}}
	rs, err := run(ctx, len(gold), x, func(i int) (string, string, string) { return gold[i].ID, gold[i].Title, gold[i].Text })
	if err != nil {
		return res, err
	}
	per := map[string]*PRF{}
	for _, a := range NonAssertActs {
		per[a] = &PRF{}
	}
	for k, g := range gold {
		if rs[k].err != nil {
			return res, fmt.Errorf("%s: %w", g.ID, rs[k].err)
		}
		pred := rs[k].article.Statements
		align := alignStatements(g.Statements, pred)
		back := map[int]int{}
		for gi, pi := range align {
			res.Aligned.count(pi >= 0)
			if pi < 0 {
				continue
			}
			back[pi] = gi
			ga, pa := g.Statements[gi].Act, pred[pi].Act
			res.Act.count(ga == pa)
			if ga != pa {
				res.Confused[ga+"→"+pa]++
				res.Errors = append(res.Errors, ThreadError{Article: g.ID, Gold: ga, Pred: pa, Content: g.Statements[gi].Content.Text})
			}
			if gt := g.Statements[gi].Target; gt != "" {
				res.Target.count(pred[pi].Target != nil && sameName(gt, pred[pi].Target.Name))
			}
			if p := per[ga]; p != nil {
				p.Gold++
				if ga == pa {
					p.Matched++
					p.MatchedPred++
				}
			}
			if p := per[pa]; p != nil {
				p.Pred++
			}
		}
		// Replies: a predicted link counts when both its ends align to
		// gold statements that the gold links.
		// Gold statements of one speaker and act over the same words (the gold
		// holds the extractor's overlapping readings of one quotation,
		// "According to the BBC, he said, "We demand …"" and ""We demand
		// …"") are one statement: a reply to either is a reply to it.
		one := sameStatements(g.Statements)
		goldLinks := map[[2]int]bool{}
		for gi, s := range g.Statements {
			for _, r := range s.RespondsTo {
				if one[gi] != one[r] {
					goldLinks[[2]int{one[gi], one[r]}] = true
				}
			}
		}
		res.Replies.Gold += len(goldLinks)
		found := map[[2]int]bool{}
		for pi, s := range pred {
			for _, r := range s.RespondsTo {
				res.Replies.Pred++
				gi, ok1 := back[pi]
				gj, ok2 := back[r.Statement]
				if ok1 && ok2 && goldLinks[[2]int{one[gi], one[gj]}] && !found[[2]int{one[gi], one[gj]}] {
					res.Replies.Matched++
					res.Replies.MatchedPred++
					found[[2]int{one[gi], one[gj]}] = true
				} else {
					d := "answer " + predEnd(pred, pi)
					if ok1 {
						d += " (gold " + goldEnd(g.Statements, gi) + ")"
					}
					d += "; parent " + predEnd(pred, r.Statement)
					if ok2 {
						d += " (gold " + goldEnd(g.Statements, gj) + ")"
					}
					res.Errors = append(res.Errors, ThreadError{Article: g.ID, Gold: "no link", Pred: fmt.Sprintf("link %d→%d", pi, r.Statement), Content: s.Content.Text,
						Detail: d, Parent: pred[r.Statement].Content.Text})
				}
			}
		}
		for _, l := range sortedLinks(goldLinks) {
			if found[l] {
				continue
			}
			gi, gj := l[0], l[1]
			d := "answer " + goldEnd(g.Statements, gi)
			if pi := align[gi]; pi >= 0 {
				d += " (pred " + predEnd(pred, pi) + ")"
			} else {
				d += " (no pred)"
			}
			d += "; parent " + goldEnd(g.Statements, gj)
			if pj := align[gj]; pj >= 0 {
				d += " (pred " + predEnd(pred, pj) + ")"
			} else {
				d += " (no pred)"
			}
			res.Errors = append(res.Errors, ThreadError{Article: g.ID, Gold: fmt.Sprintf("link %d→%d", gi, gj), Pred: "missed", Content: g.Statements[gi].Content.Text,
				Detail: d, Parent: g.Statements[gj].Content.Text})
		}
	}
	res.Aligned.finish()
	res.Act.finish()
	res.Target.finish()
	res.Replies.finish()
	// Macro-F1 averages the acts that occur in the gold or the predictions:
	// an act neither holds says nothing about the reader (a gold without a
	// confirmation would cap the score at 5/6), while one predicted but
	// never in the gold scores 0.
	n := 0
	for _, a := range NonAssertActs {
		per[a].finish()
		res.PerAct[a] = *per[a]
		if per[a].Gold > 0 || per[a].Pred > 0 {
			res.MacroF1 += per[a].F1
			n++
		}
	}
	if n > 0 {
		res.MacroF1 /= float64(n)
	}
	sort.Slice(res.Errors, func(i, j int) bool { return res.Errors[i].Article < res.Errors[j].Article })
	return res, nil
}

// sameStatements returns, for each gold statement, the first gold
// statement of the same speaker and act whose content overlaps it by at
// least half of the shorter span (itself when there is none): the gold's
// readings of the same words by the same speaker, which reply scoring
// counts as one. Readings of one sentence with different acts (a partial
// admission: "did indicate …" confirm, "denied that he made any deal"
// deny) stay apart.
func sameStatements(sts []ThreadStatement) []int {
	out := make([]int, len(sts))
	for i, s := range sts {
		out[i] = i
		for j := range i {
			t := sts[j]
			if out[j] != j || s.Speaker == "" || !strings.EqualFold(s.Speaker, t.Speaker) || s.Act != t.Act {
				continue
			}
			ov := overlap(s.Content.Start, s.Content.End, t.Content.Start, t.Content.End)
			if ov > 0 && 2*ov >= min(s.Content.Len(), t.Content.Len()) {
				out[i] = j
				break
			}
		}
	}
	return out
}

// sortedLinks returns the keys of links in order.
func sortedLinks(links map[[2]int]bool) [][2]int {
	out := make([][2]int, 0, len(links))
	for l := range links {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out
}

// goldEnd and predEnd say who a statement is by, its act and
// target, and (predicted) what it answers, for the errors file.
func goldEnd(sts []ThreadStatement, i int) string {
	s := sts[i]
	return fmt.Sprintf("#%d %q %s→%q", i, s.Speaker, s.Act, s.Target)
}

func predEnd(sts []rapporteur.Statement, i int) string {
	s := sts[i]
	t := ""
	if s.Target != nil {
		t = s.Target.Name
	}
	out := fmt.Sprintf("#%d %q %s→%q", i, s.Speaker.Name, s.Act, t)
	for _, r := range s.RespondsTo {
		out += fmt.Sprintf(" re #%d", r.Statement)
	}
	return out
}

// alignStatements returns, for each gold statement, the index of the
// predicted statement whose content overlaps it most, if the overlap covers
// at least half of the shorter span; -1 otherwise. Each prediction is used
// once, best overlaps first.
func alignStatements(gold []ThreadStatement, pred []rapporteur.Statement) []int {
	type pair struct{ g, p, ov int }
	var ps []pair
	for gi, g := range gold {
		for pi, p := range pred {
			ov := overlap(g.Content.Start, g.Content.End, p.Content.Start, p.Content.End)
			short := min(g.Content.Len(), p.Content.Len())
			if ov > 0 && 2*ov >= short {
				ps = append(ps, pair{gi, pi, ov})
			}
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].ov > ps[j].ov })
	out := make([]int, len(gold))
	for i := range out {
		out[i] = -1
	}
	used := map[int]bool{}
	for _, p := range ps {
		if out[p.g] >= 0 || used[p.p] {
			continue
		}
		out[p.g] = p.p
		used[p.p] = true
	}
	return out
}

// sameName reports whether two names are the same, or one holds the other
// as whole words, case aside.
func sameName(a, b string) bool {
	a, b = " "+strings.ToLower(strings.TrimSpace(a))+" ", " "+strings.ToLower(strings.TrimSpace(b))+" "
	if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
		return false
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}
