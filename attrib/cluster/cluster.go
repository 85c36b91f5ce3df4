// Package cluster learns word clusters from unlabelled text, so that the
// attribution models can share what they learned about a word with the
// words used like it: a cue verb PolNeAR marks but no training document
// has ("sponsored", "resented") falls in the cluster of verbs that do
// occur there ("introduced", "backed", "feared").
//
// The clusters are hierarchical, as Brown clusters are (Koo et al. 2008,
// Turian et al. 2010 use their bit-string prefixes as features of linear
// models): each word gets a path of up to Depth bits, and a prefix of k
// bits names one of 2^k clusters. They are computed from word
// embeddings: a positive pointwise mutual information matrix of each
// word against the words one and two places to its left and right
// (Levy, Goldberg and Dagan 2015: context distribution smoothed by 0.75),
// reduced by a randomized singular value decomposition (Halko, Martinsson
// and Tropp 2011), then split in two again and again by the principal
// direction of each cluster (PDDP, Boley 1998) refined by 2-means.
//
// Everything is deterministic: a fixed seed, sorted vocabularies and one
// goroutine make the same texts give the same table, byte for byte.
package cluster

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/rapporteur/rapporteur/attrib/text"
)

// Options are the settings of Build; a zero field takes its default.
type Options struct {
	MinCount int    // a word needs this many occurrences; 5
	MaxVocab int    // at most this many words, the most frequent; 60000
	Contexts int    // context words, the most frequent; 3000
	Dims     int    // embedding dimensions; 100
	Depth    int    // bits of a path at most; 16
	Seed     uint64 // the random projection of the SVD
}

func (o *Options) defaults() {
	if o.MinCount == 0 {
		o.MinCount = 5
	}
	if o.MaxVocab == 0 {
		o.MaxVocab = 60000
	}
	if o.Contexts == 0 {
		o.Contexts = 3000
	}
	if o.Dims == 0 {
		o.Dims = 100
	}
	if o.Depth == 0 || o.Depth > MaxDepth {
		o.Depth = MaxDepth
	}
}

// Builder collects the texts clusters are learned from.
type Builder struct {
	ids   map[string]int32
	words []string
	count []int
	seq   []int32 // the token ids of every text, -1 between paragraphs
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{ids: map[string]int32{}} }

