package story

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/zeebo/xxh3"
)

// DupConfig sets up a near-duplicate index. The zero value of a field
// takes its default (DefaultDupConfig).
type DupConfig struct {
	// Shingle is the number of words per shingle. Three words is the
	// choice the syndication simulator supports (see DefaultDupConfig).
	Shingle int
	// Bands and Rows shape the LSH index: the signature has Bands×Rows
	// MinHash values, and two articles become candidates when all Rows
	// values of one band agree.
	Bands, Rows int
	// Threshold is the least similarity (Match.Score) of a duplicate.
	Threshold float64
	// MinJaccard is the least Jaccard similarity of a duplicate: the
	// containment estimate of a short text in a long one is noisy, since
	// it scales the Jaccard estimate by the ratio of their sizes.
	MinJaccard float64
	// Window is how far apart two articles may be published and still be
	// compared: an article is compared with the indexed articles
	// published within Window before or after its own date, whatever the
	// order they arrived in. An undated article is compared with every
	// indexed article, and every article with it.
	Window time.Duration
	// MaxArticles bounds the index: when it holds more, the articles
	// published earliest leave it (undated ones by when they arrived),
	// so memory is about MaxArticles × 1.8 KB (see BENCHMARKS.md). Input
	// of fewer articles is linked the same in any order; beyond it, an
	// article published before everything left in the index meets none
	// of its evicted neighbours.
	MaxArticles int
	// Seed chooses the hash permutations; indexes must share it to
	// compare signatures.
	Seed uint64
}

// DefaultDupConfig is the configuration chosen on the syndication
// simulator (story/internal/syndicate, default levels, seeds 1 and 2;
// seed 3 is kept for TestSimulator) by duplicate-group F1, among those
// TestCalibrateDup prints (F1 for seeds 1 / 2):
//
//   - Shingle 3 (0.986 / 0.983): a typo or a spelling variant breaks only
//     the shingles around it, while different articles share few. Two
//     words scored about the same (0.986 / 0.987) and three were kept as
//     the more specific; four and five words lost recall (0.984 / 0.982,
//     0.983 / 0.978).
//   - 32 bands of 2 rows (64 MinHash values): a pair with Jaccard
//     similarity J becomes a candidate with chance 1-(1-J²)³², 0.95 at
//     J=0.3 and 0.996 at J=0.4, and copies trimmed to half and edited go
//     down to J≈0.3; 20 bands of 3 rows and 16 of 4 missed those (0.975 /
//     0.972, 0.936 / 0.933).
//   - Threshold 0.6 on the estimated containment of the smaller text in
//     the larger, which stays near 1 for a trimmed copy while its Jaccard
//     similarity falls with its length, and MinJaccard 0.3, since the
//     containment estimate is noisy for a short text against a long one.
//     Looser (0.5 and 0.25: 0.970 / 0.965) let in articles that share
//     background paragraphs; stricter (0.7 and 0.3: 0.966 / 0.964) lost
//     the most edited copies.
//
// MaxArticles, 250,000, holds a few weeks of a monitor of a few hundred
// outlets, or a backfill of that size in any order, in about 450 MB.
var DefaultDupConfig = DupConfig{Shingle: 3, Bands: 32, Rows: 2, Threshold: 0.6, MinJaccard: 0.3, Window: 7 * 24 * time.Hour, MaxArticles: 250000, Seed: 0x5eed}

func (c DupConfig) withDefaults() DupConfig {
	d := DefaultDupConfig
	if c.Shingle > 0 {
		d.Shingle = min(c.Shingle, 16) // the sketch keeps at most 16 words
	}
	set(&d.Bands, c.Bands)
	set(&d.Rows, c.Rows)
	set(&d.Threshold, c.Threshold)
	set(&d.MinJaccard, c.MinJaccard)
	set(&d.Window, c.Window)
	set(&d.MaxArticles, c.MaxArticles)
	if c.Seed != 0 {
		d.Seed = c.Seed
	}
	return d
}

// Sketch is what the index keeps of an article's text: its MinHash
// signature, its SimHash and its number of distinct shingles.
type Sketch struct {
	Sig     []uint32
	SimHash uint64
	Size    int // shingles in the text
}

