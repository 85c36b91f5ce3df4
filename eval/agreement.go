package eval

import (
	"errors"
	"sort"

	"github.com/rapporteur/rapporteur"
)

// Agreement compares two annotations of the same statements (two threads
// gold files, README "Acts and replies gold"): how often two annotators
// give a statement the same act, beyond chance, and where they differ.
// Neither file is the gold: per-act agreement and target agreement are
// symmetric, and the confusion reads A's act → B's act.
type Agreement struct {
	// Articles counts the articles in both files (matched by id); OnlyA
	// and OnlyB those in one file alone, not compared.
	Articles int `json:"articles"`
	OnlyA    int `json:"only_a"`
	OnlyB    int `json:"only_b"`
	// Statements counts the statements compared: those of A that match a
	// statement of B (same span, else content overlap of at least half the
	// shorter span). Unmatched counts the statements of either file left
	// over.
	Statements int `json:"statements"`
	Unmatched  int `json:"unmatched"`
	// Observed is the share of compared statements with the same act;
	// Expected the share two annotators with these act frequencies would
	// reach by chance; Kappa is Cohen's kappa, (Observed − Expected) /
	// (1 − Expected).
	Observed float64 `json:"observed"`
	Expected float64 `json:"expected"`
	Kappa    float64 `json:"kappa"`
	// NonAssert is the same for the coarse decision: assert or any other
	// act.
	NonAssert struct {
		Observed float64 `json:"observed"`
		Expected float64 `json:"expected"`
		Kappa    float64 `json:"kappa"`
	} `json:"non_assert"`
	// PerAct gives, per act, how many statements each annotator gave it,
	// how many both did, and the specific agreement 2·Both / (A + B) (the
	// F1 of either annotator scored against the other).
	PerAct map[string]ActAgreement `json:"per_act"`
	// MacroF1 is the mean specific agreement over the non-assert acts that
	// either annotator used: the act macro-F1 one annotator would score
	// against the other, a ceiling for a model scored on one of them.
	MacroF1 float64 `json:"macro_f1"`
	// Confusion counts the compared statements by A's act and B's act
	// ("accuse→criticize"), disagreements only.
	Confusion map[string]int `json:"confusion"`
	// Target counts the statements given the same non-assert act by both
	// whose targets name the same thing (same name, or one holding the
	// other as whole words, case aside).
	Target Accuracy `json:"target"`
	// Replies compares the responds_to links of the articles where both
	// annotators gave at least one (nil when no article has links in
	// both): links of A, of B, and in both (both ends matched).
	Replies *ReplyAgreement `json:"replies,omitempty"`
}

// ActAgreement is one act's agreement.
type ActAgreement struct {
	A        int     `json:"a"`
	B        int     `json:"b"`
	Both     int     `json:"both"`
	Specific float64 `json:"specific"`
}

// ReplyAgreement compares two annotators' replies.
type ReplyAgreement struct {
	Articles int     `json:"articles"` // articles where both have links
	A        int     `json:"a"`
	B        int     `json:"b"`
	Both     int     `json:"both"`
	Specific float64 `json:"specific"`
	// OnlyB counts the articles where B has links and A none; OnlyA the
	// reverse.
	OnlyB int `json:"only_b"`
	OnlyA int `json:"only_a"`
}

