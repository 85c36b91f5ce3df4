package act

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand"
	"sort"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
)

// The learned act model (MODELS.md, "Act model"): a multinomial logistic
// regression over hashed features of a statement (its cue, the act words
// of the lexicon in and around it, its content words, its speaker, and the
// act the rules read). The rules' acts stand; a statement the rules read as
// an assertion takes the model's act when the model scores it higher than
// assert by at least the model's margin, picked on the dev gold: the model
// overrides the rules only where it is confident.

// Acts is the model's classes, in the order of its weights.
var Acts = []string{rapporteur.ActAssert, rapporteur.ActAccuse, rapporteur.ActDeny, rapporteur.ActCriticize,
	rapporteur.ActSupport, rapporteur.ActConfirm, rapporteur.ActDemand}

const nActs = 7

func actIndex(a string) int {
	for i, x := range Acts {
		if x == a {
			return i
		}
	}
	return 0
}

// Model is a trained act model.
type Model struct {
	w map[uint64][nActs]float32
	// Margin is how much higher than assert the model must score another
	// act to give it to a statement the rules read as an assertion.
	Margin float32
}

const (
	modelMagic   = "RAPACT\x00\x01"
	modelVersion = 1
	// featureSet names the feature templates of features; a model trained
	// with other templates is refused. Change it when features change.
	featureSet = "bias rule kind mode speaker cue-words cue-acts content-words content-first lexicon-classes question length rule×kind rule×speaker v1"
)

// featurer hashes feature strings (FNV-1a, 64 bits) into a reused slice.
type featurer struct{ fs []uint64 }

func (f *featurer) add(prefix, s string) {
	h := uint64(14695981039346656037)
	for i := 0; i < len(prefix); i++ {
		h ^= uint64(prefix[i])
		h *= 1099511628211
	}
	h ^= 0xff // a separator, so "ab"+"c" and "a"+"bc" differ
	h *= 1099511628211
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	f.fs = append(f.fs, h)
}

// contentWindow is how many words of a content the model reads.
const contentWindow = 60

// features returns the hashed features of statement st, whose rule reading
// is rd and whose content's words are ts.
func (l *lex) features(d *text.Doc, st *rapporteur.Statement, rd reading, ts []tok) []uint64 {
	f := &featurer{fs: make([]uint64, 0, 128)}
	rule := rd.act
	if rule == "" {
		rule = rapporteur.ActAssert
	}
	f.add("b", "")
	f.add("r", rule)
	if rd.polarity {
		f.add("rp", rule)
	}
	if rd.claim {
		f.add("rc", rule)
	}
	if rd.obj != nil {
		f.add("ro", rule)
	}
	f.add("k", st.Kind)
	f.add("m", st.Mode)
	f.add("st", st.Speaker.Type)
	f.add("r×k", rule+" "+st.Kind)
	f.add("r×st", rule+" "+st.Speaker.Type)
	if st.Speaker.Role != "" {
		f.add("role", "")
	}
	if st.Speaker.Name == "" {
		f.add("nospeaker", "")
	}
	if st.Cue != nil && !st.Cue.Empty() {
		ts := tokens(d, st.Cue.Start, st.Cue.End)
		for k, t := range ts {
			if !isWord(t.w) {
				continue
			}
			f.add("cw", t.w)
			if k == len(ts)-1 {
				f.add("cl", t.w)
			}
			if p, ok := match(ts, k, l.cues[t.w]); ok {
				if l.negated(d, t.start) {
					f.add("can", p.act)
				} else {
					f.add("ca", p.act)
				}
			}
		}
	} else {
		f.add("nocue", "")
	}
	c := st.Content
	if question(ts, tokens(d, c.End, c.End+3)) {
		f.add("q", "")
	}
	n := len(ts)
	switch {
	case n < 8:
		f.add("len", "short")
	case n < 25:
		f.add("len", "mid")
	default:
		f.add("len", "long")
	}
	if len(ts) > contentWindow {
		ts = ts[:contentWindow]
	}
	first := 0
	for k, t := range ts {
		if !isWord(t.w) {
			continue
		}
		if first < 2 {
			f.add([]string{"f0", "f1"}[first], t.w)
			first++
		}
		if len(t.w) > 2 && !stops[t.w] && !determiners[t.w] {
			f.add("w", stem(t.w))
		}
		in := l.starts[t.w]
		if in == 0 {
			continue
		}
		// in says which lexicons have a phrase that starts here: match
		// only those.
		has := func(bit uint16, m map[string][]phrase) (phrase, bool) {
			if in&bit == 0 {
				return phrase{}, false
			}
			return match(ts, k, m[t.w])
		}
		if p, ok := has(inCue, l.cues); ok {
			n := l.negMark(ts, k)
			f.add("xc", n+p.act)
			if k < window {
				f.add("xcearly", n+p.act)
			} else {
				f.add("xclate", n+p.act)
			}
		}
		if p, ok := has(inContent, l.content); ok {
			f.add("xj", l.negMark(ts, k)+p.act)
		}
		if p, ok := has(inOwn, l.own); ok {
			f.add("xo", p.act)
		}
		if _, ok := has(inWrong, l.wrong); ok {
			f.add("xw", l.negMark(ts, k))
		}
		if _, ok := has(inDenied, l.denied); ok {
			f.add("xd", l.negMark(ts, k))
		}
		if _, ok := has(inHedge, l.hedge); ok {
			f.add("xh", "")
		}
		if _, ok := has(inDebunk, l.debunk); ok {
			f.add("xb", "")
		}
		if in&inClaim != 0 {
			f.add("xcl", "")
		}
		if _, ok := has(inNeg, l.neg); ok {
			f.add("xn", "")
		}
	}
	return f.fs
}

