package tag

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Options tune Train. The zero value trains the shipped model.
type Options struct {
	// Epochs over the training sentences (default 10).
	Epochs int
	// Seed of the sentence shuffle before each epoch; a fixed seed gives
	// the same model, byte for byte, on every run.
	Seed uint64
	// MinUpdates drops features the perceptron updated fewer times than
	// this (default 2): rare features are most of the model and add
	// little accuracy.
	MinUpdates int
	// A word seen at least DictMinCount times (default 20) with one tag
	// at least DictMinShare of the time (default 0.97) goes in the tag
	// dictionary: it always gets that tag, and is not trained on.
	DictMinCount int
	DictMinShare float64
	// A word (lowercased) seen at least LexMinCount times (default 3)
	// goes in the lexicon with its ambiguity class: the tags it had at
	// least LexMinShare (default 0.05) of the time. The class stands in
	// for the tags of the words to the right, not yet tagged.
	LexMinCount int
	LexMinShare float64
	// Tags picks the tag to learn from a sentence (default UPOS).
	Tags func(Sentence) []string
	// Info is stored in the model (Tagger.Info): what it was trained on.
	Info string
	// Epoch, when set, is called after each epoch with its number (from
	// 1) and the share of training tokens the perceptron tagged right
	// while it trained.
	Epoch func(epoch int, trainAcc float64)
}

func (o *Options) defaults() {
	if o.Epochs <= 0 {
		o.Epochs = 10
	}
	if o.MinUpdates <= 0 {
		o.MinUpdates = 2
	}
	if o.DictMinCount <= 0 {
		o.DictMinCount = 20
	}
	if o.DictMinShare <= 0 {
		o.DictMinShare = 0.97
	}
	if o.LexMinCount <= 0 {
		o.LexMinCount = 1
	}
	if o.LexMinShare <= 0 {
		o.LexMinShare = 0.01
	}
	if o.Tags == nil {
		o.Tags = func(s Sentence) []string { return s.UPOS }
	}
}

// trainer holds the perceptron while it learns: integer weights w and,
// for averaging, u (each update at step c adds c·Δ), so the average over
// all steps is w − u/c (Daumé's trick) without touching every weight at
// every step. Integer sums keep the result exact and reproducible.
type trainer struct {
	nl    int
	index map[uint64]int32 // feature key → row
	keys  []uint64         // row → key
	w     []int32
	u     []int64
	upd   []int32 // updates per row, for pruning
	c     int64
}

func (tr *trainer) row(k uint64) int {
	if r, ok := tr.index[k]; ok {
		return int(r)
	}
	r := len(tr.keys)
	tr.index[k] = int32(r)
	tr.keys = append(tr.keys, k)
	tr.w = append(tr.w, make([]int32, tr.nl)...)
	tr.u = append(tr.u, make([]int64, tr.nl)...)
	tr.upd = append(tr.upd, 0)
	return r
}

func (tr *trainer) predict(f *[nTemplates]uint64) int {
	var buf [maxLabels]int64
	sc := buf[:tr.nl]
	for _, k := range f {
		r, ok := tr.index[k]
		if !ok {
			continue
		}
		for j, v := range tr.w[int(r)*tr.nl : int(r+1)*tr.nl] {
			sc[j] += int64(v)
		}
	}
	best := 0
	for j, v := range sc {
		if v > sc[best] {
			best = j
		}
	}
	return best
}

func (tr *trainer) update(f *[nTemplates]uint64, gold, guess int) {
	for _, k := range f {
		r := tr.row(k)
		o := r * tr.nl
		tr.w[o+gold]++
		tr.u[o+gold] += tr.c
		tr.w[o+guess]--
		tr.u[o+guess] -= tr.c
		tr.upd[r]++
	}
}

// rng is splitmix64: a shuffle written here, not math/rand's, so the
// order (and so the model) cannot change with the Go version.
type rng uint64

