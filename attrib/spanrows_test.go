package attrib

import (
	"math/rand/v2"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestPackedRowsExact checks that the span model's packed rows score
// exactly as the file's int16 weights summed one by one: the extreme
// weights, and random rows and feature lists, including a bucket listed
// several times.
func TestPackedRowsExact(t *testing.T) {
	const bits = 8
	rng := rand.New(rand.NewPCG(1, 2))
	q := make([]int16, (1<<bits)*nLabels)
	for i := range q {
		switch i % 5 {
		case 0:
			q[i] = -32767
		case 1:
			q[i] = 32767
		default:
			q[i] = int16(rng.IntN(65535) - 32767)
		}
	}
	m := &spanModel{bits: bits, rows: make([]uint64, (1<<bits)*rowWords), scale: 0.37}
	for i := 0; i < 1<<bits; i++ {
		row := packRow(q[i*nLabels : (i+1)*nLabels])
		copy(m.rows[i*rowWords:], row[:])
		if got := unpackRow(m.rows[i*rowWords : (i+1)*rowWords]); [nLabels]int16(q[i*nLabels:(i+1)*nLabels]) != got {
			t.Fatalf("row %d: unpacked %v, want %v", i, got, q[i*nLabels:(i+1)*nLabels])
		}
	}
	for n := range 200 {
		fs := make([]uint32, n)
		for i := range fs {
			fs[i] = uint32(rng.IntN(1 << bits))
		}
		if n > 3 {
			fs[1], fs[2] = 5, 5 // a row from several features (all weights extreme in row 5's first label)
		}
		var want [nLabels]float32
		var acc [nLabels]int32
		for _, b := range fs {
			for l := range acc {
				acc[l] += int32(q[int(b)*nLabels+l])
			}
		}
		for l, v := range acc {
			want[l] = float32(v) * m.scale
		}
		if got := m.local(fs); got != want {
			t.Fatalf("%d features: local %v, want %v", n, got, want)
		}
	}
	q2, _ := m.quantized()
	for i := range q {
		if q2[i] != q[i] {
			t.Fatalf("quantized()[%d] = %d, want %d", i, q2[i], q[i])
		}
	}
}

// TestSuffixShapeAsBefore checks suffix and the shape hash against the
// plain versions they replaced (decoding every rune, building the
// shape's string), on words of every kind the tokenizer makes.
func TestSuffixShapeAsBefore(t *testing.T) {
	plainSuffix := func(w string, n int) string {
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
	plainShape := func(w string) string {
		var b [16]byte
		n := 0
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
			if c != last && n < len(b) {
				b[n] = c
				n++
			}
			last = c
		}
		return string(b[:n])
	}
	words := []string{"", "a", "ab", "abc", "said", "Obama", "U.S.", "2020", "O’Brien", "éa", "éab", "aé", "naïve", "Zürich", "日本語", "x日本", "\xff", "a\xffb", "ab\xff", "don't", "well-known", "AAAAAAAAAAAAAAAAAAAaaaaaaaaaaaaaa1.1.1.1.1.1.1.1.1.1", "“", "—"}
	for _, w := range words {
		for n := 1; n <= 4; n++ {
			if got, want := suffix(w, n), plainSuffix(w, n); got != want {
				t.Errorf("suffix(%q, %d) = %q, want %q", w, n, got, want)
			}
		}
		if got, want := shape(w), plainShape(w); got != want {
			t.Errorf("shape(%q) = %q, want %q", w, got, want)
		}
		if got, want := hashOf(fShape).shape(w), hashOf(fShape).str(plainShape(w)); got != want {
			t.Errorf("shape hash of %q differs from the hash of %q", w, plainShape(w))
		}
	}
}

// TestHasherAsBefore checks the unrolled str and num against the byte
// loops they replaced: the same hashes, so the same feature buckets.
func TestHasherAsBefore(t *testing.T) {
	str := func(h hasher, s string) hasher {
		for i := 0; i < len(s); i++ {
			h = (h ^ hasher(s[i])) * fnvPrime
		}
		return (h ^ 0xff) * fnvPrime
	}
	num := func(h hasher, n int) hasher {
		for range 4 {
			h = (h ^ hasher(n&0xff)) * fnvPrime
			n >>= 8
		}
		return h
	}
	for _, s := range []string{"", "a", "ab", "abc", "abcd", "abcde", "said", "according", "O’Brien", "日本語", "\xff\xfe"} {
		for id := range byte(40) {
			if got, want := hashOf(id).str(s), str(hashOf(id), s); got != want {
				t.Errorf("str(%q) of template %d = %x, want %x", s, id, got, want)
			}
		}
	}
	for _, n := range []int{0, 1, 255, 256, 1 << 20, 1<<31 - 1, 1 << 40, -1, -2, -1 << 33} {
		if got, want := hashOf(3).num(n), num(hashOf(3), n); got != want {
			t.Errorf("num(%d) = %x, want %x", n, got, want)
		}
	}
}
