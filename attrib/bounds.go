package attrib

import (
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
)

// The boundary model moves where a reported content starts and ends. The
// rules and the span model find most indirect contents but cut them at
// their own conventions ("to disclose detailed medical records" for
// "detailed medical records", "it will have 18 fact-checkers working" for
// the whole clause to its "and …"); on PolNeAR dev a third of the
// contents found had a wrong boundary. For each content with a cue it
// ranks the token positions near its start, and those near its end, with
// a linear model trained on PolNeAR train to pick the gold boundary from
// among the positions around the pipeline's own reading (a ranking
// perceptron, averaged), and keeps the best of each. Quotations (direct
// statements) keep their marks as boundaries.

// boundWindow is how many tokens a boundary may move either way.
const boundWindow = 30

// boundMargin is how much better than the pipeline's own boundary another
// must score to replace it, by role (picked on PolNeAR dev, with GGT's
// speaker score as the check: below it, content moves such as "Jones' dog
// didn't bark" → "didn't bark" broke constructions for no gain, and
// source moves cost GGT speakers).
var boundMargin = [...]float32{roleSource: 6, roleCue: 3, roleContent: 6}

// Feature template ids of the boundary model (apart from the span
// model's: hashed into their own weights).
const (
	bsOff byte = iota + 1
	bsW0
	bsWm1
	bsWp1
	bsPair
	bsPos
	bsPosPair
	bsCue
	bsCueDist
	bsSent
	bsModel
	bsRule
	bsQuote
	beOff
	beW0
	beWm1
	beWp1
	bePair
	bePos
	bePosPair
	beSentEnd
	beBlocked
	beModel
	beRule
	beQuote
	bsDir
	beLen
	bsCueWord
	beCueWord
	beNext
)

// boundTemplates identifies the boundary features; a model trained with
// others is refused at load.
const boundTemplates = "bounds/v2:content,cue,source;off,w0,w-1,w+1,pair,pos,pos-pair,cue,cue-dist,sent,model,rule,quote,dir,cueword|off,w0,w-1,w+1,pair,pos,pos-pair,sent-end,blocked,model,rule,quote,len,cueword,next;window=30;tagger=ud-ewt-upos"

// boundModel scores a boundary position: the sum of its features' weights.
type boundModel struct{ hashedWeights }

// boundCtx is one content whose boundaries are ranked.
type boundCtx struct {
	f      *finder
	z      *featurizer
	labels []int
	c      *cand
	i      int  // c's index in the finder's candidates
	a, b   int  // the proposed token range
	lo, hi int  // the range the content may take
	bits   uint // the boundary model's hash bits
	cue    string
	after  bool // the content follows its cue
	role   int  // whose boundaries: roleContent, roleCue or roleSource
}

// eligible says whether the boundary model reads a candidate: an indirect
// or mixed content with a cue, read from the text (not an interview turn).
func eligible(c *cand) bool {
	return c.kind != rapporteur.Direct && c.cue[0] >= 0 && c.fixed == nil && !c.block && c.content[1] > c.content[0]
}

// reach returns the tokens [lo, hi) the boundaries of span [a, b) may
// move in: up to left tokens before it and right after it, within the
// sentences it lies in, and not across the spans of blocks (the
// statement's other parts). ok is false when a block lies inside [a, b).
func reach(f *finder, z *featurizer, a, b, left, right int, blocks ...[2]int) (lo, hi int, ok bool) {
	lo, hi = a, b
	for lo > 0 && a-lo < left && z.sent[lo-1] == z.sent[a] {
		lo--
	}
	for hi < len(f.toks) && hi-b < right && z.sent[hi] == z.sent[b-1] {
		hi++
	}
	for _, x := range blocks {
		switch {
		case x[1] <= x[0]:
		case x[1] <= a:
			lo = max(lo, x[1])
		case x[0] >= b:
			hi = min(hi, x[0])
		default:
			return lo, hi, false
		}
	}
	return lo, hi, true
}

