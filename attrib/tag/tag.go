// Package tag is a part-of-speech tagger: a greedy averaged perceptron
// (Collins 2002, in the style of Honnibal's 2013 tagger) over hashed
// lexical features and the two previous tags, trained on the Universal
// Dependencies English Web Treebank. It predicts universal tags (UPOS:
// NOUN, VERB, PROPN, …) for pre-tokenised words, about a million words a
// second on one core, in pure Go.
//
// The model is embedded in the binary (model/en-upos.bin.gz) and loaded
// by Default; "rapporteur train" rebuilds it, and MODELS.md says from
// what, under which terms, and how well it tags.
package tag

import (
	"sync"
)

// Tagger tags words with parts of speech. It is immutable once built and
// safe for concurrent use.
type Tagger struct {
	labels []string
	nl     int
	info   string

	// The tag dictionary: words (as written) seen often in training with
	// one tag nearly always get that tag without scoring.
	dictKeys   []uint64 // sorted
	dictLabels []uint8
	dict       table

	// The lexicon: the ambiguity class (a bit per tag) of each word
	// (lowercased) seen often enough in training.
	lexKeys  []uint64 // sorted
	lexMasks []uint64
	lex      table

	// The weights: row r (nl int16 values) belongs to featKeys[r]; the
	// file holds them so, training makes them so.
	featKeys []uint64 // sorted
	w        []int16
	// rows holds the same weights for scoring, in an open-addressing
	// table: a slot is a key and its row, so the probe that finds a key
	// has fetched its weights too (tagging is bound by memory latency,
	// most lookups miss the caches). A row packs lanes labels to a word
	// (label l in lane l%lanes of word l/lanes), each as w-min(w), never
	// negative. Summing a position's rows then takes a word addition
	// per lanes labels, and pack makes lanes wide enough that none can
	// carry into the next (see pack), so the sums are exactly those of
	// the int16 rows plus -min(w) once per feature found.
	rows []uint64 // slot j: rows[j*stride] the key (0: empty), then nw words
	// fps holds a 16-bit fingerprint of slot j's key (0: empty). It is
	// an eighth of a megabyte per 64 K slots and stays in the caches, so
	// a probe walks it and fetches a slot only when the fingerprint
	// matches: a feature absent from the model (a fifth of the lookups
	// on news) then costs no slot fetch, and linear probing past other
	// keys costs none either (on news text 2 slot fetches per lookup
	// fell to about 0.8).
	fps      []uint16
	rowMask  uint64 // slots - 1
	stride   int    // words per slot
	nw       int    // words per row: nl/lanes rounded up
	lanes    int    // labels per word
	laneBits uint
	scale    float32 // a weight is w*scale; kept for the file, not for tagging

	scratch sync.Pool // *[]token, so Tag allocates only its result
}

// maxLabels bounds the tag set: labels are stored in one byte.
const maxLabels = 255

// Labels returns the tag set, in the order of the model.
func (t *Tagger) Labels() []string { return append([]string(nil), t.labels...) }

// Info describes what the model was trained on, as its trainer said.
func (t *Tagger) Info() string { return t.info }

// Features returns the number of weighted features, for size reports.
func (t *Tagger) Features() int { return len(t.featKeys) }

// Tag returns the tag of each word. Words are tokens as UD tokenises
// English: punctuation split off, clitics apart ("do", "n't"); the tagger
// copes with other tokenisations, a little less accurately. The result has
// len(words) entries, strings from Labels. Tag(nil) is empty.
func (t *Tagger) Tag(words []string) []string {
	return t.AppendTags(make([]string, 0, len(words)), words)
}

// AppendTags appends the tag of each word to dst and returns it: with a
// dst of enough capacity it does not allocate.
func (t *Tagger) AppendTags(dst []string, words []string) []string {
	if len(words) == 0 {
		return dst
	}
	sp, _ := t.scratch.Get().(*[]token)
	if sp == nil {
		sp = new([]token)
	}
	toks := tokenize(*sp, words, &t.lex, t.lexMasks)
	p1, p2 := start1, start2
	var f [nTemplates]uint64
	for i := range toks {
		y := t.predict(toks, i, p1, p2, &f)
		dst = append(dst, t.labels[y])
		p2, p1 = p1, y
	}
	*sp = toks
	t.scratch.Put(sp)
	return dst
}

// predict returns the label index of position i.
func (t *Tagger) predict(toks []token, i, p1, p2 int, f *[nTemplates]uint64) int {
	if y, ok := t.dict.get(toks[i].raw); ok {
		return int(t.dictLabels[y])
	}
	features(toks, i, p1, p2, f)
	if t.uposShape() {
		return t.predictUPOS(f)
	}
	return t.predictAny(f)
}

// uposShape says whether predictUPOS can score for t.
func (t *Tagger) uposShape() bool {
	return t.nl == 17 && t.lanes == 3 && t.laneBits == 21 && t.stride == 8
}

// predictAny returns the best label for features f, for any model.
func (t *Tagger) predictAny(f *[nTemplates]uint64) int {
	var acc [maxLabels]uint64
	sums := acc[:t.nw]
	for _, k := range f {
		// The row follows its key in the slot, so the probe that finds
		// the key has fetched its weights too.
		fp := fingerprint(k)
		for j := k & t.rowMask; ; j = (j + 1) & t.rowMask {
			g := t.fps[j]
			if g == 0 {
				break
			}
			if g != fp {
				continue
			}
			slot := t.rows[int(j)*t.stride : int(j+1)*t.stride]
			if slot[0] == k {
				row := slot[1 : 1+len(sums)]
				for j, v := range row {
					sums[j] += v
				}
				break
			}
		}
	}
	// Every label's sum carries the same bias per feature found, which
	// does not change which is largest; the first best label wins a tie,
	// as over the int16 rows.
	best, bestScore := 0, uint64(0)
	mask := uint64(1)<<t.laneBits - 1
	for j := range t.nl {
		v := sums[j/t.lanes] >> (t.laneBits * uint(j%t.lanes)) & mask
		if j == 0 || v > bestScore {
			best, bestScore = j, v
		}
	}
	return best
}

