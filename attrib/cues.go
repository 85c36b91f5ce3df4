package attrib

import (
	"errors"
	"io"
	"math/rand/v2"
	"slices"

	"github.com/rapporteur/rapporteur/attrib/tag"
)

// The cue model says, for each token, how likely it is to be part of an
// attribution cue in its context: "said", but also "changed his tune",
// "declared", "has not taken me up on" when a source stands before them
// and a clause or an object follows. The rules' lexicon holds the cues it
// was written for; PolNeAR marks hundreds of verbs it lacks, and every
// verb added to the lexicon costs precision elsewhere (issue 2's error
// analysis). So the lexicon stays the rules' and enters here as a
// feature, and the model decides in context.
//
// It is an averaged binary perceptron over hashed token features (word,
// a crude lemma, suffixes, shape, part-of-speech tags around, the
// lexicon's entry, the rules' label, the quote state, what stands before
// the token in its sentence and what follows it), trained on the gold
// cues of PolNeAR train. The statements the span model reads with a cue
// outside the lexicon are kept when this model scores their cue above
// cueThreshold; they are stances (modeOf), so quotation benchmarks (GGT)
// do not count them.

// cueTemplates names the cue model's feature templates and their encoding;
// a model trained with other templates is refused at load.
const cueTemplates = "cues/v1:bias,w0,lemma,suf2,suf3,suf4,shape,pos0,pos-1,pos+1,pos+2,w-1,w+1,w0+w+1,w-1+w0,pos0+w+1,lex,lex-class,rule,quote,cue<,cue>,subj-before,after,after-pos,sent-first,upper,w-2,lemma+pos,subj+lemma,w+2;tagger=ud-ewt-upos"

const cueMagic = "RAPCUES1"

// cueThreshold is the score above which a token outside the lexicon is a
// cue for the statements the span model adds (picked on PolNeAR dev with
// GGT and the construction tests as the check; BENCHMARKS.md, issue 9,
// "a learned cue detector").
var cueThreshold float32 = 0

// cueModel is the trained cue model: one weight per feature bucket.
type cueModel struct{ hashedWeights }

// Cue feature template ids (hashed with their values).
const (
	cBias byte = iota + 1
	cW0
	cLemma
	cSuf2
	cSuf3
	cSuf4
	cShape
	cPos0
	cPosM1
	cPosP1
	cPosP2
	cWm1
	cWp1
	cW0Wp1
	cWm1W0
	cPos0Wp1
	cLex
	cLexClass
	cRule
	cQuote
	cCueL
	cCueR
	cSubj
	cAfter
	cAfterPos
	cSentFirst
	cUpper
	cW2
	cLemmaPos
	cSubjLemma
	cWp2
)

// lemma strips the commonest English inflections: enough to share the
// weights of "declares", "declared" and "declaring".
func lemma(w string) string {
	n := len(w)
	switch {
	case n > 5 && w[n-3:] == "ing":
		return w[:n-3]
	case n > 4 && w[n-3:] == "ied":
		return w[:n-3] + "y"
	case n > 4 && w[n-2:] == "ed":
		return w[:n-2]
	case n > 4 && w[n-3:] == "ies":
		return w[:n-3] + "y"
	case n > 3 && w[n-1] == 's' && w[n-2] != 's':
		return w[:n-1]
	}
	return w
}

// posAt is the tag of token k, or a boundary marker outside k's
// paragraph p.
func (z *featurizer) posAt(k, p int) string {
	if k < 0 || k >= len(z.f.toks) || z.f.toks[k].Para != p {
		return "<p>"
	}
	return z.pos[k]
}