// boundContexts returns the contexts of f's eligible candidates, each with
// the range its content may move in: its paragraph, away from its own cue
// and source, and from the other statements' contents.
func boundContexts(f *finder, z *featurizer, labels []int, bits uint) []boundCtx {
	own := contentOwners(f)
	var out []boundCtx
	for i := range f.cands {
		c := &f.cands[i]
		a, b := f.tokenRange(c.content[0], c.content[1])
		if !eligible(c) || b <= a || b > len(f.toks) {
			continue
		}
		// A boundary moves within the sentences the content lies in: a
		// reported clause that runs on into the next sentence is rare, and
		// a heading or caption run into a sentence is not one.
		// A cue or source inside the content is a split quote.
		lo, hi, ok := reach(f, z, a, b, boundWindow, boundWindow, c.cue, c.source)
		lo, hi = own.free(i, a, b, lo, hi)
		if f.modeOf(*c) == rapporteur.Stance {
			// A stance takes its object ("criticized the new rota and
			// later walked out"): PolNeAR often runs it on, a reader of
			// who said what does not want it longer.
			hi = min(hi, b)
		}
		if !ok || lo >= hi {
			continue
		}
		x := boundCtx{f: f, z: z, labels: labels, c: c, i: i, a: a, b: b, lo: lo, hi: hi, bits: bits, after: a >= c.cue[1], role: roleContent}
		var cw strings.Builder
		for k := c.cue[0]; k < c.cue[1]; k++ {
			if k > c.cue[0] {
				cw.WriteByte(' ')
			}
			cw.WriteString(f.toks[k].Lower)
		}
		x.cue = cw.String()
		out = append(out, x)
	}
	return out
}

// signed maps a signed distance to a small class (see bucket).
func signed(d int) int {
	if d < 0 {
		return -bucket(-d)
	}
	return bucket(d)
}

func (x *boundCtx) word(k int) string { return x.z.sameParaWord(k, x.f.toks[x.a].Para) }

func (x *boundCtx) pos(k int) string {
	if k < 0 || k >= len(x.f.toks) || x.f.toks[k].Para != x.f.toks[x.a].Para {
		return "<p>"
	}
	return x.z.pos[k]
}

func (x *boundCtx) label(k int) int {
	if k < 0 || k >= len(x.labels) {
		return -1
	}
	return x.labels[k]
}

func (x *boundCtx) rule(k int) int {
	if k < 0 || k >= len(x.z.rule) {
		return -1
	}
	return int(x.z.rule[k])
}

// quoteState is 0 outside a quotation, 1 inside, 2 a closing and 3 an
// opening mark.
func (x *boundCtx) quoteState(k int) int {
	if k < 0 || k >= len(x.f.toks) {
		return 4
	}
	t := &x.f.toks[k]
	switch {
	case t.Kind == tQuote && t.Open:
		return 3
	case t.Kind == tQuote:
		return 2
	case t.Quote >= 0:
		return 1
	}
	return 0
}

func (x *boundCtx) dir() int {
	d := 0
	if x.after {
		d = 1
	}
	if x.c.model {
		d += 2
	}
	return d + 4*(x.role-1)
}

// startFeats appends the features of the content starting at token s.
func (x *boundCtx) startFeats(s int, buf []uint32) []uint32 {
	mask := uint32(1)<<x.bits - 1
	add := func(h hasher) { buf = append(buf, uint32(h)&mask) }
	d := x.dir()
	w0, wm1 := x.word(s), x.word(s-1)
	add(hashOf(bsOff).num(signed(s-x.a)*16 + d))
	add(hashOf(bsW0).str(w0))
	add(hashOf(bsWm1).str(wm1))
	add(hashOf(bsWp1).str(x.word(s + 1)))
	add(hashOf(bsPair).str(wm1).str(w0))
	add(hashOf(bsPos).str(x.pos(s)).num(d))
	add(hashOf(bsPosPair).str(x.pos(s - 1)).str(x.pos(s)))
	add(hashOf(bsCue).str(x.cue).str(w0))
	cd := s - x.c.cue[1]
	if !x.after {
		cd = -1
	}
	add(hashOf(bsCueDist).num(bucket(cd)))
	if x.z.first[s] {
		add(hashOf(bsSent).num(d))
	}
	add(hashOf(bsModel).num(x.label(s-1)*16 + x.label(s)))
	add(hashOf(bsRule).num(x.rule(s-1)*16 + x.rule(s)))
	add(hashOf(bsQuote).num(x.quoteState(s-1)*8 + x.quoteState(s)))
	add(hashOf(bsDir).num(d).str(w0))
	if s > 0 && x.f.isCueWord(s-1) {
		add(hashOf(bsCueWord).num(d))
	}
	if x.f.isCueWord(s) {
		add(hashOf(bsCueWord).num(d + 16))
	}
	return buf
}