// Match is a near-duplicate found for an article.
type Match struct {
	// ID is the article the query matched.
	ID string
	// Root is the original of the group of copies ID belongs to (see
	// Dups.Root): the article's duplicate_of.
	Root string
	// Score is the estimated share of the shorter text's shingles found
	// in the other: 1 for a verbatim reprint, near 1 for a trimmed copy.
	Score float64
	// Jaccard is the estimated Jaccard similarity of the shingle sets.
	Jaccard float64
	// Verbatim is true when the SimHashes are equal or differ in at most
	// three bits: the same text up to a few words.
	Verbatim bool
}

// verbatimBits is the SimHash Hamming distance under which two texts are
// reprints of each other. Over 64-bit SimHashes of shingle sets, copies
// with a handful of changed words differ in a few bits and unrelated
// texts in about 32 (Manku et al. 2007 use 3 for web pages).
const verbatimBits = 3

// simHashBand is the band number under which the exact SimHash is kept in
// the bucket table, so a verbatim reprint is found in one lookup.
const simHashBand = 0xff

// Dups is a near-duplicate index: MinHash signatures in an LSH bucket
// table, plus SimHash for verbatim reprints, and the groups of copies
// they make.
//
// It gives the same groups whatever order the articles arrive in: an
// article is compared with the indexed articles published within the
// window around its own date (undated ones with all), which are the same
// pairs whichever of two articles comes second; a group is every article
// connected to another by a match (union–find), and its original (Root)
// is the member published first. An article that arrives late can so
// become the original of copies stored before it: Add says whose original
// changed. The index is evicted by publication date, earliest first, once
// it holds more than MaxArticles. Slots of deleted articles are reused.
// It is not safe for concurrent use; Linker guards it.
type Dups struct {
	cfg    DupConfig
	k      int
	bucket map[uint64]uint32 // band key → first slot+1 of its chain

	// Per slot, struct-of-arrays to keep the index small.
	ids    []string
	sigs   []uint32 // k per slot
	next   []uint32 // Bands+1 per slot: next slot+1 in each chain
	sim    []uint64
	size   []uint32
	at     []int64   // publication time (Unix seconds); undated: see dated
	evict  []int64   // eviction order: at, or for an undated article the latest date seen when it came
	score  []float32 // the best Match.Score the article had with a member of its group
	group  []uint32  // index into groups, 0 for an article alone
	dated  []bool
	live   []bool
	free   []uint32
	bySlot map[string]uint32
	stamp  []uint32 // query dedup marks
	epoch  uint32

	groups     []dupGroup // index 0 unused
	freeGroups []uint32
	latest     int64
}

// dupGroup is a group of copies with more than one article. Its original
// is kept by value, so that the group keeps it after the original left
// the index.
type dupGroup struct {
	members []uint32 // slots
	root    rootKey
}

// rootKey orders the candidates for a group's original: dated before
// undated, then published first, then by ID, so that the choice does not
// depend on arrival order. IDs compare by length first, so that the
// decimal IDs of a store order as numbers: of two copies published at
// the same time, the one stored first is the original. (An agency credit
// is no sign of the original: outlets credit the agency whose copy they
// print, and the agency's own text carries the same credit.)
type rootKey struct {
	id    string
	at    int64
	dated bool
}

func (a rootKey) before(b rootKey) bool {
	switch {
	case a.dated != b.dated:
		return a.dated
	case a.dated && a.at != b.at:
		return a.at < b.at
	case len(a.id) != len(b.id):
		return len(a.id) < len(b.id)
	}
	return a.id < b.id
}

// NewDups returns an empty index.
func NewDups(cfg DupConfig) *Dups {
	cfg = cfg.withDefaults()
	k := cfg.Bands * cfg.Rows
	d := &Dups{cfg: cfg, k: k, bucket: map[uint64]uint32{}, bySlot: map[string]uint32{}, groups: make([]dupGroup, 1)}
	return d
}

// Config returns the configuration in use, defaults filled in.
func (d *Dups) Config() DupConfig { return d.cfg }

