package attrib

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur/attrib/tag"
)

// The span model labels every token of a paragraph as outside a statement,
// or as the beginning or inside of its source, cue or content (BIO), with
// a first-order structured perceptron decoded by Viterbi. Its features are
// the words around the token, their shapes and suffixes, the quotation
// state, the cue lexicon, the word classes, and the rule engine's own
// reading of the token: the rules' knowledge enters as evidence the model
// learns to trust or overrule, not as constraints.

// Labels of the span model.
const (
	lO = iota
	lBS
	lIS
	lBC
	lIC
	lBQ
	lIQ
	nLabels
)

// role is what a label marks: 0 none, then source, cue, content.
const (
	roleSource = 1 + iota
	roleCue
	roleContent
)

func labelRole(l int) int { return (l + 1) / 2 }

func begins(l int) bool { return l != lO && l%2 == 1 }

// allowed reports whether label cur may follow prev (nLabels: the start):
// an inside label continues its own span only.
func allowed(prev, cur int) bool {
	if cur == lO || begins(cur) {
		return true
	}
	return prev != nLabels && labelRole(prev) == labelRole(cur)
}

// prevsOf lists, for each label, the labels allowed before it, in
// order: viterbi's inner loop reads it instead of asking allowed of every
// pair (an inside label has two, not seven).
var prevsOf = func() (p [nLabels][]int) {
	for cur := range nLabels {
		for prev := range nLabels {
			if allowed(prev, cur) {
				p[cur] = append(p[cur], prev)
			}
		}
	}
	return p
}()

// Feature templates. The id is hashed with the value, so a template may be
// added without renumbering; templateSet names them for the model file's
// header, so a model trained with other templates is refused at load.
const (
	fBias byte = iota + 1
	fW0
	fWm1
	fWp1
	fWm2
	fWp2
	fSuf3
	fShape
	fQuote
	fRule
	fRulePrev
	fCueWord
	fClass
	fBigramL
	fBigramR
	fStart
	fCueLeft
	fCueRight
	fUpperPrev
	fRuleW0
	fPara
	fQuoteDist
	fSentSide
	fSuf2
	fRuleSent
	fPos0
	fPosM1
	fPosP1
	fPosBi
	fPosRule
	fPosW
	fCueModel
	fCueModelRule
	fCueModelL
	fCueModelR
)

// templateSet identifies the feature templates and their encoding; change
// it whenever a template changes meaning.
const templateSet = "spans/v3:bias,w0,w-1,w+1,w-2,w+2,suf3,shape,quote,rule,rule-1,cue,class,bi-l,bi-r,start,cue<,cue>,upper-1,rule+w0,para,qdist,sent-side,suf2,rule-sent,pos0,pos-1,pos+1,pos-bi,pos+rule,pos+w-1;tagger=ud-ewt-upos"

// cueSpanTemplates are the templates of a span model trained with the
// cue model's scores as features (TrainOptions.CueFolds): templateSet's,
// the cue model's, and the cue model's own.
const cueSpanTemplates = templateSet + ";cue-model,cue-model+rule,lcue<,lcue>;" + cueTemplates

// featurizer computes the hashed features of the tokens of one article.
type featurizer struct {
	f     *finder
	sent  []int   // sentence index of each token
	first []bool  // the token starts its sentence
	rule  []uint8 // the rules' label of each token
	cueL  []int   // distance to the nearest cue word on the left, -1 none
	cueR  []int
	side  []uint8  // where the token lies against its sentence's cue words
	rSent []uint8  // which roles the rules found in the token's sentence
	pos   []string // part-of-speech tag of each token
	// cue is the cue model's score of each token, nil without a cue
	// model; cueL and cueR are then the distances to the nearest token
	// it scores a cue, left and right in the sentence (-1 none).
	cue          []float32
	lcueL, lcueR []int
	bits         uint
	// read says which paragraphs the model reads; nil reads them all.
	read []bool
}