// Key is the form a word is clustered and looked up by: its lower-cased
// text (as the attribution tokens' Lower) with digits folded to 0.
func Key(lower string) string {
	if strings.IndexFunc(lower, func(r rune) bool { return r >= '1' && r <= '9' }) < 0 {
		return lower
	}
	b := []byte(lower)
	for i, c := range b {
		if c >= '1' && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// Add reads one text: its words, quote marks and punctuation, paragraph
// by paragraph, as the attribution models' text layer tokenizes it.
func (b *Builder) Add(s string) {
	d := text.Parse(s)
	para := -1
	for _, t := range d.Tokens {
		if t.Para != para {
			b.seq = append(b.seq, -1)
			para = t.Para
		}
		w := t.Text
		switch t.Kind {
		case text.Word:
			w = Key(t.Lower)
		case text.Quote:
			w = "<q>"
		}
		id, ok := b.ids[w]
		if !ok {
			id = int32(len(b.words))
			b.ids[w] = id
			b.words = append(b.words, w)
			b.count = append(b.count, 0)
		}
		b.count[id]++
		b.seq = append(b.seq, id)
	}
	b.seq = append(b.seq, -1)
}

// Tokens returns the number of tokens read.
func (b *Builder) Tokens() int { return len(b.seq) }

// byFreq returns the ids of the words counted at least min times, most
// frequent first, ties by the word.
func (b *Builder) byFreq(min int) []int32 {
	var ids []int32
	for id, c := range b.count {
		if c >= min {
			ids = append(ids, int32(id))
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		a, c := ids[i], ids[j]
		if b.count[a] != b.count[c] {
			return b.count[a] > b.count[c]
		}
		return b.words[a] < b.words[c]
	})
	return ids
}

// offsets are the context positions, each its own block of columns.
var offsets = [...]int{-2, -1, 1, 2}

// ErrTooLittle is Build's error when the text read has too few words to
// cluster.
var ErrTooLittle = errors.New("cluster: too little text")

// Build learns the clusters of the words read.
func (b *Builder) Build(o Options) (*Table, error) {
	o.defaults()
	vocab := b.byFreq(o.MinCount)
	if len(vocab) > o.MaxVocab {
		vocab = vocab[:o.MaxVocab]
	}
	if len(vocab) < 4 {
		return nil, ErrTooLittle
	}
	row := make([]int32, len(b.words))
	col := make([]int32, len(b.words))
	for i := range row {
		row[i], col[i] = -1, -1
	}
	for i, id := range vocab {
		row[id] = int32(i)
	}
	ctx := b.byFreq(1)
	if len(ctx) > o.Contexts {
		ctx = ctx[:o.Contexts]
	}
	for i, id := range ctx {
		col[id] = int32(i)
	}
	nc := len(ctx) * len(offsets)
	// Co-occurrences as (row, column) keys, sorted and counted: a tenth
	// of the memory of a map per row.
	var keys []uint64
	for i, id := range b.seq {
		if id < 0 || row[id] < 0 {
			continue
		}
		r := uint64(row[id]) << 32
		for oi, off := range offsets {
			j := i + off
			// A context stops at the paragraph's edge.
			if j < 0 || j >= len(b.seq) || off == 2 && b.seq[i+1] < 0 || off == -2 && b.seq[i-1] < 0 {
				continue
			}
			cid := b.seq[j]
			if cid < 0 || col[cid] < 0 {
				continue
			}
			keys = append(keys, r|uint64(oi*len(ctx)+int(col[cid])))
		}
	}
	slices.Sort(keys)
	a := ppmi(keys, len(vocab), nc)
	emb, dims := embed(a, nc, o.Dims, o.Seed)
	t := &Table{}
	paths := make([]uint32, len(vocab))
	depths := make([]uint8, len(vocab))
	all := make([]int, len(vocab))
	for i := range all {
		all[i] = i
	}
	split(emb, dims, all, 0, 0, o.Depth, paths, depths)
	type entry struct{ key, path uint32 }
	es := make([]entry, 0, len(vocab))
	for i, id := range vocab {
		es = append(es, entry{hash(b.words[id]), paths[i]<<8 | uint32(depths[i])})
	}
	slices.SortFunc(es, func(x, y entry) int {
		if x.key != y.key {
			if x.key < y.key {
				return -1
			}
			return 1
		}
		if x.path < y.path {
			return -1
		}
		if x.path > y.path {
			return 1
		}
		return 0
	})
	for i, e := range es {
		if i > 0 && es[i-1].key == e.key {
			continue // a hash collision: the first stays
		}
		t.keys = append(t.keys, e.key)
		t.paths = append(t.paths, e.path)
	}
	t.sum = t.checksum()
	return t, nil
}

// csr is a sparse matrix by rows.
type csr struct {
	start []int
	col   []int32
	val   []float64
}

// ppmi turns sorted co-occurrence keys (row<<32 | column, one per
// occurrence) into positive PMI values, the context distribution smoothed
// by the power 0.75.
func ppmi(keys []uint64, nr, nc int) csr {
	rowSum := make([]float64, nr)
	colSum := make([]float64, nc)
	for _, k := range keys {
		rowSum[k>>32]++
		colSum[uint32(k)]++
	}
	var smooth float64
	for c := range colSum {
		colSum[c] = math.Pow(colSum[c], 0.75)
		smooth += colSum[c]
	}
	var a csr
	r := 0
	a.start = append(a.start, 0)
	for i := 0; i < len(keys); {
		j := i
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		kr, c := int(keys[i]>>32), int32(uint32(keys[i]))
		for r < kr {
			a.start = append(a.start, len(a.col))
			r++
		}
		pmi := math.Log(float64(j-i) * smooth / (rowSum[kr] * colSum[c]))
		if pmi > 0 {
			a.col = append(a.col, c)
			a.val = append(a.val, pmi)
		}
		i = j
	}
	for r < nr {
		a.start = append(a.start, len(a.col))
		r++
	}
	return a
}

// embed returns the rows of a reduced to dims dimensions (fewer when a
// has fewer rows or columns) by a randomized SVD (U Σ^½), each row of
// unit length, row-major, and the dimensions.
func embed(a csr, nc, dims int, seed uint64) ([]float64, int) {
	nr := len(a.start) - 1
	k := min(dims+10, nr, nc)
	dims = min(dims, k)
	rng := rand.New(rand.NewPCG(seed, 0xc1a5))
	// Columns of Y (nr) and Z (nc), column-major.
	z := make([][]float64, k)
	for j := range z {
		z[j] = make([]float64, nc)
		for c := range z[j] {
			z[j][c] = rng.NormFloat64()
		}
	}
	y := make([][]float64, k)
	for j := range y {
		y[j] = make([]float64, nr)
	}
	mul := func() { // y = a z
		for j := range y {
			yj, zj := y[j], z[j]
			for r := range nr {
				var s float64
				for i := a.start[r]; i < a.start[r+1]; i++ {
					s += a.val[i] * zj[a.col[i]]
				}
				yj[r] = s
			}
		}
	}
	mulT := func() { // z = aᵀ y
		for j := range z {
			zj, yj := z[j], y[j]
			clear(zj)
			for r := range nr {
				v := yj[r]
				if v == 0 {
					continue
				}
				for i := a.start[r]; i < a.start[r+1]; i++ {
					zj[a.col[i]] += a.val[i] * v
				}
			}
		}
	}
	mul()
	orthonormalize(y)
	for range 2 { // power iterations
		mulT()
		orthonormalize(z)
		mul()
		orthonormalize(y)
	}
	// B = Qᵀ A (k × nc), then B Bᵀ = W Λ Wᵀ: U = Q W, σ = √λ.
	mulT() // z[j] = Aᵀ q_j: the rows of B
	bbt := make([][]float64, k)
	for i := range bbt {
		bbt[i] = make([]float64, k)
		for j := 0; j <= i; j++ {
			bbt[i][j] = dot(z[i], z[j])
		}
	}
	for i := range bbt {
		for j := i + 1; j < k; j++ {
			bbt[i][j] = bbt[j][i]
		}
	}
	vals, vecs := jacobi(bbt)
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return vals[order[i]] > vals[order[j]] })
	out := make([]float64, nr*dims)
	for d := range dims {
		e := order[d]
		w := math.Pow(math.Max(vals[e], 0), 0.25) // σ^½
		for r := range nr {
			var s float64
			for j := range k {
				s += y[j][r] * vecs[j][e]
			}
			out[r*dims+d] = s * w
		}
	}
	for r := range nr {
		v := out[r*dims : (r+1)*dims]
		n := math.Sqrt(dot(v, v))
		if n > 0 {
			for i := range v {
				v[i] /= n
			}
		}
	}
	return out, dims
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// orthonormalize makes the vectors vs orthonormal (modified Gram-Schmidt,
// twice for stability); a vector that vanishes is left zero.
func orthonormalize(vs [][]float64) {
	for range 2 {
		for j := range vs {
			for i := range j {
				p := dot(vs[i], vs[j])
				for r := range vs[j] {
					vs[j][r] -= p * vs[i][r]
				}
			}
			n := math.Sqrt(dot(vs[j], vs[j]))
			if n < 1e-12 {
				clear(vs[j])
				continue
			}
			for r := range vs[j] {
				vs[j][r] /= n
			}
		}
	}
}

// jacobi returns the eigenvalues and eigenvectors (columns of vecs) of
// the symmetric matrix m, which it changes.
func jacobi(m [][]float64) ([]float64, [][]float64) {
	n := len(m)
	v := make([][]float64, n)
	for i := range v {
		v[i] = make([]float64, n)
		v[i][i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off float64
		for i := range n {
			for j := i + 1; j < n; j++ {
				off += m[i][j] * m[i][j]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				if math.Abs(m[p][q]) < 1e-300 {
					continue
				}
				theta := (m[q][q] - m[p][p]) / (2 * m[p][q])
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range n {
					mkp, mkq := m[k][p], m[k][q]
					m[k][p] = c*mkp - s*mkq
					m[k][q] = s*mkp + c*mkq
				}
				for k := range n {
					mpk, mqk := m[p][k], m[q][k]
					m[p][k] = c*mpk - s*mqk
					m[q][k] = s*mpk + c*mqk
				}
				for k := range n {
					vkp, vkq := v[k][p], v[k][q]
					v[k][p] = c*vkp - s*vkq
					v[k][q] = s*vkp + c*vkq
				}
			}
		}
	}
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = m[i][i]
	}
	return vals, v
}

// split divides the words ws (rows of emb) in two by the principal
// direction of their cloud, refined by 2-means, and recurses: a word's
// path gets bit 0 on one side and 1 on the other, up to maxDepth bits.
func split(emb []float64, dims int, ws []int, path uint32, depth, maxDepth int, paths []uint32, depths []uint8) {
	if depth == maxDepth || len(ws) < 2 {
		for _, w := range ws {
			paths[w] = path << (MaxDepth - depth)
			depths[w] = uint8(depth)
		}
		return
	}
	vec := func(w int) []float64 { return emb[w*dims : (w+1)*dims] }
	mean := make([]float64, dims)
	for _, w := range ws {
		for i, x := range vec(w) {
			mean[i] += x
		}
	}
	for i := range mean {
		mean[i] /= float64(len(ws))
	}
	// The principal direction by power iteration from a fixed start.
	dir := make([]float64, dims)
	for i := range dir {
		dir[i] = 1 / math.Sqrt(float64(i+1))
	}
	next := make([]float64, dims)
	diff := make([]float64, dims)
	for range 12 {
		clear(next)
		for _, w := range ws {
			v := vec(w)
			for i := range diff {
				diff[i] = v[i] - mean[i]
			}
			p := dot(diff, dir)
			for i := range next {
				next[i] += p * diff[i]
			}
		}
		n := math.Sqrt(dot(next, next))
		if n == 0 {
			break
		}
		for i := range dir {
			dir[i] = next[i] / n
		}
	}
	side := make([]bool, len(ws))
	for i, w := range ws {
		v := vec(w)
		for j := range diff {
			diff[j] = v[j] - mean[j]
		}
		side[i] = dot(diff, dir) > 0
	}
	// 2-means from that split.
	c := [2][]float64{make([]float64, dims), make([]float64, dims)}
	for range 6 {
		var n [2]int
		clear(c[0])
		clear(c[1])
		for i, w := range ws {
			s := 0
			if side[i] {
				s = 1
			}
			n[s]++
			for j, x := range vec(w) {
				c[s][j] += x
			}
		}
		if n[0] == 0 || n[1] == 0 {
			break
		}
		for s := range c {
			for j := range c[s] {
				c[s][j] /= float64(n[s])
			}
		}
		moved := false
		for i, w := range ws {
			v := vec(w)
			var d0, d1 float64
			for j, x := range v {
				d0 += (x - c[0][j]) * (x - c[0][j])
				d1 += (x - c[1][j]) * (x - c[1][j])
			}
			s := d1 < d0
			if s != side[i] {
				side[i], moved = s, true
			}
		}
		if !moved {
			break
		}
	}
	var left, right []int
	for i, w := range ws {
		if side[i] {
			right = append(right, w)
		} else {
			left = append(left, w)
		}
	}
	if len(left) == 0 || len(right) == 0 {
		split(emb, dims, ws, path, maxDepth, maxDepth, paths, depths)
		return
	}
	split(emb, dims, left, path<<1, depth+1, maxDepth, paths, depths)
	split(emb, dims, right, path<<1|1, depth+1, maxDepth, paths, depths)
}

// hash is FNV-1a of a word's key, 32 bits: tens of thousands of words
// hardly collide, and a word outside the table rarely hits one.
func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// Table maps words to their cluster paths.
type Table struct {
	keys  []uint32 // sorted hashes of the words' keys
	paths []uint32 // path << 8 | its length in bits; the path is left-aligned in MaxDepth bits
	sum   uint32
}

// MaxDepth is the longest path a table holds.
const MaxDepth = 16

// Len returns the number of words in t.
func (t *Table) Len() int { return len(t.keys) }

// Sum is a checksum of the table, for the models trained with it to name.
func (t *Table) Sum() uint32 { return t.sum }

func (t *Table) checksum() uint32 {
	h := crc32.NewIEEE()
	var b [8]byte
	for i := range t.keys {
		binary.LittleEndian.PutUint32(b[:4], t.keys[i])
		binary.LittleEndian.PutUint32(b[4:], t.paths[i])
		h.Write(b[:])
	}
	return h.Sum32()
}

// Lookup returns the path of a word (its Key), as path<<8 | length, and
// whether the table has it.
func (t *Table) Lookup(key string) (uint32, bool) {
	h := hash(key)
	i, ok := slices.BinarySearch(t.keys, h)
	if !ok {
		return 0, false
	}
	return t.paths[i], true
}

// Prefix returns the first n bits of path p (as Lookup returns it), as a
// number that also tells its length: the cluster at that granularity.
// A path shorter than n bits gives itself.
func Prefix(p uint32, n int) uint32 {
	l := int(p & 0xff)
	n = min(n, l)
	bits := p >> 8 >> (MaxDepth - n)
	return bits<<5 | uint32(n)
}

const magic = "RAPCLU1\n"

// WriteTo writes the table, uncompressed: a magic, the count, then the
// key deltas and paths as unsigned varints (a model file compresses it
// with itself).
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var n int64
	buf := make([]byte, 0, 16)
	put := func(b []byte) {
		m, _ := bw.Write(b)
		n += int64(m)
	}
	put([]byte(magic))
	put(binary.AppendUvarint(buf[:0], uint64(len(t.keys))))
	prev := uint32(0)
	for i, k := range t.keys {
		put(binary.AppendUvarint(buf[:0], uint64(k-prev)))
		put(binary.AppendUvarint(buf[:0], uint64(t.paths[i])))
		prev = k
	}
	return n, bw.Flush()
}

// Read reads a table WriteTo wrote.
func Read(r io.ByteReader) (*Table, error) {
	for i := 0; i < len(magic); i++ {
		c, err := r.ReadByte()
		if err != nil || c != magic[i] {
			return nil, errors.New("word clusters: not a cluster table")
		}
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<22 {
		return nil, errors.New("word clusters: corrupt header")
	}
	// Grown as read, so that a corrupt count allocates nothing large.
	t := &Table{keys: make([]uint32, 0, min(n, 1<<16)), paths: make([]uint32, 0, min(n, 1<<16))}
	prev := uint64(0)
	for i := range int(n) {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, fmt.Errorf("word clusters: truncated: %w", err)
		}
		p, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, fmt.Errorf("word clusters: truncated: %w", err)
		}
		k := prev + d
		if k > math.MaxUint32 || i > 0 && d == 0 || p > math.MaxUint32 || p&0xff > MaxDepth {
			return nil, errors.New("word clusters: corrupt table")
		}
		t.keys = append(t.keys, uint32(k))
		t.paths = append(t.paths, uint32(p))
		prev = k
	}
	t.sum = t.checksum()
	return t, nil
}
