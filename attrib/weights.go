package attrib

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// hashedWeights are a linear model's weights over 2^bits hashed feature
// buckets: the cue and boundary models. Their file is a header (magic,
// feature templates), then bits and a scale, then every weight as an
// int16 of that scale, little-endian, gzip-compressed.
type hashedWeights struct {
	bits uint
	// w holds the weights while a model trains; q and scale hold them
	// once read from a file, as the file has them (weight = q*scale):
	// half the size, so that the cue and boundary models, read for every
	// token, stay in the caches beside the tagger's and span model's.
	w     []float32
	q     []int16
	scale float32
}

// sum returns the summed weights of the buckets fs.
func (m *hashedWeights) sum(fs []uint32) float32 {
	if m.q != nil {
		var s int32
		for _, b := range fs {
			s += int32(m.q[b])
		}
		return float32(s) * m.scale
	}
	var s float32
	for _, b := range fs {
		s += m.w[b]
	}
	return s
}

// write writes the weights in the file format above.
func (m hashedWeights) write(w io.Writer, magic, templates string) (int64, error) {
	q, scale := m.q, m.scale
	if q == nil {
		q, scale = quantize(m.w)
	}
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, uint32(len(templates)))
	bw.WriteString(templates)
	binary.Write(bw, binary.LittleEndian, struct {
		Bits  uint32
		Scale float32
	}{uint32(m.bits), scale})
	binary.Write(bw, binary.LittleEndian, q)
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

// readHashedWeights reads weights written by write, refusing a file of
// another format or template set with an error that names the model
// (what) and says so.
func readHashedWeights(r io.Reader, what, magic, templates string) (hashedWeights, error) {
	br, err := readModelHeader(r, what, magic, templates)
	if err != nil {
		return hashedWeights{}, err
	}
	var hdr struct {
		Bits  uint32
		Scale float32
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return hashedWeights{}, errors.New(what + ": corrupt header")
	}
	if hdr.Bits < 8 || hdr.Bits > 24 {
		return hashedWeights{}, fmt.Errorf("%s: unsupported %d bits", what, hdr.Bits)
	}
	q, err := readInt16s(br, 1<<hdr.Bits)
	if err != nil {
		return hashedWeights{}, fmt.Errorf("%s: truncated weights: %w", what, err)
	}
	m := hashedWeights{bits: uint(hdr.Bits), q: q, scale: hdr.Scale}
	if _, err := br.ReadByte(); err != io.EOF {
		return hashedWeights{}, errors.New(what + ": trailing data after the model")
	}
	return m, nil
}

// quantize returns weights w as the model files hold them: int16 values
// of a scale that maps the largest magnitude to 32767.
func quantize(w []float32) ([]int16, float32) {
	var maxAbs float64
	for _, v := range w {
		maxAbs = max(maxAbs, math.Abs(float64(v)))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = float32(maxAbs / 32767)
	}
	q := make([]int16, len(w))
	for i, v := range w {
		q[i] = int16(math.Round(float64(v / scale)))
	}
	return q, scale
}
