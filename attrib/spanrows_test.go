package attrib

import (
	"math/rand/v2"
	"testing"
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
