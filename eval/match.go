package eval

import "sort"

// interval is a [start, end) range of code points.
type interval struct{ start, end int }

func (i interval) len() int { return i.end - i.start }

// pair is a candidate match between gold g and prediction p; score orders
// the candidates, higher first.
type pair struct {
	g, p  int
	score float64
}

// greedy matches gold and predictions one to one: the candidate pairs are
// taken best score first (ties: lower gold index, then lower prediction
// index, so the result does not depend on sort stability), and a pair is
// kept when neither side is taken yet. It returns, for each gold item, the
// index of its prediction or -1, and the same for each prediction.
func greedy(nGold, nPred int, cands []pair) (g2p, p2g []int) {
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.g != b.g {
			return a.g < b.g
		}
		return a.p < b.p
	})
	g2p, p2g = fill(nGold, -1), fill(nPred, -1)
	for _, c := range cands {
		if g2p[c.g] < 0 && p2g[c.p] < 0 {
			g2p[c.g], p2g[c.p] = c.p, c.g
		}
	}
	return g2p, p2g
}

func fill(n, v int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// coverage is |gold ∩ pred| / |gold|, the GGT overlap ratio; 0 for an
// empty gold span.
func coverage(gold, pred interval) float64 {
	if gold.len() <= 0 {
		return 0
	}
	return float64(overlap(gold.start, gold.end, pred.start, pred.end)) / float64(gold.len())
}

// matchQuotes is the quote protocol of the Gender Gap Tracker evaluation
// (Asr et al. 2021; evaluate_quotes.py in the GGT repository): a
// prediction matches a gold quote when it covers more than threshold of the
// gold characters. Gold quotes are taken in their order; each takes the
// remaining prediction that covers most of it (the first on a tie), which
// is then used up. Following the script exactly keeps our numbers
// comparable with the published ones.
func matchQuotes(gold, pred []interval, threshold float64) (g2p, p2g []int) {
	g2p, p2g = fill(len(gold), -1), fill(len(pred), -1)
	for gi, g := range gold {
		best, bc := -1, 0.0
		for pi, p := range pred {
			if p2g[pi] >= 0 {
				continue
			}
			if c := coverage(g, p); c > threshold && c > bc {
				best, bc = pi, c
			}
		}
		if best >= 0 {
			g2p[gi], p2g[best] = best, gi
		}
	}
	return g2p, p2g
}

// nearest returns the prediction covering most of gold, and its coverage;
// -1 when none overlaps it.
func nearest(gold interval, pred []interval) (int, float64) {
	best, bc := -1, 0.0
	for pi, p := range pred {
		if c := coverage(gold, p); c > bc {
			best, bc = pi, c
		}
	}
	return best, bc
}