// CompareThreads compares two annotations of the same articles.
func CompareThreads(a, b []ThreadArticle) (Agreement, error) {
	byID := map[string]ThreadArticle{}
	for _, x := range b {
		byID[x.ID] = x
	}
	res := Agreement{PerAct: map[string]ActAgreement{}, Confusion: map[string]int{}}
	inA := map[string]bool{}
	var pairs [][2]string
	var reps ReplyAgreement
	for _, x := range a {
		inA[x.ID] = true
		y, ok := byID[x.ID]
		if !ok {
			res.OnlyA++
			continue
		}
		res.Articles++
		m := matchStatements(x.Statements, y.Statements)
		matched := 0
		for i, j := range m {
			if j < 0 {
				continue
			}
			matched++
			sa, sb := x.Statements[i], y.Statements[j]
			pairs = append(pairs, [2]string{sa.Act, sb.Act})
			if sa.Act == sb.Act && sa.Act != rapporteur.ActAssert {
				res.Target.Total++
				if sameName(sa.Target, sb.Target) {
					res.Target.Correct++
				}
			}
		}
		res.Unmatched += len(x.Statements) + len(y.Statements) - 2*matched
		la, lb := links(x.Statements), links(y.Statements)
		switch {
		case len(la) > 0 && len(lb) > 0:
			reps.Articles++
			reps.A += len(la)
			reps.B += len(lb)
			for l := range la {
				if m[l[0]] >= 0 && m[l[1]] >= 0 && lb[[2]int{m[l[0]], m[l[1]]}] {
					reps.Both++
				}
			}
		case len(la) > 0:
			reps.OnlyA++
		case len(lb) > 0:
			reps.OnlyB++
		}
	}
	for _, y := range b {
		if !inA[y.ID] {
			res.OnlyB++
		}
	}
	if len(pairs) == 0 {
		return res, errors.New("no statement in common (articles are matched by id)")
	}
	res.Statements = len(pairs)
	res.Observed, res.Expected, res.Kappa = kappa(pairs, func(s string) string { return s })
	res.NonAssert.Observed, res.NonAssert.Expected, res.NonAssert.Kappa = kappa(pairs, func(s string) string {
		if s == rapporteur.ActAssert {
			return s
		}
		return "other"
	})
	for _, p := range pairs {
		x := res.PerAct[p[0]]
		x.A++
		res.PerAct[p[0]] = x
		y := res.PerAct[p[1]]
		y.B++
		if p[0] == p[1] {
			y.Both++
		}
		res.PerAct[p[1]] = y
		if p[0] != p[1] {
			res.Confusion[p[0]+"→"+p[1]]++
		}
	}
	n := 0
	for act, s := range res.PerAct {
		s.Specific = 2 * float64(s.Both) / float64(s.A+s.B)
		res.PerAct[act] = s
	}
	for _, act := range NonAssertActs {
		if s, ok := res.PerAct[act]; ok {
			res.MacroF1 += s.Specific
			n++
		}
	}
	if n > 0 {
		res.MacroF1 /= float64(n)
	}
	if res.Target.Total > 0 {
		res.Target.Value = float64(res.Target.Correct) / float64(res.Target.Total)
	}
	if reps.Articles > 0 || reps.OnlyB > 0 || reps.OnlyA > 0 {
		if reps.A+reps.B > 0 {
			reps.Specific = 2 * float64(reps.Both) / float64(reps.A+reps.B)
		}
		res.Replies = &reps
	}
	return res, nil
}

// matchStatements returns, for each statement of a, the index of the
// statement of b with the same span, or else the one aligned by content
// overlap as the threads score aligns predictions; -1 for none.
func matchStatements(a, b []ThreadStatement) []int {
	out := make([]int, len(a))
	used := map[int]bool{}
	var restA []int
	for i, s := range a {
		out[i] = -1
		for j, t := range b {
			if !used[j] && s.Content.Start == t.Content.Start && s.Content.End == t.Content.End {
				out[i] = j
				used[j] = true
				break
			}
		}
		if out[i] < 0 {
			restA = append(restA, i)
		}
	}
	if len(restA) == 0 {
		return out
	}
	var restB []int
	for j := range b {
		if !used[j] {
			restB = append(restB, j)
		}
	}
	ga := make([]ThreadStatement, len(restA))
	for k, i := range restA {
		ga[k] = a[i]
	}
	pb := make([]rapporteur.Statement, len(restB))
	for k, j := range restB {
		pb[k] = rapporteur.Statement{Content: b[j].Content}
	}
	for k, p := range alignStatements(ga, pb) {
		if p >= 0 {
			out[restA[k]] = restB[p]
		}
	}
	return out
}

// links returns an article's reply links as (from, to) pairs.
func links(ss []ThreadStatement) map[[2]int]bool {
	out := map[[2]int]bool{}
	for i, s := range ss {
		for _, r := range s.RespondsTo {
			out[[2]int{i, r}] = true
		}
	}
	return out
}

// kappa returns the observed and chance agreement of the label pairs, and
// Cohen's kappa, after mapping each label with class.
func kappa(pairs [][2]string, class func(string) string) (po, pe, k float64) {
	ca, cb := map[string]int{}, map[string]int{}
	agree := 0
	for _, p := range pairs {
		x, y := class(p[0]), class(p[1])
		ca[x]++
		cb[y]++
		if x == y {
			agree++
		}
	}
	n := float64(len(pairs))
	po = float64(agree) / n
	keys := make([]string, 0, len(ca))
	for c := range ca {
		keys = append(keys, c)
	}
	sort.Strings(keys)
	for _, c := range keys {
		pe += float64(ca[c]) / n * float64(cb[c]) / n
	}
	if pe < 1 {
		k = (po - pe) / (1 - pe)
	} else {
		k = 1
	}
	return po, pe, k
}