// endFeats appends the features of the content ending before token e.
func (x *boundCtx) endFeats(e int, buf []uint32) []uint32 {
	mask := uint32(1)<<x.bits - 1
	add := func(h hasher) { buf = append(buf, uint32(h)&mask) }
	d := x.dir()
	wl, w0 := x.word(e-1), x.word(e)
	add(hashOf(beOff).num(signed(e-x.b)*16 + d))
	add(hashOf(beW0).str(w0))
	add(hashOf(beWm1).str(wl))
	add(hashOf(beWp1).str(x.word(e + 1)))
	add(hashOf(bePair).str(wl).str(w0))
	add(hashOf(bePos).str(x.pos(e)).num(d))
	add(hashOf(bePosPair).str(x.pos(e - 1)).str(x.pos(e)))
	end := e >= len(x.f.toks) || x.z.first[e] || x.f.toks[e].Para != x.f.toks[x.a].Para
	if !end && x.f.punct(e, ".?!") && (e+1 >= len(x.f.toks) || x.z.first[e+1] || x.f.toks[e+1].Para != x.f.toks[e].Para) {
		end = true
	}
	if end {
		add(hashOf(beSentEnd).num(d))
	}
	if e == x.hi {
		add(hashOf(beBlocked).num(d))
	}
	add(hashOf(beModel).num(x.label(e-1)*16 + x.label(e)))
	add(hashOf(beRule).num(x.rule(e-1)*16 + x.rule(e)))
	add(hashOf(beQuote).num(x.quoteState(e-1)*8 + x.quoteState(e)))
	add(hashOf(beLen).num(bucket(e - x.a)))
	if e < len(x.f.toks) && x.f.isCueWord(e) {
		add(hashOf(beCueWord).num(d))
	}
	if e+1 < len(x.f.toks) && x.f.isCueWord(e+1) {
		add(hashOf(beCueWord).num(d + 16))
	}
	add(hashOf(beNext).str(x.pos(e)).str(x.pos(e + 1)).str(x.word(e)))
	return buf
}

func (m *boundModel) score(fs []uint32) float32 { return m.sum(fs) }

// best returns the start and end the model ranks first in x.
func (m *boundModel) best(x *boundCtx, buf []uint32) (int, int, []uint32) {
	buf = x.startFeats(x.a, buf[:0])
	bs, bsScore := x.a, m.score(buf)+boundMargin[x.role]
	for s := x.lo; s < x.b; s++ {
		buf = x.startFeats(s, buf[:0])
		if v := m.score(buf); v > bsScore {
			bs, bsScore = s, v
		}
	}
	buf = x.endFeats(x.b, buf[:0])
	be, beScore := x.b, m.score(buf)+boundMargin[x.role]
	for e := x.a + 1; e <= x.hi; e++ {
		buf = x.endFeats(e, buf[:0])
		if v := m.score(buf); v > beScore {
			be, beScore = e, v
		}
	}
	return bs, be, buf
}

// rebound moves the boundaries of f's eligible contents where the model
// ranks other positions first.
func (m *boundModel) rebound(f *finder, z *featurizer, labels []int) {
	// The mode is read from the words around the content as the pipeline
	// found it ("admitted that …" is speech): a boundary moved does not
	// change what kind of statement it is.
	for i := range f.cands {
		f.cands[i].mode = f.modeOf(f.cands[i])
	}
	var buf []uint32
	own := contentOwners(f)
	for _, x := range boundContexts(f, z, labels, m.bits) {
		var s, e int
		s, e, buf = m.best(&x, buf)
		// Contents before it may have moved: another's words stay its.
		if s == x.a && e == x.b || s >= e || own.overlaps(x.i, s, e) {
			continue
		}
		x.c.apply(f, s, e)
		own.set(x.i, x.a, x.b, -1)
		na, nb := f.tokenRange(x.c.content[0], x.c.content[1])
		own.set(x.i, na, nb, int32(x.i))
	}
	// Then the cues and sources, against the contents as they now are.
	for _, x := range partContexts(f, z, labels, m.bits) {
		var s, e int
		s, e, buf = m.best(&x, buf)
		// PolNeAR's scorer ignores the comma after an apposition ("Tomasz
		// Kubiak, a fire service spokesman,"); a reader sees it.
		for s < e && f.punct(s, ",;:") {
			s++
		}
		for e > s && f.punct(e-1, ",;:") {
			e--
		}
		if s == x.a && e == x.b || s >= e {
			continue
		}
		for i := range f.cands {
			c := &f.cands[i]
			r := &c.cue
			if x.role == roleSource {
				r = &c.source
			}
			if r[0] == x.a && r[1] == x.b {
				*r = [2]int{s, e}
			}
		}
	}
}

