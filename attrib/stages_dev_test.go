package attrib

import (
	"context"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
)

// The development loops of the merge of the span model's statements with
// the rules' (issue 9, fifth session), run by hand with
// RAPPORTEUR_STAGES_DEV=1 over PolNeAR dev and the embedded models.

// TestStagesDevLoop says, for each gold cue of PolNeAR dev, which stage
// found or lost it: the rules, the span model's candidates and the merge's
// tests (acceptNew), or no model at all; and, for the model's candidates
// the rules do not overlap, which test refuses them, with and without a
// gold cue (SHOW=<reason> lists those of one reason).
func TestStagesDevLoop(t *testing.T) {
	if os.Getenv("RAPPORTEUR_STAGES_DEV") == "" {
		t.Skip("set RAPPORTEUR_STAGES_DEV=1 to break PolNeAR dev's cues down by stage")
	}
	_, dev := polnearSplits(t)
	at, err := New()
	if err != nil {
		t.Fatal(err)
	}
	l := at.langs[fallback]
	m := at.spans[fallback]
	stages := map[string]int{}
	refused := map[string][2]int{}
	show := os.Getenv("SHOW")
	total := 0
	ov := func(a, b [2]int) bool { return a[0] < b[1] && b[0] < a[1] }
	for _, d := range trainDocs(dev) {
		f, sents := l.scan(l.parse(d.Text))
		rules := append([]cand(nil), f.cands...)
		z := newFeaturizer(f, sents, at.tagger, m.bits, f.modelParas())
		f.cueScore = at.cues[fallback].scores(z)
		z.setCues(f.cueScore)
		labels, margins := m.label(z)
		mc := f.modelCands(labels, margins, z.sent, z.pos)
		var gold [][2]int
		for _, s := range d.Spans {
			if s.Label != "Cue" {
				continue
			}
			a, b := f.tokenRange(s.Parts[0][0], s.Parts[len(s.Parts)-1][1])
			gold = append(gold, [2]int{a, b})
		}
		for _, g := range gold {
			total++
			stages[stageOf(f, g, rules, mc, labels, ov)]++
		}
		for _, c := range mc {
			if overlapsAny(c, rules) {
				continue
			}
			r := f.refusal(c)
			if c.mode == rapporteur.Stance {
				r += " [np]"
			}
			isGold := false
			for _, g := range gold {
				if c.cue[0] >= 0 && ov(c.cue, g) {
					isGold = true
				}
			}
			v := refused[r]
			if isGold {
				v[0]++
			} else {
				v[1]++
			}
			refused[r] = v
			if show != "" && r == show {
				t.Logf("gold=%v cue=%q (%.0f) source=%q content=%.90q", isGold, f.tokText(c.cue), maxScore(f.cueScore, c.cue), f.tokText(c.source), string(f.rs[c.content[0]:c.content[1]]))
			}
		}
	}
	t.Logf("gold cues %d", total)
	for _, k := range sortedKeys(stages) {
		t.Logf("%5d %s", stages[k], k)
	}
	t.Logf("the model's candidates the rules do not overlap, by the merge's verdict:")
	for _, k := range sortedKeys(refused) {
		t.Logf("%-32s gold cue %4d, none %4d", k, refused[k][0], refused[k][1])
	}
}

// stageOf says which stage found or lost the gold cue g.
func stageOf(f *finder, g [2]int, rules, mc []cand, labels []int, ov func(a, b [2]int) bool) string {
	for _, c := range rules {
		if c.cue[0] >= 0 && ov(c.cue, g) {
			return "rules have it"
		}
	}
	lex, score := false, maxScore(f.cueScore, g)
	modelCue := false
	for k := g[0]; k < g[1]; k++ {
		lex = lex || f.isCueWord(k)
		modelCue = modelCue || labels[k] != lO && labelRole(labels[k]) == roleCue
	}
	for _, c := range mc {
		if c.cue[0] < 0 || !ov(c.cue, g) {
			continue
		}
		switch {
		case overlapsAny(c, rules):
			return "model candidate overlaps the rules'"
		case f.acceptNew(c):
			return "model candidate accepted"
		case lex:
			return "model candidate refused (lexicon cue)"
		case score > cueThreshold:
			return "model candidate refused (cue model > threshold)"
		}
		return "model candidate refused (cue model <= threshold)"
	}
	if modelCue {
		return "model labels a cue, no content"
	}
	s := "model silent"
	if lex {
		s += " (lexicon word)"
	}
	switch {
	case score > 10:
		return s + ", cue model > 10"
	case score > 0:
		return s + ", cue model > 0"
	}
	return s + ", cue model <= 0"
}