// cueFeats appends the cue model's feature buckets of token k to buf.
func (z *featurizer) cueFeats(k int, bits uint, buf []uint32) []uint32 {
	f := z.f
	t := &f.toks[k]
	mask := uint32(1)<<bits - 1
	add := func(h hasher) { buf = append(buf, uint32(h)&mask) }
	p := t.Para
	w0, wm1, wp1 := z.word(k), z.sameParaWord(k-1, p), z.sameParaWord(k+1, p)
	pos0 := z.pos[k]
	lw0 := lemma(w0)
	add(hashOf(cBias))
	add(hashOf(cW0).str(w0))
	add(hashOf(cLemma).str(lw0))
	add(hashOf(cSuf2).str(suffix(w0, 2)))
	add(hashOf(cSuf3).str(suffix(w0, 3)))
	add(hashOf(cSuf4).str(suffix(w0, 4)))
	add(hashOf(cShape).shape(t.Text))
	add(hashOf(cPos0).str(pos0))
	add(hashOf(cPosM1).str(z.posAt(k-1, p)).str(pos0))
	add(hashOf(cPosP1).str(pos0).str(z.posAt(k+1, p)))
	add(hashOf(cPosP2).str(pos0).str(z.posAt(k+1, p)).str(z.posAt(k+2, p)))
	add(hashOf(cWm1).str(wm1))
	add(hashOf(cWp1).str(wp1))
	add(hashOf(cW0Wp1).str(lw0).str(wp1))
	add(hashOf(cWm1W0).str(wm1).str(lw0))
	add(hashOf(cPos0Wp1).str(pos0).str(wp1))
	if t.Kind == tWord {
		for _, c := range f.cuesAt(k) {
			add(hashOf(cLex).num(c.form))
			kind := 0
			switch {
			case c.np:
				kind = 1
			case c.inf:
				kind = 2
			case c.think:
				kind = 3
			case c.weak:
				kind = 4
			case c.noun:
				kind = 5
			}
			add(hashOf(cLexClass).num(kind).str(pos0))
		}
	}
	r := int(z.rule[k])
	add(hashOf(cRule).num(r))
	q := 0
	if t.Quote >= 0 {
		q = 1
	}
	if t.Kind == tQuote {
		q = 2
	}
	add(hashOf(cQuote).num(q).str(pos0))
	add(hashOf(cCueL).num(bucket(z.cueL[k])))
	add(hashOf(cCueR).num(bucket(z.cueR[k])))
	// What stands before the token in its sentence, past adverbs,
	// auxiliaries and particles: a subject ("Trump has long praised"), a
	// comma, the sentence start.
	before := "<s>"
	for j := k - 1; j >= 0 && z.sent[j] == z.sent[k] && f.toks[j].Para == p; j-- {
		tj := z.pos[j]
		if tj == "ADV" || tj == "AUX" || tj == "PART" {
			continue
		}
		before = tj
		if f.toks[j].Kind != tWord {
			before = z.word(j)
		}
		break
	}
	add(hashOf(cSubj).str(before).str(pos0))
	// What follows: a quotation, "that", a clause (a verb within four
	// words), a noun phrase, an infinitive, a preposition.
	after := "none"
	verb := false
	for j := k + 1; j < len(f.toks) && j <= k+4 && z.sent[j] == z.sent[k] && f.toks[j].Para == p; j++ {
		if j == k+1 {
			switch {
			case f.toks[j].Kind == tQuote:
				after = "quote"
			case f.toks[j].Kind != tWord:
				after = z.word(j)
			case f.toks[j].Lower == "that":
				after = "that"
			case f.toks[j].Lower == "to":
				after = "to"
			default:
				after = z.pos[j]
			}
		} else if z.pos[j] == "VERB" || z.pos[j] == "AUX" {
			verb = true
		}
	}
	v := 0
	if verb {
		v = 1
	}
	add(hashOf(cAfter).str(after).num(v))
	add(hashOf(cAfterPos).str(pos0).str(after).num(v).str(before))
	if z.first[k] {
		add(hashOf(cSentFirst).str(pos0))
	}
	if t.Upper {
		add(hashOf(cUpper).num(q))
	}
	add(hashOf(cW2).str(z.sameParaWord(k-2, p)).str(wm1))
	add(hashOf(cWp2).str(wp1).str(z.sameParaWord(k+2, p)))
	add(hashOf(cLemmaPos).str(lw0).str(pos0))
	add(hashOf(cSubjLemma).str(before).str(lw0).str(after))
	return buf
}

func (m *cueModel) score(fs []uint32) float32 { return m.sum(fs) }

// scores returns the cue score of every token in the paragraphs z reads
// (0 elsewhere).
func (m *cueModel) scores(z *featurizer) []float32 {
	out := make([]float32, len(z.f.toks))
	var buf []uint32
	for k := range z.f.toks {
		if z.read != nil && !z.read[z.f.toks[k].Para] {
			continue
		}
		buf = z.cueFeats(k, m.bits, buf[:0])
		out[k] = m.score(buf)
	}
	return out
}

// CueModel is a trained cue model, to write with WriteTo and load with an
// Attributor option.
type CueModel struct{ m *cueModel }