// articleFeatures returns the features of every statement of a, whose rule
// readings are rds: each statement's own (features), and what the article
// says around it: the acts its title's words give, whether the title names
// the speaker, the acts the rules read in the speaker's other statements
// and in the statement before, and whether another statement's content
// names the speaker beside a word of wrongdoing or judgement (the speaker
// is accused, so what they say may deny).
//
// Only the statements for which want returns true are read (nil: all);
// the others' features are nil.
func (l *lex) articleFeatures(a *rapporteur.Article, d *text.Doc, rds []reading, want func(i int) bool) [][]uint64 {
	sts := a.Statements
	title := tokensOf(a.Title)
	var titleActs []string
	for k, t := range title {
		if p, ok := match(title, k, l.cues[t.w]); ok && !l.negatedTok(title, k) {
			titleActs = append(titleActs, p.act)
		}
		if p, ok := match(title, k, l.content[t.w]); ok {
			titleActs = append(titleActs, p.act)
		}
	}
	titleWords := map[string]bool{}
	for _, t := range title {
		titleWords[t.w] = true
	}
	ruleAct := func(i int) string {
		if rds[i].act == "" {
			return rapporteur.ActAssert
		}
		return rds[i].act
	}
	// The words of the contents that accuse or criticize, read once: each
	// statement looks for its speaker's name in them.
	blame := map[int]map[string]bool{}
	for j := range sts {
		if ra := ruleAct(j); ra == rapporteur.ActAccuse || ra == rapporteur.ActCriticize {
			ws := map[string]bool{}
			for _, t := range tokens(d, sts[j].Content.Start, sts[j].Content.End) {
				ws[t.w] = true
			}
			blame[j] = ws
		}
	}
	out := make([][]uint64, len(sts))
	for i := range sts {
		if want != nil && !want(i) {
			continue
		}
		st := &sts[i]
		fs := l.features(d, st, rds[i], tokens(d, st.Content.Start, st.Content.End))
		f := &featurer{fs: fs}
		rule := ruleAct(i)
		last := strings.ToLower(lastWord(st.Speaker.Name))
		named := last != "" && titleWords[last]
		for _, ta := range titleActs {
			f.add("ta", ta)
			if named {
				f.add("tsp", ta)
			}
		}
		if named {
			f.add("tspeaker", "")
		}
		others := map[string]bool{}
		for j := range sts {
			if j == i {
				continue
			}
			if sameSpeaker(sts[j].Speaker, st.Speaker) {
				if ra := ruleAct(j); ra != rapporteur.ActAssert && !others[ra] {
					others[ra] = true
					f.add("spk", ra)
				}
				continue
			}
			if ws := blame[j]; ws != nil && len(last) > 2 && ws[last] {
				ra := ruleAct(j)
				f.add("accused", ra)
				f.add("accused×r", ra+" "+rule)
			}
		}
		if i > 0 && !sameSpeaker(sts[i-1].Speaker, st.Speaker) {
			f.add("prev", ruleAct(i-1))
		}
		out[i] = f.fs
	}
	return out
}

