package attrib

import (
	"sort"

	"github.com/rapporteur/rapporteur"
)

// twins settles the candidates that start at the same word but end apart:
// two readings of one stretch of text, by two cues (or a cue and an
// interview turn), of which at most one can be right about where its words
// start. The one whose content runs over the other's attribution is
// wrong: the attribution is the other report's, not words said.
//
//   - "The US has the most deaths, according to the JHU data; at least
//     55,000 deaths …, according to the Vox website." The Vox reading
//     took the sentence from its start, the JHU report and its
//     "according to the JHU data" with it: its words start after that.
//   - "a move whose rarity, CBS noted, highlighted the significance of
//     the resolution": "highlighted" read with everything before it,
//     "CBS noted" inside, is nothing once CBS's report is taken out.
//   - A quotation or an interview answer holds a reading whose speaker it
//     names itself ("… Thus Precision Policies." at the end of an answer):
//     the words are the quotation's speaker's.
//
// f.cands must be sorted by content start; they stay so.
func (f *finder) twins() {
	drop := make([]bool, len(f.cands))
	// A moved start can meet another reading's: read again until none
	// moves (each pass moves a start forward or drops a reading).
	for again := true; again; {
		again = false
		for i := range f.cands {
			for j := i + 1; j < len(f.cands) && f.cands[j].content[0] == f.cands[i].content[0]; j++ {
				a, b := &f.cands[i], &f.cands[j]
				if drop[i] || drop[j] || a.content == b.content {
					continue // the same words: the duplicate rule's
				}
				switch {
				case a.kind == rapporteur.Direct && b.kind != rapporteur.Direct && f.holdsReport(a, b):
					drop[j] = true
				case b.kind == rapporteur.Direct && a.kind != rapporteur.Direct && f.holdsReport(b, a):
					drop[i] = true
				case f.clauseOf(a, b):
					drop[j] = true
				case f.clauseOf(b, a):
					drop[i] = true
				case a.kind == rapporteur.Direct || b.kind == rapporteur.Direct:
					// A quotation's words are its own; the other reading,
					// if wrong, is wrong elsewhere.
				case f.runsOver(a, b) && !f.runsOver(b, a):
					drop[i], again = f.settle(a, b)
				case f.runsOver(b, a) && !f.runsOver(a, b):
					drop[j], again = f.settle(b, a)
				}
			}
		}
		if again {
			sortKeeping(f.cands, drop)
		}
	}
	kept := f.cands[:0]
	for i, c := range f.cands {
		if !drop[i] {
			kept = append(kept, c)
		}
	}
	f.cands = kept
}

// sortKeeping sorts cs by content start, stably, moving each one's drop
// mark with it.
func sortKeeping(cs []cand, drop []bool) {
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return cs[idx[i]].content[0] < cs[idx[j]].content[0] })
	c2, d2 := make([]cand, len(cs)), make([]bool, len(cs))
	for i, k := range idx {
		c2[i], d2[i] = cs[k], drop[k]
	}
	copy(cs, c2)
	copy(drop, d2)
}

// attribution returns the rune range of c's attribution: its cue, or its
// own source when it has no cue; ok is false when it has neither.
func (f *finder) attribution(c *cand) (lo, hi int, ok bool) {
	switch {
	case c.cue[0] >= 0:
		lo, hi = f.toks[c.cue[0]].Start, f.toks[c.cue[1]-1].End
	case c.source[0] >= 0 && c.source[1] > c.source[0] && !c.borrow:
		lo, hi = f.toks[c.source[0]].Start, f.toks[c.source[1]-1].End
	default:
		return 0, 0, false
	}
	if c.source[0] >= 0 && c.source[1] > c.source[0] && !c.borrow {
		lo = min(lo, f.toks[c.source[0]].Start)
		hi = max(hi, f.toks[c.source[1]-1].End)
	}
	return lo, hi, true
}