// predictUPOS is predict's scoring for the shape of the UPOS model (17
// labels, three 21-bit lanes to a word, six words to a row, a slot per
// cache line), with the row sums in registers and the lanes read with
// constant shifts: the general loop zeroed a 255-word array for every
// word tagged, and divided by the lane count for every label. The sums
// and the choice of label are the general loop's.
func (t *Tagger) predictUPOS(f *[nTemplates]uint64) int {
	var s0, s1, s2, s3, s4, s5 uint64
	for _, k := range f {
		fp := fingerprint(k)
		for j := k & t.rowMask; ; j = (j + 1) & t.rowMask {
			g := t.fps[j]
			if g == 0 {
				break
			}
			if g != fp {
				continue
			}
			slot := (*[8]uint64)(t.rows[int(j)*8:])
			if slot[0] == k {
				s0 += slot[1]
				s1 += slot[2]
				s2 += slot[3]
				s3 += slot[4]
				s4 += slot[5]
				s5 += slot[6]
				break
			}
		}
	}
	sums := [6]uint64{s0, s1, s2, s3, s4, s5}
	const mask = 1<<21 - 1
	best, bestScore := 0, uint64(0)
	for j := range 17 {
		v := sums[j/3] >> (21 * uint(j%3)) & mask
		if j == 0 || v > bestScore {
			best, bestScore = j, v
		}
	}
	return best
}

// pack fills rows from w, at a load factor ≤ 2/3 as newTable. A lane
// holds w-min(w), so that it is never negative; it is 21 bits wide when
// nTemplates such values fit (three labels to a word, and a slot of 17
// labels and its key in one 64-byte cache line), else 32 bits (any int16
// weights: nTemplates × 65535 < 2³²).
func (t *Tagger) pack() {
	lo, hi := int32(0), int32(0)
	for _, v := range t.w {
		lo, hi = min(lo, int32(v)), max(hi, int32(v))
	}
	t.laneBits, t.lanes = 32, 2
	if int64(hi-lo)*nTemplates < 1<<21 {
		t.laneBits, t.lanes = 21, 3
	}
	t.nw = (t.nl + t.lanes - 1) / t.lanes
	t.stride = 1 + t.nw
	if t.stride <= 8 {
		t.stride = 8 // a slot per cache line (large slices are page-aligned)
	}
	size := 16
	for size*2 < 3*len(t.featKeys) {
		size *= 2
	}
	t.rows, t.rowMask = make([]uint64, size*t.stride), uint64(size-1)
	t.fps = make([]uint16, size)
	for r, k := range t.featKeys {
		j := k & t.rowMask
		for t.rows[int(j)*t.stride] != 0 {
			j = (j + 1) & t.rowMask
		}
		t.fps[j] = fingerprint(k)
		slot := t.rows[int(j)*t.stride : int(j+1)*t.stride]
		slot[0] = k
		for l, v := range t.w[r*t.nl : (r+1)*t.nl] {
			slot[1+l/t.lanes] |= uint64(int32(v)-lo) << (t.laneBits * uint(l%t.lanes))
		}
	}
}

// fingerprint is the non-zero 16-bit fingerprint of key k in Tagger.fps:
// its top bits, which the slot index (its low bits) does not use.
func fingerprint(k uint64) uint16 {
	return uint16(k>>48) | 1
}

// table is an open-addressing hash table from non-zero uint64 keys (which
// are already well mixed) to int32 values; faster and smaller than a Go
// map for the tagger's read-only lookups. Tagging is bound by memory
// latency (most lookups miss the caches), so a key and its value share a
// slot, and one probe is usually one cache miss.
type table struct {
	slots []slot
	mask  uint64
}

type slot struct {
	key uint64
	val int32
}

func newTable(keys []uint64) table {
	// Load factor ≤ 2/3: linear probes stay short, the table small.
	size := 16
	for size*2 < 3*len(keys) {
		size *= 2
	}
	t := table{slots: make([]slot, size), mask: uint64(size - 1)}
	for i, k := range keys {
		j := k & t.mask
		for t.slots[j].key != 0 {
			j = (j + 1) & t.mask
		}
		t.slots[j] = slot{k, int32(i)}
	}
	return t
}

func (t *table) get(k uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	for j := k & t.mask; ; j = (j + 1) & t.mask {
		switch s := t.slots[j]; s.key {
		case k:
			return s.val, true
		case 0:
			return 0, false
		}
	}
}

// build makes the lookup tables of a tagger whose sorted keys and rows
// are set.
func (t *Tagger) build() {
	t.nl = len(t.labels)
	t.dict = newTable(t.dictKeys)
	t.lex = newTable(t.lexKeys)
	t.pack()
}

// Accuracy tags each sentence and counts the words whose tag equals its
// UPOS: the score "rapporteur train" prints and the tests check.
func Accuracy(t *Tagger, sents []Sentence) (right, total int) {
	var got []string
	for _, s := range sents {
		got = t.AppendTags(got[:0], s.Words)
		for i, g := range got {
			if g == s.UPOS[i] {
				right++
			}
		}
		total += len(got)
	}
	return right, total
}