func (s *rng) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Train learns a tagger from tagged sentences, greedily left to right as
// it will tag: the history features see the tags the perceptron
// predicted, not the gold ones, so it learns to recover from its own
// mistakes. The same sentences and options give the same model, byte for
// byte. ctx is checked between sentences.
func Train(ctx context.Context, sents []Sentence, opts Options) (*Tagger, error) {
	opts.defaults()
	if len(sents) == 0 {
		return nil, errors.New("tag: no training sentences")
	}
	labels, gold, err := labelSet(sents, opts.Tags)
	if err != nil {
		return nil, err
	}
	t := &Tagger{labels: labels, info: opts.Info}
	dict := t.buildDict(sents, gold, opts)
	toks := t.buildLexicon(sents, gold, opts)

	tr := &trainer{nl: len(labels), index: map[uint64]int32{}, c: 1}
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	r := rng(opts.Seed)
	var f [nTemplates]uint64
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		for i := len(order) - 1; i > 0; i-- {
			j := int(r.next() % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		right, total := 0, 0
		for n, si := range order {
			if n%256 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			ts, gs := toks[si], gold[si]
			p1, p2 := start1, start2
			for i := range ts {
				y := int(gs[i])
				guess, ok := dict[ts[i].raw]
				g := int(guess)
				if !ok {
					features(ts, i, p1, p2, &f)
					g = tr.predict(&f)
					if g != y {
						tr.update(&f, y, g)
					}
					tr.c++
				}
				if g == y {
					right++
				}
				total++
				p2, p1 = p1, g
			}
		}
		if opts.Epoch != nil {
			opts.Epoch(epoch, float64(right)/float64(total))
		}
	}
	tr.finish(t, opts.MinUpdates)
	t.build()
	return t, nil
}

// labelSet returns the sorted tag set (so that it does not depend on the
// order of the sentences) and each sentence's tags as label numbers.
func labelSet(sents []Sentence, tagsOf func(Sentence) []string) ([]string, [][]uint8, error) {
	id := map[string]int{}
	for i, s := range sents {
		tags := tagsOf(s)
		if len(tags) != len(s.Words) {
			return nil, nil, fmt.Errorf("tag: sentence %d: %d words, %d tags", i, len(s.Words), len(tags))
		}
		for _, l := range tags {
			id[l] = 0
		}
	}
	if len(id) > maxLabels {
		return nil, nil, fmt.Errorf("tag: %d labels, at most %d", len(id), maxLabels)
	}
	labels := make([]string, 0, len(id))
	for l := range id {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for i, l := range labels {
		id[l] = i
	}
	gold := make([][]uint8, len(sents))
	for i, s := range sents {
		tags := tagsOf(s)
		gold[i] = make([]uint8, len(tags))
		for j, l := range tags {
			gold[i][j] = uint8(id[l])
		}
	}
	return labels, gold, nil
}

// buildDict sets the tag dictionary: the words (as written) seen
// DictMinCount times with one tag DictMinShare of the time. It returns it
// as a map for the training loop.
func (t *Tagger) buildDict(sents []Sentence, gold [][]uint8, opts Options) map[uint64]uint8 {
	counts := map[string][]int{}
	for i, s := range sents {
		for j, w := range s.Words {
			c := counts[w]
			if c == nil {
				c = make([]int, len(t.labels))
				counts[w] = c
			}
			c[gold[i][j]]++
		}
	}
	dict := map[uint64]uint8{}
	for w, c := range counts {
		n, best := 0, 0
		for j, v := range c {
			n += v
			if v > c[best] {
				best = j
			}
		}
		if n >= opts.DictMinCount && float64(c[best]) >= opts.DictMinShare*float64(n) {
			dict[makeToken(w).raw] = uint8(best)
		}
	}
	t.dictKeys = make([]uint64, 0, len(dict))
	for k := range dict {
		t.dictKeys = append(t.dictKeys, k)
	}
	slices.Sort(t.dictKeys) // map order is random; the file's is not
	for _, k := range t.dictKeys {
		t.dictLabels = append(t.dictLabels, dict[k])
	}
	return dict
}

// buildLexicon sets the lexicon: the ambiguity classes of the
// (lowercased) words seen LexMinCount times, from the tags they had at
// least LexMinShare of the time. It returns the training words hashed,
// with their classes.
//
// The trainer must see the classes that unseen text will have: a class
// counted with the token itself would tell it the gold tag of every rare
// word (measured: 0.936 on EWT dev against 0.952). So each training token
// gets the class counted over the other folds of the training set
// (jackknifing), and the model keeps the classes counted over all of it.
func (t *Tagger) buildLexicon(sents []Sentence, gold [][]uint8, opts Options) [][]token {
	const folds = 10
	all := map[uint64][]int{}
	inFold := make([]map[uint64][]int, folds)
	for f := range inFold {
		inFold[f] = map[uint64][]int{}
	}
	add := func(m map[uint64][]int, k uint64, y uint8) {
		c := m[k]
		if c == nil {
			c = make([]int, len(t.labels))
			m[k] = c
		}
		c[y]++
	}
	toks := make([][]token, len(sents))
	for i, s := range sents {
		toks[i] = tokenize(nil, s.Words, &table{}, nil)
		for j := range toks[i] {
			add(all, toks[i][j].word, gold[i][j])
			add(inFold[i%folds], toks[i][j].word, gold[i][j])
		}
	}
	for k, c := range all {
		if _, ok := class(c, nil, opts.LexMinCount, opts.LexMinShare); ok {
			t.lexKeys = append(t.lexKeys, k)
		}
	}
	slices.Sort(t.lexKeys)
	for _, k := range t.lexKeys {
		m, _ := class(all[k], nil, opts.LexMinCount, opts.LexMinShare)
		t.lexMasks = append(t.lexMasks, m)
	}
	for i := range toks {
		for j := range toks[i] {
			k := toks[i][j].word
			toks[i][j].amb, _ = class(all[k], inFold[i%folds][k], opts.LexMinCount, opts.LexMinShare)
		}
	}
	return toks
}

// finish averages the weights, drops the rarely updated features, and
// quantises the rest to int16 on one scale for the whole model: the
// trained tagger is the one a file holds, so Train and Load tag alike.
func (tr *trainer) finish(t *Tagger, minUpdates int) {
	rows := make([]int, 0, len(tr.keys))
	for r := range tr.keys {
		if int(tr.upd[r]) >= minUpdates {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b int) int {
		switch ka, kb := tr.keys[a], tr.keys[b]; {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	avg := make([]float64, len(rows)*tr.nl)
	maxAbs := 0.0
	c := float64(tr.c)
	for i, r := range rows {
		for j := range tr.nl {
			v := float64(tr.w[r*tr.nl+j]) - float64(tr.u[r*tr.nl+j])/c
			avg[i*tr.nl+j] = v
			maxAbs = max(maxAbs, math.Abs(v))
		}
	}
	scale := maxAbs / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	t.scale = float32(scale)
	t.nl = tr.nl
	for i, r := range rows {
		q := make([]int16, tr.nl)
		nz := false
		for j := range tr.nl {
			q[j] = int16(math.Round(avg[i*tr.nl+j] / scale))
			nz = nz || q[j] != 0
		}
		if nz {
			t.featKeys = append(t.featKeys, tr.keys[r])
			t.w = append(t.w, q...)
		}
	}
}

// class returns the ambiguity class of a word with the tag counts c minus
// the counts out (nil for none), and whether it was seen minCount times.
func class(c, out []int, minCount int, minShare float64) (uint64, bool) {
	n := 0
	for j, v := range c {
		if out != nil {
			v -= out[j]
		}
		n += v
	}
	if n < minCount || n == 0 {
		return 0, false
	}
	var m uint64
	for j, v := range c {
		if out != nil {
			v -= out[j]
		}
		if float64(v) >= minShare*float64(n) && j < 64 {
			m |= 1 << j
		}
	}
	return m, true
}
