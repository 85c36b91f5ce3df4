package attrib

import (
	"bufio"

	kgzip "github.com/klauspost/compress/gzip"

	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"

	"github.com/rapporteur/rapporteur/attrib/tag"
)

// TrainDoc is one annotated document to train the span model on: its text
// and its gold spans, each with its fragments (a discontinuous content
// "…, he said, …" has two), offsets in code points.
type TrainDoc struct {
	Text  string
	Spans []TrainSpan
	// Group, when set, names the text: documents of one group are one
	// text read by several annotators, and fall in the same fold wherever
	// training holds documents out (the cue model's jackknife), so that no
	// model is scored on a text it learned from another annotator.
	Group string
}

// TrainSpan is one gold span: Label is "Source", "Cue" or "Content".
type TrainSpan struct {
	Label string
	Parts [][2]int
}

// TrainOptions are the span model's training settings.
type TrainOptions struct {
	Bits   uint   // feature hash buckets = 1 << Bits; 0 means 18
	Epochs int    // passes over the data; 0 means 8
	Seed   uint64 // the order of the documents in each pass
	// Tagger gives the part-of-speech features; nil means the
	// Attributor's, or else the embedded one.
	Tagger *tag.Tagger
	// Progress, if set, is told each epoch's training token accuracy.
	Progress func(epoch int, acc float64)
	// CueFolds, when above 0, gives the span model the cue model's
	// scores as features, each document scored by a cue model trained on
	// the other folds of docs (CueEpochs passes, 0 means 5); the span
	// model then reads with a cue model (Options.Cues).
	CueFolds  int
	CueEpochs int
	// Shuffles, when above 1, trains each model that many times, each
	// with its own order of the documents (the first is Seed's), and
	// averages their weights into one model of the same size: a bagged
	// averaged perceptron, steadier across seeds than any one run.
	Shuffles int
}

// shuffles is how many orders of the documents a model averages.
func (o TrainOptions) shuffles() int {
	return max(o.Shuffles, 1)
}

// shuffleRNG is the source of the r-th order of the documents: the
// first is the one a single run uses, so that Shuffles 1 trains the same
// bytes as before.
func shuffleRNG(seed, stream uint64, r int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream+uint64(r)*0x9e3779b97f4a7c15))
}

// docFolds gives each document its fold of n: its group's first
// document's index modulo n, so a text read by several annotators stays
// in one fold; a document without a group is its own.
func docFolds(docs []TrainDoc, n int) []int {
	out := make([]int, len(docs))
	first := map[string]int{}
	for i, d := range docs {
		j := i
		if d.Group != "" {
			if f, ok := first[d.Group]; ok {
				j = f
			} else {
				first[d.Group] = i
			}
		}
		out[i] = j % n
	}
	return out
}

// SpanModel is a trained span model, to write with WriteTo and load with
// an Attributor option.
type SpanModel struct{ m *spanModel }

// trainSeq is one paragraph of training data.
type trainSeq struct {
	feats [][]uint32
	gold  []int
}

// TrainSpans trains the span model on docs with the rules of the
// Attributor's English lexicon as features. The same documents and options
// give the same model, byte for byte.
func (at *Attributor) TrainSpans(docs []TrainDoc, o TrainOptions) (*SpanModel, error) {
	if o.Bits == 0 {
		o.Bits = 18
	}
	if o.Epochs == 0 {
		o.Epochs = 8
	}
	l := at.langs[fallback]
	tagger := o.Tagger
	if tagger == nil {
		tagger = at.tagger
	}
	if tagger == nil {
		var err error
		if tagger, err = tag.Default(); err != nil {
			return nil, err
		}
	}
	var seqs []trainSeq
	zs := make([]*featurizer, len(docs))
	golds := make([][]int, len(docs))
	var cueInsts [][]cueInst
	for i, d := range docs {
		f, sents := l.scan(l.parse(d.Text))
		zs[i] = newFeaturizer(f, sents, tagger, o.Bits, nil)
		golds[i] = goldLabels(f, d.Spans)
		if o.CueFolds > 0 {
			cueInsts = append(cueInsts, cueInstances(zs[i], golds[i], o.Bits))
		}
	}
	if o.CueFolds > 0 {
		for i, sc := range jackknifeCues(cueInsts, docFolds(docs, o.CueFolds), o) {
			zs[i].setCues(sc)
		}
		cueInsts = nil
	}
	for i, z := range zs {
		f, gold := z.f, golds[i]
		for _, p := range paragraphs(f.toks) {
			s := trainSeq{gold: gold[p[0]:p[1]]}
			for k := p[0]; k < p[1]; k++ {
				s.feats = append(s.feats, z.feats(k, nil))
			}
			seqs = append(seqs, s)
		}
	}
	if len(seqs) == 0 {
		return nil, errors.New("train spans: no training text")
	}
	size := (1 << o.Bits) * nLabels
	m := &spanModel{bits: o.Bits, w: make([]float32, size), cues: o.CueFolds > 0}
	n := o.shuffles()
	for r := range n {
		run := trainSpanRun(seqs, o, shuffleRNG(o.Seed, 0x5eed, r))
		for i, v := range run.w {
			m.w[i] += v / float32(n)
		}
		for i := range m.trans {
			for j := range m.trans[i] {
				m.trans[i][j] += run.trans[i][j] / float32(n)
			}
		}
	}
	return &SpanModel{m: m}, nil
}