// refusal says which test of acceptNew refuses m, in its order; "" when
// it accepts m.
func (f *finder) refusal(m cand) string {
	switch {
	case f.acceptNew(m):
		return "accepted"
	case m.cue[0] < 0:
		return "no cue"
	case f.words(searchTok(f.toks, m.content[0]), searchTok(f.toks, m.content[1])) < 2:
		return "one word"
	case m.source[0] < 0:
		return "no source"
	}
	lexical := false
	for k := m.cue[0]; k < m.cue[1]; k++ {
		if f.linkSaid(k) {
			return "having said"
		}
		if f.l.is(f.toks[k].Lower, clPassive) {
			return "passive"
		}
		lexical = lexical || len(f.l.cues[f.toks[k].Lower]) > 0
	}
	switch {
	case lexical && m.mode == rapporteur.Stance:
		return "lexicon cue, noun phrase"
	case lexical:
		return "lexicon cue, other"
	}
	return "cue model"
}

func (f *finder) tokText(r [2]int) string {
	if r[0] < 0 || r[1] <= r[0] {
		return ""
	}
	return string(f.rs[f.toks[r[0]].Start:f.toks[r[1]-1].End])
}

func maxScore(s []float32, r [2]int) float32 {
	best := float32(-1e9)
	for k := max(r[0], 0); k < r[1] && k < len(s); k++ {
		best = max(best, s[k])
	}
	return best
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestNPThresholdDevLoop scores PolNeAR dev and GGT at each npCueThreshold
// of THRESHOLDS (comma-separated), with the embedded models.
func TestNPThresholdDevLoop(t *testing.T) {
	if os.Getenv("RAPPORTEUR_STAGES_DEV") == "" {
		t.Skip("set RAPPORTEUR_STAGES_DEV=1 THRESHOLDS=5,10 to score the thresholds")
	}
	_, dev := polnearSplits(t)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ggt, err := eval.ReadGGT("../../shared/quotes-data/ggt-en-2020/ggt_quotes.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	at, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer func(v float32) { npCueThreshold = v }(npCueThreshold)
	for _, th := range strings.Split(os.Getenv("THRESHOLDS"), ",") {
		v, err := strconv.ParseFloat(th, 32)
		if err != nil {
			t.Fatal(err)
		}
		npCueThreshold = float32(v)
		read := func(id, title, text string) (rapporteur.Article, error) {
			a, err := x.Verbatim(id, title, text)
			if err != nil {
				return a, err
			}
			return at.Attribute(a), nil
		}
		res, err := eval.ScoreBrat(context.Background(), "dev", dev, read)
		if err != nil {
			t.Fatal(err)
		}
		gres, err := eval.ScoreGGT(context.Background(), ggt, read)
		if err != nil {
			t.Fatal(err)
		}
		line := ""
		for _, l := range res.Labels {
			line += " " + l.Label + " " + strconv.FormatFloat(l.Exact.F1, 'f', 3, 64)
			if l.Label == "Content" {
				line += " overlap " + strconv.FormatFloat(l.Overlap.F1, 'f', 3, 64)
			}
		}
		g := gres.Scores[0]
		t.Logf("threshold %-5s statements %d |%s | GGT F1 %.3f speaker %.3f", th, res.Statements, line, g.Quotes.F1, g.Speaker.Value)
	}
}