// newFeaturizer prepares the per-token context of f's tokens, in the
// paragraphs read says (all of them when read is nil).
func newFeaturizer(f *finder, sents []sentence, tagger *tag.Tagger, bits uint, read []bool) *featurizer {
	n := len(f.toks)
	z := &featurizer{f: f, sent: make([]int, n), first: make([]bool, n), rule: ruleLabels(f), bits: bits, read: read}
	z.pos = posTags(f.toks, sents, tagger, read)
	for i := range z.sent {
		z.sent[i] = -1
	}
	for si, s := range sents {
		for k := s.First; k <= s.Last && k < n; k++ {
			z.sent[k] = si
		}
		if s.First < n {
			z.first[s.First] = true
		}
	}
	z.cueL, z.cueR = nearest(n, func(a, b int) bool { return f.toks[a].Para == f.toks[b].Para }, f.isCueWord)
	// Against the cue words of its own sentence a token lies before the
	// first, between, on, or after the last (0 when the sentence has none);
	// and the rules' roles in the sentence say what kind of sentence it is.
	z.side = make([]uint8, n)
	z.rSent = make([]uint8, n)
	for _, s := range sents {
		lo, hi := s.First, min(s.Last, n-1)
		firstCue, lastCue := -1, -1
		var roles uint8
		for k := lo; k <= hi; k++ {
			if f.isCueWord(k) {
				if firstCue < 0 {
					firstCue = k
				}
				lastCue = k
			}
			if r := z.rule[k]; r != lO {
				roles |= 1 << labelRole(int(r))
			}
		}
		for k := lo; k <= hi; k++ {
			z.rSent[k] = roles
			switch {
			case firstCue < 0:
			case k < firstCue:
				z.side[k] = 1
			case k == firstCue || k == lastCue:
				z.side[k] = 2
			case k < lastCue:
				z.side[k] = 3
			default:
				z.side[k] = 4
			}
		}
	}
	return z
}

// posTags tags the tokens sentence by sentence, in the paragraphs read
// says; quote marks are given to the tagger as the straight marks its
// treebank mostly has.
func posTags(toks []token, sents []sentence, tagger *tag.Tagger, read []bool) []string {
	out := make([]string, len(toks))
	words := make([]string, 0, 64)
	tagged := make([]string, 0, 64)
	for _, s := range sents {
		lo, hi := s.First, min(s.Last+1, len(toks))
		if lo >= hi || read != nil && !read[toks[lo].Para] {
			continue
		}
		words = words[:0]
		for k := lo; k < hi; k++ {
			w := toks[k].Text
			if toks[k].Kind == tQuote {
				w = "\""
			}
			words = append(words, w)
		}
		tagged = tagger.AppendTags(tagged[:0], words)
		copy(out[lo:hi], tagged)
	}
	for k := range out {
		if out[k] == "" {
			out[k] = "X"
		}
	}
	return out
}

// modelParas says which paragraphs can hold a statement the model adds
// (see acceptNew): those with a quotation or a cue word of the lexicon.
// The model reads a paragraph on its own, so leaving out the others
// changes no statement and saves their tagging and decoding, most of
// the model's cost.
func (f *finder) modelParas() []bool {
	n := 0
	if len(f.toks) > 0 {
		n = f.toks[len(f.toks)-1].Para + 1
	}
	read := make([]bool, n)
	for k := range f.toks {
		if f.toks[k].Quote >= 0 || f.isCueWord(k) {
			read[f.toks[k].Para] = true
		}
	}
	return read
}

// isCueWord reports whether token k can start a cue of the lexicon.
func (f *finder) isCueWord(k int) bool {
	return len(f.cuesAt(k)) > 0
}

// cuesAt returns the lexicon's cues that start with word token k. The
// models' features ask it of every token several times, so the lexicon
// is read once per token.
func (f *finder) cuesAt(k int) []cue {
	if f.lexCues == nil {
		f.lexCues = make([][]cue, len(f.toks))
		for i := range f.toks {
			if f.toks[i].Kind == tWord {
				f.lexCues[i] = f.l.cues[f.toks[i].Lower]
			}
		}
	}
	return f.lexCues[k]
}

// ruleLabels turns the rule engine's candidates into a label per token.
func ruleLabels(f *finder) []uint8 {
	out := make([]uint8, len(f.toks))
	mark := func(a, b int, begin, inside uint8) {
		for k := a; k < b && k < len(out); k++ {
			if k == a {
				out[k] = begin
			} else {
				out[k] = inside
			}
		}
	}
	for _, c := range f.cands {
		if c.content[1] > c.content[0] {
			a, b := f.tokenRange(c.content[0], c.content[1])
			mark(a, b, lBQ, lIQ)
		}
		if c.source[0] >= 0 {
			mark(c.source[0], c.source[1], lBS, lIS)
		}
		if c.cue[0] >= 0 {
			mark(c.cue[0], c.cue[1], lBC, lIC)
		}
	}
	return out
}

