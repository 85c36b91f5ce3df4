package tag

import (
	"hash/fnv"
	"unicode"
	"unicode/utf8"
)

// The feature templates, in the order features computes them. Their
// names are hashed into the model header, so a model trained with another
// template set (or another word normalisation: bump featureVersion) is
// refused at load instead of silently tagging garbage.
var templates = []string{
	"bias",
	"w", "raw", "suf1", "suf2", "suf3", "suf4", "pre1", "pre2", "pre3", "shape",
	"t-1", "t-2", "t-2 t-1", "t-1 w", "t-1 suf3", "t-1 shape",
	"w-1", "suf3-1", "shape-1", "w-2", "suf3-2",
	"w+1", "suf3+1", "shape+1", "w+2", "suf3+2",
	"w-1 w", "w w+1", "first shape",
	"amb", "amb-1", "amb+1", "amb+2", "t-1 amb", "amb amb+1", "t-1 amb+1",
	"raw-1", "raw+1", "suf1+1",
}

// featureVersion names the word normalisation of wordHashes.
const featureVersion = "v1: lower, digits to 0, shape runs collapsed"

const nTemplates = 40

// templateHash identifies the template set and normalisation.
var templateHash = func() uint64 {
	if len(templates) != nTemplates {
		panic("tag: nTemplates out of date") // caught by every test
	}
	h := fnv.New64a()
	h.Write([]byte(featureVersion))
	for _, t := range templates {
		h.Write([]byte{0})
		h.Write([]byte(t))
	}
	return h.Sum64()
}()

// FNV-1a, 64 bits: stable across processes and Go versions, unlike
// hash/maphash, so a model's feature keys mean the same everywhere.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// token holds the hashes of one word's parts, computed once per word so
// that the ~30 features of each position are a few multiplications each.
type token struct {
	word  uint64    // lowercased, digits folded to 0
	raw   uint64    // as written: the tag dictionary's key
	suf   [4]uint64 // the last 1–4 runes of word
	pre   [3]uint64 // the first 1–3 runes of word
	shape uint64    // X, x, d, punctuation; runs collapsed
	amb   uint64    // the word's ambiguity class: a bit per tag seen with it in training; 0 if rare
}

// hashString is FNV-1a over the bytes of s.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// hashRunes is FNV-1a over the UTF-8 bytes of rs.
func hashRunes(rs []rune) uint64 {
	h := uint64(fnvOffset)
	var b [utf8.UTFMax]byte
	for _, r := range rs {
		if r < utf8.RuneSelf {
			h ^= uint64(r)
			h *= fnvPrime
			continue
		}
		n := utf8.EncodeRune(b[:], r)
		for _, c := range b[:n] {
			h ^= uint64(c)
			h *= fnvPrime
		}
	}
	return h
}

// normRune folds a rune as word features see it: lower case, any digit 0.
func normRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r >= '0' && r <= '9':
		return '0'
	case r < utf8.RuneSelf:
		return r
	case unicode.IsDigit(r):
		return '0'
	}
	return unicode.ToLower(r)
}

// shapeRune is a rune's class in the word shape.
func shapeRune(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z':
		return 'x'
	case r >= 'A' && r <= 'Z':
		return 'X'
	case r >= '0' && r <= '9':
		return 'd'
	case r < utf8.RuneSelf:
		return r
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLetter(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	}
	return r
}

// maxAffix is the longest suffix the templates use; prefixes stop at 3.
const maxAffix = 4

// makeToken hashes the parts of one word without allocating: the word and
// shape hashes stream rune by rune, and the affixes come from a small ring
// of the last runes and an array of the first.
func makeToken(w string) token {
	var (
		t     token
		first [3]rune
		last  [maxAffix]rune // a ring: last[n%maxAffix] is rune n
		n     int
		prevS rune = -1
	)
	t.raw = hashString(w)
	if t.raw == 0 {
		t.raw = 1 // 0 marks an empty slot in the dictionary table
	}
	hw, hs := uint64(fnvOffset), uint64(fnvOffset)
	var b [utf8.UTFMax]byte
	for _, r := range w {
		nr := normRune(r)
		if nr < utf8.RuneSelf {
			hw ^= uint64(nr)
			hw *= fnvPrime
		} else {
			k := utf8.EncodeRune(b[:], nr)
			for _, c := range b[:k] {
				hw ^= uint64(c)
				hw *= fnvPrime
			}
		}
		if s := shapeRune(r); s != prevS {
			// Shapes hash the rune value itself: only equality matters.
			hs ^= uint64(s)
			hs *= fnvPrime
			prevS = s
		}
		if n < len(first) {
			first[n] = nr
		}
		last[n%maxAffix] = nr
		n++
	}
	if hw == 0 {
		hw = 1 // 0 marks an empty slot in the lexicon table
	}
	t.word, t.shape = hw, hs
	var buf [maxAffix]rune
	for k := 1; k <= maxAffix; k++ {
		m := min(k, n)
		for j := 0; j < m; j++ {
			buf[j] = last[(n-m+j)%maxAffix]
		}
		t.suf[k-1] = hashRunes(buf[:m])
	}
	for k := 1; k <= len(first); k++ {
		t.pre[k-1] = hashRunes(first[:min(k, n)])
	}
	return t
}