// negMark is "¬" when a negation stands before ts[k], else "": a negated
// lexicon word is a feature of its own. It is looked for only at lexicon
// words.
func (l *lex) negMark(ts []tok, k int) string {
	if l.negatedTok(ts, k) {
		return "¬"
	}
	return ""
}

// stem takes a few English endings off a word, so that "killed", "kills"
// and "killing" count as one.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// on reports whether m can override the rules at all: a model written with
// an infinite margin (training found no margin that beats the rules on
// dev) is not run.
func (m *Model) on() bool {
	return m != nil && !math.IsInf(float64(m.Margin), 1)
}

// scores returns the model's score of each act for the features fs.
func (m *Model) scores(fs []uint64) [nActs]float32 {
	var s [nActs]float32
	for _, h := range fs {
		if w, ok := m.w[h]; ok {
			for c := range s {
				s[c] += w[c]
			}
		}
	}
	return s
}

// decide returns the act the model gives a statement whose rule act is
// rule. An act the rules read from a word of the lexicon stands; a
// statement the rules read as an assertion takes the model's best act when
// the model scores it at least Margin over assert. Most of what the rules
// miss are acts with no lexicon word, read as assertions (BENCHMARKS.md,
// issue 11): overriding the rules' other acts as well measured worse.
func (m *Model) decide(fs []uint64, rule string) string {
	if rule != rapporteur.ActAssert {
		return rule
	}
	s := m.scores(fs)
	best := 0
	for c := 1; c < nActs; c++ {
		if s[c] > s[best] {
			best = c
		}
	}
	if best != 0 && s[best]-s[0] >= m.Margin {
		return Acts[best]
	}
	return rule
}

// Example is one training statement: its features and its gold act.
type Example struct {
	Features []uint64
	Act      string
}

// TrainOptions are the act model's training settings.
type TrainOptions struct {
	Epochs int
	Seed   int64
	// L2 is the weight of the L2 penalty.
	L2 float64
	// Balance weighs each example by (n / (acts × n_act))^Balance, n_act
	// being the examples of its act: 0 weighs all alike, 1 weighs each
	// act as much as the others (the score, macro-F1, counts each act
	// alike).
	Balance float64
}

// WriteTo writes the model: gzip of the magic, the feature set, the
// version, the margin, the weight scale, the number of features, their
// sorted hashes and their int16 weights.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	hs := make([]uint64, 0, len(m.w))
	maxAbs := float32(0)
	for h, ws := range m.w {
		hs = append(hs, h)
		for _, v := range ws {
			maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
	scale := maxAbs / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(modelMagic)
	binary.Write(bw, binary.LittleEndian, uint32(len(featureSet)))
	bw.WriteString(featureSet)
	binary.Write(bw, binary.LittleEndian, struct {
		Version, N    uint32
		Margin, Scale float32
	}{modelVersion, uint32(len(hs)), m.Margin, scale})
	// Hashes as deltas from the previous one: sorted, they compress.
	prev := uint64(0)
	var buf [binary.MaxVarintLen64]byte
	for _, h := range hs {
		bw.Write(buf[:binary.PutUvarint(buf[:], h-prev)])
		prev = h
	}
	for _, h := range hs {
		ws := m.w[h]
		var q [nActs]int16
		for c, v := range ws {
			q[c] = int16(math.Round(float64(v / scale)))
		}
		binary.Write(bw, binary.LittleEndian, q)
	}
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

// ReadModel reads a model WriteTo wrote, refusing one of another format or
// feature set with an error that says so.
func ReadModel(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("act model: not a model file: %w", err)
	}
	br := bufio.NewReader(zr)
	got := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, got); err != nil || string(got) != modelMagic {
		return nil, errors.New("act model: not an act model file")
	}
	var n uint32
	if err := binary.Read(br, binary.LittleEndian, &n); err != nil || n > 4096 {
		return nil, errors.New("act model: corrupt header")
	}
	ts := make([]byte, n)
	if _, err := io.ReadFull(br, ts); err != nil {
		return nil, errors.New("act model: corrupt header")
	}
	if string(ts) != featureSet {
		return nil, fmt.Errorf("act model: trained with other features (%q); retrain it with `rapporteur train --only acts`", ts)
	}
	var hdr struct {
		Version, N    uint32
		Margin, Scale float32
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return nil, errors.New("act model: corrupt header")
	}
	if hdr.Version != modelVersion || hdr.N > 1<<24 {
		return nil, fmt.Errorf("act model: unsupported version %d with %d features", hdr.Version, hdr.N)
	}
	hs := make([]uint64, hdr.N)
	prev := uint64(0)
	for i := range hs {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("act model: truncated features: %w", err)
		}
		prev += d
		hs[i] = prev
	}
	m := &Model{w: make(map[uint64][nActs]float32, hdr.N), Margin: hdr.Margin}
	for _, h := range hs {
		var q [nActs]int16
		if err := binary.Read(br, binary.LittleEndian, &q); err != nil {
			return nil, fmt.Errorf("act model: truncated weights: %w", err)
		}
		var ws [nActs]float32
		for c, v := range q {
			ws[c] = float32(v) * hdr.Scale
		}
		m.w[h] = ws
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("act model: trailing data after the model")
	}
	return m, nil
}