// tokenRange returns the tokens whose code points lie mostly inside
// [start, end).
func (f *finder) tokenRange(start, end int) (int, int) {
	a := searchTok(f.toks, start)
	b := a
	for b < len(f.toks) && f.toks[b].Start < end {
		t := f.toks[b]
		in := min(t.End, end) - max(t.Start, start)
		if 2*in < t.End-t.Start && b == a {
			a++ // a token mostly before the span
		} else if 2*in < t.End-t.Start {
			break
		}
		b++
	}
	return a, max(a, b)
}

// searchTok returns the first token that ends after start.
func searchTok(toks []token, start int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].End <= start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// hasher builds FNV-1a hashes of a template id and its values without
// allocating.
type hasher uint32

const (
	fnvOffset hasher = 2166136261
	fnvPrime  hasher = 16777619
)

func hashOf(id byte) hasher { return (fnvOffset ^ hasher(id)) * fnvPrime }

func (h hasher) str(s string) hasher {
	// Four bytes a round: the same hash, with a quarter of the loop's
	// own instructions (the features hash a few hundred bytes a token).
	for len(s) >= 4 {
		h = (h ^ hasher(s[0])) * fnvPrime
		h = (h ^ hasher(s[1])) * fnvPrime
		h = (h ^ hasher(s[2])) * fnvPrime
		h = (h ^ hasher(s[3])) * fnvPrime
		s = s[4:]
	}
	for i := 0; i < len(s); i++ {
		h = (h ^ hasher(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime // a separator, so ("ab","c") ≠ ("a","bc")
}

// shape is str of shape(w), without building the string.
func (h hasher) shape(w string) hasher {
	var b [shapeMax]byte
	for _, c := range appendShape(b[:0], w) {
		h = (h ^ hasher(c)) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime
}

func (h hasher) num(n int) hasher {
	// The low four bytes, lowest first.
	h = (h ^ hasher(n&0xff)) * fnvPrime
	h = (h ^ hasher(n>>8&0xff)) * fnvPrime
	h = (h ^ hasher(n>>16&0xff)) * fnvPrime
	return (h ^ hasher(n>>24&0xff)) * fnvPrime
}

// word returns the lowered text of token k, or a boundary marker.
func (z *featurizer) word(k int) string {
	switch {
	case k < 0:
		return "<s>"
	case k >= len(z.f.toks):
		return "</s>"
	}
	t := &z.f.toks[k]
	if t.Kind == tQuote {
		return "<q>"
	}
	return t.Lower
}

// sameParaWord is word(k), or the paragraph boundary when k lies in
// another paragraph than p.
func (z *featurizer) sameParaWord(k, p int) string {
	if k < 0 || k >= len(z.f.toks) || z.f.toks[k].Para != p {
		return "<p>"
	}
	return z.word(k)
}

// feats appends the feature buckets of token k to buf.
func (z *featurizer) feats(k int, buf []uint32) []uint32 {
	t := &z.f.toks[k]
	mask := uint32(1)<<z.bits - 1
	add := func(h hasher) { buf = append(buf, uint32(h)&mask) }
	p := t.Para
	w0, wm1, wp1 := z.word(k), z.sameParaWord(k-1, p), z.sameParaWord(k+1, p)
	add(hashOf(fBias))
	add(hashOf(fW0).str(w0))
	add(hashOf(fWm1).str(wm1))
	add(hashOf(fWp1).str(wp1))
	add(hashOf(fWm2).str(z.sameParaWord(k-2, p)))
	add(hashOf(fWp2).str(z.sameParaWord(k+2, p)))
	add(hashOf(fSuf3).str(suffix(w0, 3)))
	add(hashOf(fShape).shape(t.Text))
	q := 0
	if t.Quote >= 0 {
		q = 1
	}
	if t.Kind == tQuote {
		q = 2
		if t.Open {
			q = 3
		}
	}
	add(hashOf(fQuote).num(q))
	r := int(z.rule[k])
	add(hashOf(fRule).num(r))
	rp := -1
	if k > 0 {
		rp = int(z.rule[k-1])
	}
	add(hashOf(fRulePrev).num(r*16 + rp + 1))
	add(hashOf(fRuleW0).num(r).str(w0))
	if z.f.isCueWord(k) {
		add(hashOf(fCueWord).str(w0))
		add(hashOf(fCueWord))
	}
	if c := z.f.l.class[t.Lower]; c != 0 {
		add(hashOf(fClass).num(int(c)))
	}
	add(hashOf(fBigramL).str(wm1).str(w0))
	add(hashOf(fBigramR).str(w0).str(wp1))
	if z.first[k] {
		add(hashOf(fStart).num(q))
	}
	add(hashOf(fCueLeft).num(bucket(z.cueL[k])*4 + q))
	add(hashOf(fCueRight).num(bucket(z.cueR[k])*4 + q))
	if t.Upper {
		add(hashOf(fUpperPrev).str(wm1))
	}
	if k == 0 || z.f.toks[k-1].Para != p {
		add(hashOf(fPara).num(0))
	} else if k == len(z.f.toks)-1 || z.f.toks[k+1].Para != p {
		add(hashOf(fPara).num(1))
	}
	pm1, pp1 := "<s>", "</s>"
	if k > 0 && z.f.toks[k-1].Para == p {
		pm1 = z.pos[k-1]
	}
	if k+1 < len(z.f.toks) && z.f.toks[k+1].Para == p {
		pp1 = z.pos[k+1]
	}
	add(hashOf(fPos0).str(z.pos[k]))
	add(hashOf(fPosM1).str(pm1))
	add(hashOf(fPosP1).str(pp1))
	add(hashOf(fPosBi).str(pm1).str(z.pos[k]).str(pp1))
	add(hashOf(fPosRule).str(z.pos[k]).num(r))
	add(hashOf(fPosW).str(z.pos[k]).str(wm1))
	add(hashOf(fSentSide).num(int(z.side[k])*4 + q))
	add(hashOf(fSuf2).str(suffix(w0, 2)))
	add(hashOf(fRuleSent).num(int(z.rSent[k])*8 + r))
	if t.Quote >= 0 {
		qt := z.f.quotes[t.Quote]
		add(hashOf(fQuoteDist).num(bucket(k-qt.First)*16 + bucket(qt.Last-k)))
	}
	if z.cue != nil {
		b := cueBin(z.cue[k])
		add(hashOf(fCueModel).num(b*4 + q))
		add(hashOf(fCueModelRule).num(b*16 + r))
		add(hashOf(fCueModelL).num(bucket(z.lcueL[k])*4 + q))
		add(hashOf(fCueModelR).num(bucket(z.lcueR[k])*4 + q))
	}
	return buf
}

// setCues gives the featurizer the cue model's scores of its tokens.
func (z *featurizer) setCues(scores []float32) {
	z.cue = scores
	z.lcueL, z.lcueR = nearest(len(scores), func(a, b int) bool { return z.sent[a] == z.sent[b] }, func(k int) bool { return scores[k] > 0 })
}

// nearest returns, for each of n tokens, the distance to the nearest
// marked token on its left and on its right within the same span (a
// paragraph, a sentence: same says whether two neighbours share one), -1
// when there is none.
func nearest(n int, same func(a, b int) bool, marked func(k int) bool) (left, right []int) {
	left, right = make([]int, n), make([]int, n)
	last := -1
	for k := 0; k < n; k++ {
		if k > 0 && !same(k, k-1) {
			last = -1
		}
		left[k] = -1
		if last >= 0 {
			left[k] = k - last
		}
		if marked(k) {
			last = k
		}
	}
	last = -1
	for k := n - 1; k >= 0; k-- {
		if k < n-1 && !same(k, k+1) {
			last = -1
		}
		right[k] = -1
		if last >= 0 {
			right[k] = last - k
		}
		if marked(k) {
			last = k
		}
	}
	return left, right
}

// cueBin maps a cue score to a small class.
func cueBin(s float32) int {
	switch {
	case s < -30:
		return 0
	case s < -10:
		return 1
	case s < 0:
		return 2
	case s < 10:
		return 3
	case s < 30:
		return 4
	}
	return 5
}

// bucket maps a distance to a small class: none, 0, 1, 2, 3–5, 6–10,
// 11–20, more.
func bucket(d int) int {
	switch {
	case d < 0:
		return 0
	case d <= 2:
		return d + 1
	case d <= 5:
		return 4
	case d <= 10:
		return 5
	case d <= 20:
		return 6
	}
	return 7
}

func suffix(w string, n int) string {
	if len(w) <= n {
		return w // no more runes than bytes
	}
	// The commonest case, an ASCII ending, without decoding: n ASCII
	// bytes at the end are the last n runes, and the bytes before them
	// hold at least one more.
	tail := w[len(w)-n:]
	ascii := true
	for i := 0; i < len(tail); i++ {
		if tail[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return tail
	}
	if utf8.RuneCountInString(w) <= n {
		return w
	}
	i := len(w)
	for range n {
		_, size := utf8.DecodeLastRuneInString(w[:i])
		i -= size
	}
	return w[i:]
}

// shapeMax bounds the length of a shape.
const shapeMax = 16

// shape maps a word to its character classes, runs collapsed: "Obama" →
// "Xx", "U.S." → "X.X.", "2020" → "d".
func shape(w string) string {
	var b [shapeMax]byte
	return string(appendShape(b[:0], w))
}

// appendShape appends the shape of w to dst (at most shapeMax bytes).
func appendShape(dst []byte, w string) []byte {
	var last byte
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = '.'
			if r < 0x80 {
				c = byte(r)
			}
		}
		if c != last && len(dst) < shapeMax {
			dst = append(dst, c)
		}
		last = c
	}
	return dst
}

// paragraphs returns the token ranges of the paragraphs of toks.
func paragraphs(toks []token) [][2]int {
	var out [][2]int
	for k := 0; k < len(toks); {
		e := k + 1
		for e < len(toks) && toks[e].Para == toks[k].Para {
			e++
		}
		out = append(out, [2]int{k, e})
		k = e
	}
	return out
}

// spanModel is the trained model: per feature bucket a weight for each
// label, and label transition weights.
type spanModel struct {
	bits uint
	// cues says the model reads the cue model's scores: it must run
	// with the cue model it was trained with.
	cues bool
	// w holds the weights while the model trains: bucket*nLabels + label.
	w []float32
	// rows holds them once read from its file: per bucket two words of
	// four 16-bit lanes, label l in lane l%4 of word l/4, each the
	// file's int16 weight plus qBias (so never negative); a weight is
	// (lane-qBias)*scale. The table is a third of w's size and a row
	// never straddles two cache lines, which matters because nearly
	// every row read misses the caches: decoding spent most of its time
	// waiting for w's rows (BENCHMARKS.md, issue 13, "text pipeline
	// speed"). Packed so, local sums a row in four word additions (two
	// lanes of 32 bits each) instead of seven loads and additions, which
	// leaves more rows in flight while the earlier ones wait on memory.
	rows  []uint64
	scale float32
	trans [nLabels + 1][nLabels]float32
}

// rowWords is the number of words of a row of spanModel.rows, and qBias
// what each lane adds to its weight.
const (
	rowWords = 2
	qBias    = 1 << 15
)

// packRow returns the row of spanModel.rows holding the int16 weights q
// (nLabels of them).
func packRow(q []int16) [rowWords]uint64 {
	var row [rowWords]uint64
	for l, v := range q[:nLabels] {
		row[l/4] |= uint64(int32(v)+qBias) << (16 * (l % 4))
	}
	for l := nLabels; l < 4*rowWords; l++ {
		row[l/4] |= qBias << (16 * (l % 4)) // padding: weight 0
	}
	return row
}

// unpackRow returns the int16 weights of a row of spanModel.rows.
func unpackRow(row []uint64) [nLabels]int16 {
	var q [nLabels]int16
	for l := range q {
		q[l] = int16(int32(row[l/4]>>(16*(l%4))&0xffff) - qBias)
	}
	return q
}

// local returns the summed weights of features fs for each label.
func (m *spanModel) local(fs []uint32) [nLabels]float32 {
	var local [nLabels]float32
	if m.rows != nil {
		// Each accumulator holds two labels in 32-bit lanes: the
		// even lanes of a row's word (labels 0 and 2 of its four),
		// or the odd lanes shifted down. A lane sums at most len(fs)
		// values under 2^16, so it cannot carry into the next while
		// len(fs) < 2^16; the sums, less the bias, are exactly those of
		// the file's int16 weights.
		const even = 0x0000ffff0000ffff
		var e0, o0, e1, o1 uint64
		for _, b := range fs {
			// An array pointer: one bounds check per row.
			row := (*[rowWords]uint64)(m.rows[int(b)*rowWords:])
			w0, w1 := row[0], row[1]
			e0 += w0 & even
			o0 += w0 >> 16 & even
			e1 += w1 & even
			o1 += w1 >> 16 & even
		}
		sums := [nLabels]uint64{e0, o0, e0 >> 32, o0 >> 32, e1, o1, e1 >> 32}
		bias := int64(len(fs)) * qBias
		for l, v := range sums {
			local[l] = float32(int32(int64(uint32(v))-bias)) * m.scale
		}
		return local
	}
	for _, b := range fs {
		row := (*[nLabels]float32)(m.w[int(b)*nLabels:])
		for l := range local {
			local[l] += row[l]
		}
	}
	return local
}

// viterbi writes the best label sequence of a paragraph's tokens, given
// their features, to out; with margin non-nil, it writes there how far
// each token's label scored above its best other label (the token's own
// evidence, transitions aside).
func (m *spanModel) viterbi(feats [][]uint32, out []int, margin []float32, sc *decodeScratch) {
	n := len(feats)
	if n == 0 {
		return
	}
	if sc == nil {
		sc = new(decodeScratch)
	}
	// Every entry of score, back and locals is written before it is
	// read, so the reused buffers need no clearing.
	sc.score, sc.back = grow(sc.score, n), grow(sc.back, n)
	score, back := sc.score, sc.back
	var locals [][nLabels]float32
	if margin != nil {
		sc.locals = grow(sc.locals, n)
		locals = sc.locals
	}
	for i, fs := range feats {
		local := m.local(fs)
		if locals != nil {
			locals[i] = local
		}
		for cur := 0; cur < nLabels; cur++ {
			best, arg := float32(-1e30), -1
			if i == 0 {
				if allowed(nLabels, cur) {
					best, arg = m.trans[nLabels][cur], nLabels
				}
			} else {
				for _, prev := range prevsOf[cur] {
					if s := score[i-1][prev] + m.trans[prev][cur]; s > best {
						best, arg = s, prev
					}
				}
			}
			score[i][cur] = best + local[cur]
			back[i][cur] = int8(arg)
		}
	}
	best, arg := float32(-1e30), 0
	for l := 0; l < nLabels; l++ {
		if score[n-1][l] > best {
			best, arg = score[n-1][l], l
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(back[i][arg])
	}
	for i := range locals {
		best := float32(-1e30)
		for l, v := range locals[i] {
			if l != out[i] && v > best {
				best = v
			}
		}
		margin[i] = locals[i][out[i]] - best
	}
}

// label returns the model's labels for every token of f, and the margin of
// each (see viterbi).
func (m *spanModel) label(z *featurizer) ([]int, []float32) {
	toks := z.f.toks
	labels := make([]int, len(toks))
	margins := make([]float32, len(toks))
	sc := scratchPool.Get().(*decodeScratch)
	defer scratchPool.Put(sc)
	buf, feats := sc.buf[:0], sc.feats[:0]
	for _, p := range paragraphs(toks) {
		if z.read != nil && !z.read[toks[p[0]].Para] {
			continue // all outside (lO), margin 0
		}
		feats = feats[:0]
		buf = buf[:0]
		for k := p[0]; k < p[1]; k++ {
			start := len(buf)
			buf = z.feats(k, buf)
			feats = append(feats, buf[start:len(buf):len(buf)])
		}
		m.viterbi(feats, labels[p[0]:p[1]], margins[p[0]:p[1]], sc)
	}
	sc.buf, sc.feats = buf, feats
	return labels, margins
}

// decodeScratch holds the buffers of decoding, reused from one article
// to the next: a long paragraph's features take tens of kilobytes, and
// allocating them afresh for every article was a third of the text
// pipeline's allocations.
type decodeScratch struct {
	buf    []uint32
	feats  [][]uint32
	score  [][nLabels]float32
	back   [][nLabels]int8
	locals [][nLabels]float32
}

var scratchPool = sync.Pool{New: func() any { return new(decodeScratch) }}

// grow returns s with length n, reallocated only when its capacity is
// short; its entries keep whatever they held.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}