// padToken stands for the positions before and after the sentence.
var padToken = func() token {
	t := makeToken("\x00pad")
	return t
}()

// mix folds one value into a feature key. The component hashes are
// already FNV-1a; a multiply-xor per value is enough to combine them.
func mix(h, v uint64) uint64 {
	h ^= v
	h *= fnvPrime
	h ^= h >> 29
	return h
}

// key finishes a feature key with a splitmix64 finaliser, so that keys
// spread evenly over the open-addressing table.
func key(tmpl int, vs ...uint64) uint64 {
	h := uint64(fnvOffset) ^ uint64(tmpl+1)*0x9e3779b97f4a7c15
	for _, v := range vs {
		h = mix(h, v)
	}
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	if h == 0 {
		h = 1 // 0 marks an empty slot in the table
	}
	return h
}

// The history tags before the sentence start.
const (
	start1 = 1000 + iota
	start2
)

// features writes the keys of position i into f, given the two tags
// before it (p1 is the tag of i-1, p2 of i-2; start1, start2 before the
// sentence).
func features(toks []token, i, p1, p2 int, f *[nTemplates]uint64) {
	at := func(j int) *token {
		if j < 0 || j >= len(toks) {
			return &padToken
		}
		return &toks[j]
	}
	c, l1, l2, r1, r2 := &toks[i], at(i-1), at(i-2), at(i+1), at(i+2)
	t1, t2 := uint64(p1), uint64(p2)
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	f[0] = key(0)
	f[1] = key(1, c.word)
	f[2] = key(2, c.raw)
	f[3] = key(3, c.suf[0])
	f[4] = key(4, c.suf[1])
	f[5] = key(5, c.suf[2])
	f[6] = key(6, c.suf[3])
	f[7] = key(7, c.pre[0])
	f[8] = key(8, c.pre[1])
	f[9] = key(9, c.pre[2])
	f[10] = key(10, c.shape)
	f[11] = key(11, t1)
	f[12] = key(12, t2)
	f[13] = key(13, t2, t1)
	f[14] = key(14, t1, c.word)
	f[15] = key(15, t1, c.suf[2])
	f[16] = key(16, t1, c.shape)
	f[17] = key(17, l1.word)
	f[18] = key(18, l1.suf[2])
	f[19] = key(19, l1.shape)
	f[20] = key(20, l2.word)
	f[21] = key(21, l2.suf[2])
	f[22] = key(22, r1.word)
	f[23] = key(23, r1.suf[2])
	f[24] = key(24, r1.shape)
	f[25] = key(25, r2.word)
	f[26] = key(26, r2.suf[2])
	f[27] = key(27, l1.word, c.word)
	f[28] = key(28, c.word, r1.word)
	f[29] = key(29, first, c.shape)
	f[30] = key(30, c.amb)
	f[31] = key(31, l1.amb)
	f[32] = key(32, r1.amb)
	f[33] = key(33, r2.amb)
	f[34] = key(34, t1, c.amb)
	f[35] = key(35, c.amb, r1.amb)
	f[36] = key(36, t1, r1.amb)
	f[37] = key(37, l1.raw)
	f[38] = key(38, r1.raw)
	f[39] = key(39, r1.suf[0])
}

// tokenize hashes each word of words into dst (reused) and returns it,
// with the ambiguity classes of the lexicon lex.
func tokenize(dst []token, words []string, lex *table, masks []uint64) []token {
	dst = dst[:0]
	for _, w := range words {
		t := makeToken(w)
		if r, ok := lex.get(t.word); ok {
			t.amb = masks[r]
		}
		dst = append(dst, t)
	}
	return dst
}