// holdsReport reports whether the content of a holds the attribution of b.
func (f *finder) holdsReport(a, b *cand) bool {
	lo, hi, ok := f.attribution(b)
	return ok && a.content[0] <= lo && hi <= a.content[1]
}

// runsOver reports whether a's content holds b's attribution though a's
// own cue lies outside it: a reads b's report as words said. A content
// that holds its own cue ("…, CBS noted, …") holds whatever its sentence
// holds.
//
// b's attribution must be closed by punctuation ("according to the JHU
// data;", "CBS noted,"): one that runs on into words ("the economy added
// 215,000 jobs", "Hsieh insisted on the use of …") is a verb of the
// sentence a reports, which b misread as a cue, and a is right.
func (f *finder) runsOver(a, b *cand) bool {
	if a.cue[0] >= 0 && a.content[0] <= f.toks[a.cue[0]].Start && f.toks[a.cue[1]-1].End <= a.content[1] {
		return false
	}
	if !f.holdsReport(a, b) || !f.relay(b) {
		return false
	}
	_, hi, _ := f.attribution(b)
	return f.punct(searchTok(f.toks, hi), ",;:.")
}

// relay reports whether c's attribution reads as one whatever its verb:
// a prepositional cue ("according to X") or a source before its cue ("CBS
// noted", "the Times reported"). A source after a verb is as often the
// verb's object ("did not answer his cellular phone", "highlighted the
// significance of the resolution") as a speaker ("…, said the minister").
func (f *finder) relay(c *cand) bool {
	if c.cue[0] < 0 {
		return false
	}
	for _, q := range f.l.cues[f.toks[c.cue[0]].Lower] {
		if q.form == formPrep {
			return true
		}
	}
	return c.source[0] >= 0 && !c.borrow && c.source[1] <= c.cue[0]
}

// settle settles a, which runs over b's attribution: its words start
// after it ("…, according to the JHU data; at least 55,000 deaths …");
// when fewer than two words are left, a has no words of its own. Then a
// relay of b's report stays as it is ("…, he said, according to the
// complaint", "…, according to officials, the Times reported": b's words,
// told on by a), and anything else goes. drop says a goes, moved that its
// start moved.
func (f *finder) settle(a, b *cand) (drop, moved bool) {
	_, hi, _ := f.attribution(b)
	k := searchTok(f.toks, hi)
	for k < len(f.toks) && !f.word(k) && f.toks[k].Start < a.content[1] {
		k++
	}
	if k < len(f.toks) && f.toks[k].Start < a.content[1] && f.words(k, searchTok(f.toks, a.content[1])) >= 2 {
		a.content[0] = f.toks[k].Start
		return false, true
	}
	return !f.relay(a), false
}

// clauseOf reports whether b is a clause of a's words misread as a
// report: b's subject and verb lie inside a's content and the verb runs
// on into a's words ("…, the United States economy added 215,000 jobs in
// July, the Bureau of Labor Statistics said": "added" is no cue of
// "Continuing a trend of steady employment growth"). A quotation is
// never such a clause.
func (f *finder) clauseOf(a, b *cand) bool {
	if b.kind == rapporteur.Direct || b.cue[0] < 0 || b.borrow || b.source[0] < 0 || b.source[1] > b.cue[0] {
		return false
	}
	lo, hi := f.toks[b.source[0]].Start, f.toks[b.cue[1]-1].End
	if lo < a.content[0] || hi > a.content[1] || a.content[1] <= b.content[1] {
		return false
	}
	if a.cue[0] >= 0 && a.content[0] <= f.toks[a.cue[0]].Start && f.toks[a.cue[1]-1].End <= a.content[1] {
		return false // a's content holds its own cue: it holds its whole sentence
	}
	for _, c := range f.l.cues[f.toks[b.cue[0]].Lower] {
		if c.obj {
			return false // "Reeves told the Coalition …": the hearer follows
		}
	}
	k := b.cue[1]
	return k < len(f.toks) && f.toks[k].Start < a.content[1] && f.toks[k].Kind != tPunct
}