// trainSpanRun is one averaged-perceptron training of the span model on
// seqs, its documents in the order rng gives.
func trainSpanRun(seqs []trainSeq, o TrainOptions, rng *rand.Rand) *spanModel {
	size := (1 << o.Bits) * nLabels
	m := &spanModel{bits: o.Bits, w: make([]float32, size)}
	// Averaging (Daumé's trick): u sums c·Δ, and the average is w − u/c.
	u := make([]float32, size)
	var tu [nLabels + 1][nLabels]float32
	c := float32(1)
	pred := make([]int, 0, 256)
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	update := func(feats []uint32, label int, delta float32) {
		for _, b := range feats {
			i := int(b)*nLabels + label
			m.w[i] += delta
			u[i] += c * delta
		}
	}
	for epoch := range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for _, si := range order {
			s := seqs[si]
			pred = slices.Grow(pred[:0], len(s.gold))[:len(s.gold)]
			m.viterbi(s.feats, pred, nil, nil)
			prevG, prevP := nLabels, nLabels
			for i, g := range s.gold {
				p := pred[i]
				total++
				if g == p {
					right++
				} else {
					update(s.feats[i], g, 1)
					update(s.feats[i], p, -1)
				}
				if g != p || prevG != prevP {
					m.trans[prevG][g]++
					tu[prevG][g] += c
					m.trans[prevP][p]--
					tu[prevP][p] -= c
				}
				prevG, prevP = g, p
			}
			c++
		}
		if o.Progress != nil {
			o.Progress(epoch+1, float64(right)/float64(total))
		}
	}
	for i := range m.w {
		m.w[i] -= u[i] / c
	}
	for i := range m.trans {
		for j := range m.trans[i] {
			m.trans[i][j] -= tu[i][j] / c
		}
	}
	return m
}

// goldLabels labels the tokens of f from gold spans: a token lying mostly
// inside a fragment takes its role, the first one of each fragment as its
// beginning. Cues win over sources, sources over contents, where spans
// overlap.
func goldLabels(f *finder, spans []TrainSpan) []int {
	out := make([]int, len(f.toks))
	for _, pass := range []struct {
		label  string
		begin  int
		inside int
	}{{"Content", lBQ, lIQ}, {"Source", lBS, lIS}, {"Cue", lBC, lIC}} {
		for _, s := range spans {
			if s.Label != pass.label {
				continue
			}
			for _, p := range s.Parts {
				a, b := f.tokenRange(p[0], p[1])
				for k := a; k < b; k++ {
					if k == a {
						out[k] = pass.begin
					} else {
						out[k] = pass.inside
					}
				}
			}
		}
	}
	// A span cut by a stronger one resumes with a beginning.
	for k := 1; k < len(out); k++ {
		if out[k] != lO && !begins(out[k]) && !allowed(out[k-1], out[k]) {
			out[k]--
		}
	}
	if len(out) > 0 && out[0] != lO && !begins(out[0]) {
		out[0]--
	}
	return out
}

// quantized returns the weights as the file holds them: int16, each
// times scale, nLabels to a bucket.
func (m *spanModel) quantized() ([]int16, float32) {
	if m.rows != nil {
		q := make([]int16, 0, len(m.rows)/rowWords*nLabels)
		for i := 0; i < len(m.rows); i += rowWords {
			row := unpackRow(m.rows[i : i+rowWords])
			q = append(q, row[:]...)
		}
		return q, m.scale
	}
	return quantize(m.w)
}