// partContexts returns the contexts of the cues and sources of f's
// candidates read from the text, each once, with the range it may move
// in: its sentence, a few words either way, away from its statement's
// other parts and the other statements' contents.
func partContexts(f *finder, z *featurizer, labels []int, bits uint) []boundCtx {
	own := contentOwners(f)
	var out []boundCtx
	seen := map[[3]int]bool{}
	for i := range f.cands {
		c := &f.cands[i]
		if c.fixed != nil || c.cue[0] < 0 || c.content[1] <= c.content[0] {
			continue
		}
		ca, cb := f.tokenRange(c.content[0], c.content[1])
		for _, role := range []int{roleCue, roleSource} {
			// A cue takes in the auxiliaries and adverbs before it ("is
			// calling for", "also said"), as PolNeAR marks them; not the
			// words after it: "said in a statement", "wrote on Twitter"
			// are no cues to a reader (nor to GGT).
			r, other, left, right := c.cue, c.source, 4, 0
			if role == roleSource {
				r, other, left, right = c.source, c.cue, 8, 8
				if c.borrow {
					continue // the source of the statement before
				}
			}
			a, b := r[0], r[1]
			if a < 0 || b <= a || b > len(f.toks) || seen[[3]int{role, a, b}] {
				continue
			}
			seen[[3]int{role, a, b}] = true
			lo, hi, ok := reach(f, z, a, b, left, right, [2]int{ca, cb}, other)
			if !ok || lo >= hi {
				continue
			}
			if own.overlaps(i, a, b) {
				continue // a cue or source inside another statement's content
			}
			lo, hi = own.free(i, a, b, lo, hi)
			if lo >= hi {
				continue
			}
			x := boundCtx{f: f, z: z, labels: labels, c: c, i: i, a: a, b: b, lo: lo, hi: hi, bits: bits, after: ca >= c.cue[1], role: role}
			x.cue = f.toks[c.cue[0]].Lower
			out = append(out, x)
		}
	}
	return out
}

// owners says, for each token, which candidate's content holds it: -1
// none, -2 several. It keeps the boundary model linear in the length of an
// article: a span looks at the tokens in its reach, not at every other
// statement.
type owners []int32

func contentOwners(f *finder) owners {
	own := make(owners, len(f.toks))
	for k := range own {
		own[k] = -1
	}
	for i, c := range f.cands {
		if c.content[1] <= c.content[0] {
			continue
		}
		a, b := f.tokenRange(c.content[0], c.content[1])
		for k := a; k < b; k++ {
			if own[k] == -1 {
				own[k] = int32(i)
			} else {
				own[k] = -2
			}
		}
	}
	return own
}

// free narrows [lo, hi) around [a, b) to the tokens no other candidate
// than i holds.
func (own owners) free(i, a, b, lo, hi int) (int, int) {
	for k := a - 1; k >= lo; k-- {
		if o := own[k]; o != -1 && o != int32(i) {
			lo = k + 1
			break
		}
	}
	for k := b; k < hi; k++ {
		if o := own[k]; o != -1 && o != int32(i) {
			hi = k
			break
		}
	}
	return lo, hi
}

// overlaps reports whether another candidate than i holds a token of
// [a, b).
func (own owners) overlaps(i, a, b int) bool {
	for k := max(a, 0); k < b && k < len(own); k++ {
		if o := own[k]; o != -1 && o != int32(i) {
			return true
		}
	}
	return false
}

// set marks the tokens of [a, b) that i or nobody holds as v's.
func (own owners) set(i, a, b int, v int32) {
	for k := max(a, 0); k < b && k < len(own); k++ {
		if own[k] == -1 || own[k] == int32(i) {
			own[k] = v
		}
	}
}