// Features returns the model's features of each statement of a (read from
// d, its text layer; nil reads a.Text), for training: the statements as the
// pipeline gave them, read by the rules first.
func (an *Annotator) Features(a rapporteur.Article, d *text.Doc) [][]uint64 {
	l := an.lexOf(a.Language)
	if d == nil {
		d = text.Parse(a.Text)
	}
	return l.articleFeatures(&a, d, l.readings(&a, d), nil)
}

// readings returns the rules' reading of each statement of a.
func (l *lex) readings(a *rapporteur.Article, d *text.Doc) []reading {
	known := knownWords(a.Entities)
	rds := make([]reading, len(a.Statements))
	for i := range a.Statements {
		rds[i] = l.classify(d, &a.Statements[i], known)
	}
	return rds
}

// WithModel returns a copy of an that reads acts with m (nil: the rules
// alone).
func (an *Annotator) WithModel(m *Model) *Annotator {
	c := *an
	c.model = m
	return &c
}

// Train trains a multinomial logistic regression on xs by stochastic
// gradient descent with an L2 penalty, visiting them in an order shuffled by
// o.Seed in every epoch. The same examples and options give the same
// model. (An averaged perceptron over the same features did no better in
// cross-validation on the training gold: BENCHMARKS.md, issue 11.)
func Train(xs []Example, o TrainOptions) (*Model, error) {
	if len(xs) == 0 {
		return nil, errors.New("act model: no training examples")
	}
	index := map[uint64]int{}
	for _, x := range xs {
		for _, h := range x.Features {
			if _, ok := index[h]; !ok {
				index[h] = len(index)
			}
		}
	}
	w := make([][nActs]float64, len(index))
	var count [nActs]int
	for _, x := range xs {
		count[actIndex(x.Act)]++
	}
	var weight [nActs]float64
	for c, n := range count {
		if n > 0 {
			weight[c] = math.Pow(float64(len(xs))/float64(nActs*n), o.Balance)
		}
	}
	rng := rand.New(rand.NewSource(o.Seed))
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	// Lazy L2: every weight shrinks by decay each step; scale holds the
	// product of the shrinks so far, and w holds weights divided by it.
	scale := 1.0
	t := 0
	for e := 0; e < o.Epochs; e++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x := xs[i]
			rate := 0.5 / (1 + float64(t)/float64(len(xs)))
			t++
			var s [nActs]float64
			for _, h := range x.Features {
				for c := range s {
					s[c] += w[index[h]][c] * scale
				}
			}
			mx := s[0]
			for _, v := range s {
				mx = max(mx, v)
			}
			z := 0.0
			for c := range s {
				s[c] = math.Exp(s[c] - mx)
				z += s[c]
			}
			scale *= 1 - rate*o.L2
			gold := actIndex(x.Act)
			for c := range s {
				g := s[c] / z
				if c == gold {
					g--
				}
				g *= weight[gold]
				if g == 0 {
					continue
				}
				for _, h := range x.Features {
					w[index[h]][c] -= rate * g / scale
				}
			}
			if scale < 1e-6 {
				for k := range w {
					for c := range w[k] {
						w[k][c] *= scale
					}
				}
				scale = 1
			}
		}
	}
	m := &Model{w: make(map[uint64][nActs]float32, len(index))}
	for h, k := range index {
		var a [nActs]float32
		for c := range a {
			a[c] = float32(w[k][c] * scale)
		}
		m.w[h] = a
	}
	return m, nil
}