// TrainCues trains the cue model on the gold cues of docs, with the rules
// of the Attributor's English lexicon and the tagger as features. The same
// documents and options give the same model, byte for byte.
func (at *Attributor) TrainCues(docs []TrainDoc, o TrainOptions) (*CueModel, error) {
	if o.Bits == 0 {
		o.Bits = 18
	}
	tagger, err := at.trainTagger(o)
	if err != nil {
		return nil, err
	}
	l := at.langs[fallback]
	insts := make([][]cueInst, 0, len(docs))
	for _, d := range docs {
		f, sents := l.scan(l.parse(d.Text))
		z := newFeaturizer(f, sents, tagger, o.Bits, nil)
		insts = append(insts, cueInstances(z, goldLabels(f, d.Spans), o.Bits))
	}
	if len(insts) == 0 {
		return nil, errors.New("train cues: no training text")
	}
	all := make([]int, len(insts))
	for i := range all {
		all[i] = i
	}
	return &CueModel{m: trainCueModel(insts, all, o)}, nil
}

// cueInst is one token of training: its features and whether it is
// part of a gold cue.
type cueInst struct {
	feats []uint32
	gold  bool
}

func cueInstances(z *featurizer, gold []int, bits uint) []cueInst {
	out := make([]cueInst, len(z.f.toks))
	for k := range out {
		out[k] = cueInst{z.cueFeats(k, bits, nil), labelRole(gold[k]) == roleCue}
	}
	return out
}

// trainCueModel trains a cue model on the documents docs of insts.
func trainCueModel(insts [][]cueInst, docs []int, o TrainOptions) *cueModel {
	epochs := o.CueEpochs
	if epochs == 0 {
		epochs = 5
	}
	m := &cueModel{hashedWeights{bits: o.Bits, w: make([]float32, 1<<o.Bits)}}
	n := o.shuffles()
	for r := range n {
		for i, v := range trainCueRun(insts, docs, o, epochs, shuffleRNG(o.Seed, 0xc0e5, r)) {
			m.w[i] += v / float32(n)
		}
	}
	return m
}

// trainCueRun is one averaged-perceptron training of the cue model, its
// documents in the order rng gives; it returns the averaged weights.
func trainCueRun(insts [][]cueInst, docs []int, o TrainOptions, epochs int, rng *rand.Rand) []float32 {
	m := &cueModel{hashedWeights{bits: o.Bits, w: make([]float32, 1<<o.Bits)}}
	u := make([]float32, len(m.w))
	c := float32(1)
	order := slices.Clone(docs)
	for epoch := range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for _, di := range order {
			for _, in := range insts[di] {
				total++
				if (m.score(in.feats) > 0) == in.gold {
					right++
				} else {
					d := float32(-1)
					if in.gold {
						d = 1
					}
					for _, b := range in.feats {
						m.w[b] += d
						u[b] += c * d
					}
				}
				c++
			}
		}
		if o.Progress != nil && o.CueFolds == 0 {
			o.Progress(epoch+1, float64(right)/float64(total))
		}
	}
	for i := range m.w {
		m.w[i] -= u[i] / c
	}
	return m.w
}

// jackknifeCues scores the tokens of each document with a cue model
// trained on the other folds, so that the span model learns how far to
// trust the cue model on text it has not seen.
func jackknifeCues(insts [][]cueInst, folds []int, o TrainOptions) [][]float32 {
	out := make([][]float32, len(insts))
	for fold := range o.CueFolds {
		var learn, held []int
		for i := range insts {
			if folds[i] == fold {
				held = append(held, i)
			} else {
				learn = append(learn, i)
			}
		}
		m := trainCueModel(insts, learn, o)
		for _, i := range held {
			out[i] = make([]float32, len(insts[i]))
			for k, in := range insts[i] {
				out[i][k] = m.score(in.feats)
			}
		}
	}
	return out
}

// WriteTo writes the model: a header, then the weights as int16 scaled by
// a factor, little-endian, gzip-compressed.
func (cm *CueModel) WriteTo(w io.Writer) (int64, error) {
	return cm.m.write(w, cueMagic, cueTemplates)
}

// readCueModel reads a cue model file, refusing one of another format or
// template set with an error that says so.
func readCueModel(r io.Reader) (*cueModel, error) {
	hw, err := readHashedWeights(r, "cue model", cueMagic, cueTemplates)
	if err != nil {
		return nil, err
	}
	return &cueModel{hw}, nil
}

// trainTagger is the tagger training uses: the options', else the
// Attributor's, else the embedded one.
func (at *Attributor) trainTagger(o TrainOptions) (*tag.Tagger, error) {
	switch {
	case o.Tagger != nil:
		return o.Tagger, nil
	case at.tagger != nil:
		return at.tagger, nil
	}
	return tag.Default()
}

// embeddedCues loads the embedded English cue model; nil, nil when the
// binary was built without one.
func embeddedCues() (*cueModel, error) {
	return embedded("model/en-cues.bin.gz", readCueModel)
}