// apply gives c the content of tokens [s, e), trailing punctuation off.
func (c *cand) apply(f *finder, s, e int) {
	// "said that …": the complementizer is no part of what was said, as
	// the rules read it.
	for s < e && (f.punct(s, ",:;—–-") || f.word(s) && f.toks[s].Quote < 0 && f.l.is(f.toks[s].Lower, clThat)) {
		s++
	}
	// A quotation is taken whole at either end: its opening mark, and the
	// punctuation and closing mark after its last word ("the levy was a
	// “fair price.”").
	if s > 0 && f.toks[s-1].Kind == tQuote && f.toks[s-1].Open && f.toks[s].Quote == f.toks[s-1].Quote {
		s--
	}
	if qi := f.toks[e-1].Quote; qi >= 0 {
		for k := e; k < len(f.toks) && f.toks[k].Kind != tWord && f.toks[k].Quote == qi; k++ {
			if f.toks[k].Kind == tQuote && !f.toks[k].Open {
				e = k + 1
				break
			}
		}
	}
	e = f.trimEnd(s, e)
	if e <= s || f.words(s, e) == 0 {
		return
	}
	kind := rapporteur.Indirect
	for k := s; k < e; k++ {
		if f.toks[k].Quote >= 0 {
			kind = rapporteur.Mixed
			f.quotes[f.toks[k].Quote].used = true
		}
	}
	c.kind = kind
	c.content = f.span(s, e)
}

// BoundModel is a trained boundary model, to write with WriteTo and load
// with an Attributor option.
type BoundModel struct{ m *boundModel }

// boundInst is one ranking problem of training: the features of each
// candidate position and which positions are right.
type boundInst struct {
	feats [][]uint32
	right []bool
	base  int // the position the pipeline read
	role  int
	// show renders the content with position k as its boundary (for
	// error analysis).
	show func(k int) string
}

// TrainBounds trains the boundary model on docs: at must read statements
// with the span model the boundary model will serve, since it learns to
// correct that reading. The same documents and options give the same
// model, byte for byte.
func (at *Attributor) TrainBounds(docs []TrainDoc, o TrainOptions) (*BoundModel, error) {
	if o.Bits == 0 {
		o.Bits = 18
	}
	if o.Epochs == 0 {
		o.Epochs = 8
	}
	if at.spans[fallback] == nil {
		return nil, errors.New("train bounds: the attributor has no span model")
	}
	insts := at.boundInstances(docs, o.Bits)
	if len(insts) == 0 {
		return nil, errors.New("train bounds: no content to learn from")
	}
	m := &boundModel{hashedWeights{bits: o.Bits, w: make([]float32, 1<<o.Bits)}}
	n := o.shuffles()
	for r := range n {
		for i, v := range trainBoundRun(insts, o, shuffleRNG(o.Seed, 0xb0d5, r)) {
			m.w[i] += v / float32(n)
		}
	}
	return &BoundModel{m: m}, nil
}

// trainBoundRun is one averaged-perceptron training of the boundary
// model, its instances in the order rng gives; it returns the averaged
// weights.
func trainBoundRun(insts []boundInst, o TrainOptions, rng *rand.Rand) []float32 {
	m := &boundModel{hashedWeights{bits: o.Bits, w: make([]float32, 1<<o.Bits)}}
	u := make([]float32, len(m.w))
	c := float32(1)
	order := make([]int, len(insts))
	for i := range order {
		order[i] = i
	}
	for epoch := range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right := 0
		for _, ii := range order {
			in := insts[ii]
			pred, gold := -1, -1
			var ps, gs float32
			for k, fs := range in.feats {
				v := m.score(fs)
				if pred < 0 || v > ps {
					pred, ps = k, v
				}
				if in.right[k] && (gold < 0 || v > gs) {
					gold, gs = k, v
				}
			}
			if in.right[pred] {
				right++
			} else {
				for _, b := range in.feats[gold] {
					m.w[b]++
					u[b] += c
				}
				for _, b := range in.feats[pred] {
					m.w[b]--
					u[b] -= c
				}
			}
			c++
		}
		if o.Progress != nil {
			o.Progress(epoch+1, float64(right)/float64(len(insts)))
		}
	}
	for i := range m.w {
		m.w[i] -= u[i] / c
	}
	return m.w
}