// Len returns the number of articles in the index.
func (d *Dups) Len() int { return len(d.bySlot) }

func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Sketch computes the signature of a text. It allocates only the result
// and a scratch slice of shingle hashes.
func (d *Dups) Sketch(text string) Sketch {
	const empty = math.MaxUint32
	n := d.cfg.Shingle
	sk := Sketch{Sig: make([]uint32, d.k)}
	for i := range sk.Sig {
		sk.Sig[i] = empty
	}
	var (
		win    [16]uint64
		count  int
		planes [simHashPlanes]uint64
	)
	// A shingle repeated in the text counts once in the MinHash (a
	// minimum ignores repeats) and as often as it occurs in Size and the
	// SimHash; news copy seldom repeats three words in a row, and the
	// sketch is then made in one pass without keeping the shingles.
	add := func(x uint64) {
		// One-permutation MinHash (Li, Owen and Zhang 2012): each shingle
		// is hashed once, the high 32 bits choose one of the k bins (a
		// multiply-shift range reduction) and the bin keeps its least
		// low 32 bits. One hash per shingle instead of k, with the same
		// estimate of the Jaccard similarity: the share of equal bins.
		v := mix(x ^ d.cfg.Seed)
		x = v
		bin := (v >> 32) * uint64(d.k) >> 32
		if lo := uint32(v); lo < sk.Sig[bin] {
			sk.Sig[bin] = lo
		}
		// SimHash (Charikar 2002): bit b is set when most shingle hashes
		// have it. The ones are counted in bit planes (plane i holds bit
		// i of the 64 counts), so a hash costs a couple of word
		// operations instead of 64 additions.
		if sk.Size < 1<<simHashPlanes-1 {
			carry := x
			for i := 0; carry != 0; i++ {
				planes[i], carry = planes[i]^carry, planes[i]&carry
			}
		}
		sk.Size++
	}
	wordBytes(text, func(wb []byte, _ int) {
		// Hashing here rather than through words saves an indirect call
		// per word, a tenth of the sketch's time.
		h := xxh3.Hash(wb)
		// win holds the last n words, oldest first.
		if count < n {
			win[count] = h
		} else {
			copy(win[:n-1], win[1:n])
			win[n-1] = h
		}
		count++
		if count >= n {
			var x uint64
			for _, w := range win[:n] {
				x = bits.RotateLeft64(x, 17) ^ w
			}
			add(x)
		}
	})
	if count > 0 && count < n {
		// A text shorter than one shingle is its words.
		var x uint64
		for i := range count {
			x = bits.RotateLeft64(x, 17) ^ win[i]
		}
		add(x)
	}
	half := uint64(min(sk.Size, 1<<simHashPlanes-1)) / 2
	for b := range 64 {
		var c uint64
		for i := range planes {
			c |= (planes[i] >> b & 1) << i
		}
		if c > half {
			sk.SimHash |= 1 << b
		}
	}
	densify(sk.Sig, sk.Size)
	return sk
}

// simHashPlanes bounds the SimHash counts: the first 2¹⁶-1 shingles of a
// text (about 65,000 words) make its SimHash.
const simHashPlanes = 16

// densify fills the bins that a short text left empty with the value of
// the next full bin to their right, shifted by the distance, so that two
// borrowings agree only when the texts agree there too (densification by
// rotation, Shrivastava and Li 2014).
func densify(sig []uint32, size int) {
	const empty = math.MaxUint32
	if size == 0 || !slices.Contains(sig, empty) {
		return
	}
	full := slices.Clone(sig)
	for i := range sig {
		if full[i] != empty {
			continue
		}
		for dist := 1; dist < len(sig); dist++ {
			if v := full[(i+dist)%len(sig)]; v != empty {
				sig[i] = v + uint32(dist)*0x9e3779b9
				break
			}
		}
	}
}

// bandKey hashes band b of a signature with the band number, so equal
// values in different bands do not share a bucket.
func (d *Dups) bandKey(sig []uint32, b int) uint64 {
	h := uint64(b+1) * 0x9e3779b97f4a7c15
	for _, v := range sig[b*d.cfg.Rows : (b+1)*d.cfg.Rows] {
		h = mix(h ^ uint64(v))
	}
	return h
}