// The model file: a header, then the weights as int16 scaled by a factor,
// then the transitions as float32, all little-endian, gzip-compressed.
const (
	modelMagic   = "RAPSPAN1"
	modelVersion = 1
)

// WriteTo writes the model.
func (sm *SpanModel) WriteTo(w io.Writer) (int64, error) {
	m := sm.m
	q, scale := m.quantized()
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	hdr := struct {
		Version, Bits, Labels uint32
		Scale                 float32
	}{modelVersion, uint32(m.bits), nLabels, scale}
	ts := templateSet
	if m.cues {
		ts = cueSpanTemplates
	}
	bw.WriteString(modelMagic)
	binary.Write(bw, binary.LittleEndian, uint32(len(ts)))
	bw.WriteString(ts)
	binary.Write(bw, binary.LittleEndian, hdr)
	binary.Write(bw, binary.LittleEndian, q)
	binary.Write(bw, binary.LittleEndian, m.trans)
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// readModelHeader opens a gzipped model file of the kind what names and
// reads its head: the magic, then the feature templates it was trained
// with, which must be templates. It returns the reader at the model's own
// header.
func readModelHeader(r io.Reader, what, magic, templates string) (*bufio.Reader, error) {
	br, _, err := readModelHeaderOf(r, what, magic, templates)
	return br, err
}

// readModelHeaderOf is readModelHeader for a model that may have been
// trained with one of several template sets; it also returns which.
func readModelHeaderOf(r io.Reader, what, magic string, templates ...string) (*bufio.Reader, int, error) {
	// klauspost's reader: the same bytes, decompressed with a third fewer
	// instructions than compress/gzip, at every process start.
	zr, err := kgzip.NewReader(r)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: not a model file: %w", what, err)
	}
	br := bufio.NewReader(zr)
	got := make([]byte, len(magic))
	if _, err := io.ReadFull(br, got); err != nil || string(got) != magic {
		return nil, 0, fmt.Errorf("%s: not a %s file", what, what)
	}
	var n uint32
	if err := binary.Read(br, binary.LittleEndian, &n); err != nil || n > 4096 {
		return nil, 0, fmt.Errorf("%s: corrupt header", what)
	}
	ts := make([]byte, n)
	if _, err := io.ReadFull(br, ts); err != nil {
		return nil, 0, fmt.Errorf("%s: corrupt header", what)
	}
	for i, t := range templates {
		if string(ts) == t {
			return br, i, nil
		}
	}
	return nil, 0, fmt.Errorf("%s: trained with other features (%q); retrain it with `rapporteur train`", what, ts)
}

// readSpanModel reads a model file, refusing one of another format or
// template set with an error that says so.
func readSpanModel(r io.Reader) (*spanModel, error) {
	br, set, err := readModelHeaderOf(r, "span model", modelMagic, templateSet, cueSpanTemplates)
	if err != nil {
		return nil, err
	}
	var hdr struct {
		Version, Bits, Labels uint32
		Scale                 float32
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return nil, errors.New("span model: corrupt header")
	}
	if hdr.Version != modelVersion || hdr.Labels != nLabels || hdr.Bits < 8 || hdr.Bits > 24 {
		return nil, fmt.Errorf("span model: unsupported version %d, %d labels, %d bits", hdr.Version, hdr.Labels, hdr.Bits)
	}
	m := &spanModel{bits: uint(hdr.Bits), cues: set == 1}
	q, err := readInt16s(br, (1<<hdr.Bits)*nLabels)
	if err != nil {
		return nil, fmt.Errorf("span model: truncated weights: %w", err)
	}
	m.rows, m.scale = make([]uint64, (1<<hdr.Bits)*rowWords), hdr.Scale
	for i := 0; i < 1<<hdr.Bits; i++ {
		row := packRow(q[i*nLabels : (i+1)*nLabels])
		copy(m.rows[i*rowWords:], row[:])
	}
	if err := binary.Read(br, binary.LittleEndian, &m.trans); err != nil {
		return nil, fmt.Errorf("span model: truncated transitions: %w", err)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("span model: trailing data after the model")
	}
	return m, nil
}

// readInt16s reads n little-endian int16 values, as binary.Read does
// (io.EOF when none is there, io.ErrUnexpectedEOF when some), but from
// one read of their bytes rather than a value at a time: the models'
// millions of weights are read at every process start.
func readInt16s(r io.Reader, n int) ([]int16, error) {
	b := make([]byte, 2*n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	q := make([]int16, n)
	for i := range q {
		q[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return q, nil
}