// boundInstances reads docs as at does and returns the ranking problems of
// their eligible contents that overlap a gold content piece: one for the
// start and one for the end, where some position in reach is right.
func (at *Attributor) boundInstances(docs []TrainDoc, bits uint) []boundInst {
	l := at.langs[fallback]
	var insts []boundInst
	for _, d := range docs {
		doc := l.parse(d.Text)
		f, _, z, labels := at.read(fallback, l, doc)
		if z == nil {
			continue
		}
		var gold [][2]int // normalised rune ranges of gold content pieces
		var goldTok [][2]int
		for _, s := range d.Spans {
			if s.Label != "Content" {
				continue
			}
			for _, p := range s.Parts {
				n := normRunes(doc.Runes, p[0], p[1])
				if n[1] <= n[0] {
					continue
				}
				a, b := f.tokenRange(p[0], p[1])
				gold = append(gold, n)
				goldTok = append(goldTok, [2]int{a, b})
			}
		}
		goldOf := map[int][][2]int{} // per role, normalised rune ranges and token ranges
		goldTokOf := map[int][][2]int{roleContent: goldTok}
		goldOf[roleContent] = gold
		for _, s := range d.Spans {
			role := map[string]int{"Cue": roleCue, "Source": roleSource}[s.Label]
			if role == 0 {
				continue
			}
			for _, p := range s.Parts {
				n := normRunes(doc.Runes, p[0], p[1])
				if n[1] <= n[0] {
					continue
				}
				a, b := f.tokenRange(p[0], p[1])
				goldOf[role] = append(goldOf[role], n)
				goldTokOf[role] = append(goldTokOf[role], [2]int{a, b})
			}
		}
		for _, x := range append(boundContexts(f, z, labels, bits), partContexts(f, z, labels, bits)...) {
			gold, goldTok := goldOf[x.role], goldTokOf[x.role]
			// The gold piece the span overlaps most.
			g, most := -1, 0
			for i, t := range goldTok {
				if in := min(t[1], x.b) - max(t[0], x.a); in > most {
					g, most = i, in
				}
			}
			if g < 0 {
				continue
			}
			ga, gb := goldTok[g][0], goldTok[g][1]
			rs, toks, xa, xb, lo := doc.Runes, f.toks, x.a, x.b, x.lo
			si := boundInst{base: x.a - x.lo, role: x.role, show: func(k int) string {
				return string(rs[toks[lo+k].Start:toks[xb-1].End])
			}}
			for s := x.lo; s < x.b; s++ {
				si.feats = append(si.feats, x.startFeats(s, nil))
				si.right = append(si.right, s < gb && normRunes(doc.Runes, f.toks[s].Start, f.toks[max(gb, s+1)-1].End)[0] == gold[g][0])
			}
			ei := boundInst{base: x.b - x.a - 1, role: x.role, show: func(k int) string {
				return string(rs[toks[xa].Start:toks[xa+k].End])
			}}
			for e := x.a + 1; e <= x.hi; e++ {
				ei.feats = append(ei.feats, x.endFeats(e, nil))
				ei.right = append(ei.right, e > ga && normRunes(doc.Runes, f.toks[min(ga, e-1)].Start, f.toks[e-1].End)[1] == gold[g][1])
			}
			for _, in := range []boundInst{si, ei} {
				if slicesContains(in.right, true) {
					insts = append(insts, in)
				}
			}
		}
	}
	return insts
}

func slicesContains(s []bool, v bool) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// quoteMarks are the marks the PolNeAR scorer trims (eval/polnear.go).
const quoteMarks = "\"'`“”„‟«»‹›‘’‚‛"

// normRunes trims a rune range as the PolNeAR scorer does before it
// compares spans: white space and quote marks at both ends, trailing
// ".,;:", and a leading "that ".
func normRunes(rs []rune, s, e int) [2]int {
	s, e = max(0, min(s, len(rs))), max(0, min(e, len(rs)))
	for {
		ps, pe := s, e
		for s < e && (unicode.IsSpace(rs[s]) || strings.ContainsRune(quoteMarks, rs[s])) {
			s++
		}
		for e > s && (unicode.IsSpace(rs[e-1]) || strings.ContainsRune(quoteMarks+".,;:", rs[e-1])) {
			e--
		}
		if e-s > 5 && strings.EqualFold(string(rs[s:s+4]), "that") && unicode.IsSpace(rs[s+4]) {
			s += 5
		}
		if s == ps && e == pe {
			break
		}
	}
	if s >= e {
		return [2]int{s, s}
	}
	return [2]int{s, e}
}

// The boundary model file: a header, then the weights as int16 scaled by
// a factor, little-endian, gzip-compressed.
const boundMagic = "RAPBOUND"

// WriteTo writes the model.
func (bm *BoundModel) WriteTo(w io.Writer) (int64, error) {
	return bm.m.write(w, boundMagic, boundTemplates)
}

// readBoundModel reads a boundary model file, refusing one of another
// format or template set with an error that says so.
func readBoundModel(r io.Reader) (*boundModel, error) {
	hw, err := readHashedWeights(r, "boundary model", boundMagic, boundTemplates)
	if err != nil {
		return nil, err
	}
	return &boundModel{hw}, nil
}