func simKey(sim uint64) uint64 { return mix(sim ^ uint64(simHashBand)<<56) }

// Query returns the indexed articles of any date that are
// near-duplicates of sk, best first, with Score ≥ the threshold.
func (d *Dups) Query(sk Sketch) []Match {
	return d.query(sk, 0, false, d.cfg.Threshold)
}

// QueryAt is Query for an article published at (zero: undated): only the
// articles published within the window around it, and undated ones, are
// compared.
func (d *Dups) QueryAt(sk Sketch, at time.Time) []Match {
	return d.query(sk, at.Unix(), !at.IsZero(), d.cfg.Threshold)
}

// query returns the candidates scoring at least min; when dated, only
// those within the window of at or undated.
func (d *Dups) query(sk Sketch, at int64, dated bool, min float64) []Match {
	d.epoch++
	if d.epoch == 0 { // wrapped: clear the marks
		clear(d.stamp)
		d.epoch = 1
	}
	win := int64(d.cfg.Window / time.Second)
	var out []Match
	consider := func(slot uint32) {
		if d.stamp[slot] == d.epoch || !d.live[slot] {
			return
		}
		d.stamp[slot] = d.epoch
		if dated && d.dated[slot] && (d.at[slot] > at+win || d.at[slot] < at-win) {
			return
		}
		m := d.compare(sk, slot)
		if m.Score >= min && m.Jaccard >= d.cfg.MinJaccard || m.Verbatim {
			out = append(out, m)
		}
	}
	nb := d.cfg.Bands + 1
	walk := func(key uint64, band int) {
		for s := d.bucket[key]; s != 0; s = d.next[int(s-1)*nb+band] {
			consider(s - 1)
		}
	}
	walk(simKey(sk.SimHash), d.cfg.Bands)
	for b := range d.cfg.Bands {
		walk(d.bandKey(sk.Sig, b), b)
	}
	slices.SortFunc(out, func(a, b Match) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// compare scores the article in slot against sk.
func (d *Dups) compare(sk Sketch, slot uint32) Match {
	sig := d.sigs[int(slot)*d.k : int(slot+1)*d.k]
	eq := 0
	for i, v := range sig {
		if v == sk.Sig[i] {
			eq++
		}
	}
	j := float64(eq) / float64(d.k)
	// |A∩B| = J(|A|+|B|)/(1+J); containment of the smaller set.
	a, b := float64(sk.Size), float64(d.size[slot])
	score := 0.0
	if small := min(a, b); small > 0 {
		score = min(1, j*(a+b)/(1+j)/small)
	}
	verbatim := bits.OnesCount64(sk.SimHash^d.sim[slot]) <= verbatimBits && sk.Size > 0
	if verbatim {
		score = max(score, 1-float64(bits.OnesCount64(sk.SimHash^d.sim[slot]))/64)
	}
	return Match{ID: d.ids[slot], Root: d.rootOf(slot), Score: score, Jaccard: j, Verbatim: verbatim}
}

// Insert adds an article with its sketch and publication time (zero when
// unknown), and returns its near-duplicates as QueryAt would, found before
// it was added. An ID already in the index is replaced.
func (d *Dups) Insert(id string, sk Sketch, at time.Time) []Match {
	return d.Add(id, sk, at).Matches
}

// Added is what Dups.Add did.
type Added struct {
	// Matches are the article's near-duplicates, as Insert returns them.
	Matches []Match
	// Moved are the other articles whose original (Root) changed: the
	// members of a group that the article joined when it, or the
	// original of another group it joined with, was published earlier
	// than their original.
	Moved []string
	// Evicted are the articles that left the index to keep it within
	// MaxArticles.
	Evicted []string
}

// Add is Insert that also says whose original changed and who left.
func (d *Dups) Add(id string, sk Sketch, at time.Time) Added {
	d.Delete(id)
	dated := !at.IsZero()
	ms := d.QueryAt(sk, at)
	slot := d.alloc()
	nb := d.cfg.Bands + 1
	d.ids[slot] = id
	copy(d.sigs[int(slot)*d.k:], sk.Sig)
	d.sim[slot], d.size[slot], d.live[slot], d.dated[slot] = sk.SimHash, uint32(sk.Size), true, dated
	d.at[slot], d.evict[slot], d.group[slot], d.score[slot] = 0, d.latest, 0, 0
	if dated {
		d.at[slot], d.evict[slot] = at.Unix(), at.Unix()
		d.latest = max(d.latest, at.Unix())
	}
	for b := range nb {
		key := simKey(sk.SimHash)
		if b < d.cfg.Bands {
			key = d.bandKey(sk.Sig, b)
		}
		d.next[int(slot)*nb+b] = d.bucket[key]
		d.bucket[key] = slot + 1
	}
	d.bySlot[id] = slot
	// Every match joins the article's group: the pairs compared do not
	// depend on order, and so neither do the groups they connect.
	var changed []string
	for _, m := range ms {
		o := d.bySlot[m.ID]
		d.score[slot] = max(d.score[slot], float32(m.Score))
		d.score[o] = max(d.score[o], float32(m.Score))
		changed = d.union(slot, o, changed)
	}
	res := Added{Matches: ms}
	slices.Sort(changed)
	for _, c := range slices.Compact(changed) {
		if c != id {
			res.Moved = append(res.Moved, c)
		}
	}
	if len(d.bySlot) > d.cfg.MaxArticles {
		res.Evicted = d.evictOldest()
	}
	return res
}

// union joins the groups of slots a and b and appends to changed the IDs
// of the members whose original changed.
func (d *Dups) union(a, b uint32, changed []string) []string {
	ga, gb := d.groupOf(a), d.groupOf(b)
	if ga == gb {
		return changed
	}
	// The smaller group moves into the larger.
	if len(d.groups[ga].members) < len(d.groups[gb].members) {
		ga, gb = gb, ga
	}
	A, B := &d.groups[ga], &d.groups[gb]
	if B.root.before(A.root) {
		for _, s := range A.members {
			changed = append(changed, d.ids[s])
		}
		A.root = B.root
	} else {
		for _, s := range B.members {
			changed = append(changed, d.ids[s])
		}
	}
	for _, s := range B.members {
		d.group[s] = ga
	}
	A.members = append(A.members, B.members...)
	*B = dupGroup{}
	d.freeGroups = append(d.freeGroups, gb)
	return changed
}

// groupOf returns the group of slot, making one for an article alone.
func (d *Dups) groupOf(slot uint32) uint32 {
	if g := d.group[slot]; g != 0 {
		return g
	}
	g := uint32(len(d.groups))
	if n := len(d.freeGroups); n > 0 {
		g = d.freeGroups[n-1]
		d.freeGroups = d.freeGroups[:n-1]
	} else {
		d.groups = append(d.groups, dupGroup{})
	}
	d.groups[g] = dupGroup{members: []uint32{slot}, root: d.key(slot)}
	d.group[slot] = g
	return g
}

func (d *Dups) key(slot uint32) rootKey {
	return rootKey{id: d.ids[slot], at: d.at[slot], dated: d.dated[slot]}
}

func (d *Dups) rootOf(slot uint32) string {
	if g := d.group[slot]; g != 0 {
		return d.groups[g].root.id
	}
	return d.ids[slot]
}

// Root returns the original of the group of copies that article id is
// in (id itself when it is the original or no copy), and "" when id is
// not in the index.
func (d *Dups) Root(id string) string {
	slot, ok := d.bySlot[id]
	if !ok {
		return ""
	}
	return d.rootOf(slot)
}

// Score returns the best similarity article id had with a member of its
// group (0 when alone or not in the index).
func (d *Dups) Score(id string) float64 {
	if slot, ok := d.bySlot[id]; ok {
		return float64(d.score[slot])
	}
	return 0
}

// evictOldest removes the articles published earliest (undated ones by
// the date they came at) until the index holds 90 % of MaxArticles, and
// returns their IDs: evicting in batches makes the sort cost a few
// operations per article.
func (d *Dups) evictOldest() []string {
	slots := make([]uint32, 0, len(d.bySlot))
	for _, s := range d.bySlot {
		slots = append(slots, s)
	}
	slices.SortFunc(slots, func(a, b uint32) int {
		if c := cmp.Compare(d.evict[a], d.evict[b]); c != 0 {
			return c
		}
		return cmp.Compare(d.ids[a], d.ids[b])
	})
	n := len(slots) - d.cfg.MaxArticles*9/10
	out := make([]string, 0, n)
	for _, s := range slots[:n] {
		id := d.ids[s]
		d.remove(s, false)
		out = append(out, id)
	}
	return out
}

func (d *Dups) alloc() uint32 {
	if n := len(d.free); n > 0 {
		s := d.free[n-1]
		d.free = d.free[:n-1]
		return s
	}
	slot := uint32(len(d.ids))
	nb := d.cfg.Bands + 1
	d.ids = append(d.ids, "")
	d.sigs = append(d.sigs, make([]uint32, d.k)...)
	d.next = append(d.next, make([]uint32, nb)...)
	d.sim = append(d.sim, 0)
	d.size = append(d.size, 0)
	d.at = append(d.at, 0)
	d.evict = append(d.evict, 0)
	d.score = append(d.score, 0)
	d.group = append(d.group, 0)
	d.dated = append(d.dated, false)
	d.live = append(d.live, false)
	d.stamp = append(d.stamp, 0)
	return slot
}

// Delete removes an article (its text changed, or it was deleted); it
// reports whether it was in the index. When it was its group's original,
// the group elects another among the members left.
func (d *Dups) Delete(id string) bool {
	slot, ok := d.bySlot[id]
	if !ok {
		return false
	}
	d.remove(slot, true)
	return true
}

// remove takes slot out of the index and its group. An evicted original
// stays its group's original (the store still names it); a deleted one
// is replaced when reelect is set.
func (d *Dups) remove(slot uint32, reelect bool) {
	nb := d.cfg.Bands + 1
	sig := d.sigs[int(slot)*d.k : int(slot+1)*d.k]
	for b := range nb {
		key := simKey(d.sim[slot])
		if b < d.cfg.Bands {
			key = d.bandKey(sig, b)
		}
		// Unlink slot from the chain of key.
		prev := uint32(0)
		for s := d.bucket[key]; s != 0; s = d.next[int(s-1)*nb+b] {
			if s-1 == slot {
				nx := d.next[int(slot)*nb+b]
				switch {
				case prev != 0:
					d.next[int(prev-1)*nb+b] = nx
				case nx != 0:
					d.bucket[key] = nx
				default:
					delete(d.bucket, key)
				}
				break
			}
			prev = s
		}
		d.next[int(slot)*nb+b] = 0
	}
	if g := d.group[slot]; g != 0 {
		G := &d.groups[g]
		if i := slices.Index(G.members, slot); i >= 0 {
			G.members = slices.Delete(G.members, i, i+1)
		}
		switch {
		case len(G.members) == 0:
			*G = dupGroup{}
			d.freeGroups = append(d.freeGroups, g)
		case reelect && G.root.id == d.ids[slot]:
			G.root = d.key(G.members[0])
			for _, m := range G.members[1:] {
				if k := d.key(m); k.before(G.root) {
					G.root = k
				}
			}
		}
	}
	delete(d.bySlot, d.ids[slot])
	d.live[slot] = false
	d.ids[slot] = ""
	d.group[slot] = 0
	d.free = append(d.free, slot)
}

// compareSk scores two sketches as Query does.
func (d *Dups) compareSk(a, b Sketch) Match {
	eq := 0
	for i, v := range a.Sig {
		if v == b.Sig[i] {
			eq++
		}
	}
	j := float64(eq) / float64(d.k)
	x, y := float64(a.Size), float64(b.Size)
	score := 0.0
	if small := min(x, y); small > 0 {
		score = min(1, j*(x+y)/(1+j)/small)
	}
	return Match{Score: score, Jaccard: j}
}
