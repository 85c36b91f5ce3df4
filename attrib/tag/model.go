package tag

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	kgzip "github.com/klauspost/compress/gzip"
)

// The model file, gzip-compressed, little-endian:
//
//	magic "RPTRTAG\n", version uint32, template hash uint64
//	info: uvarint length + bytes
//	labels: uvarint count, each uvarint length + bytes
//	dictionary: uvarint count, each key as a uvarint delta from the
//	  previous key + label byte
//	lexicon: uvarint count, each key as a uvarint delta + uvarint mask
//	scale float32
//	features: uvarint count, each key as a uvarint delta + a byte n +
//	  n × (label byte, int16 weight)
//	end mark "END\n"
//
// Keys are sorted, so deltas are short and a file lists each once.
const (
	magic        = "RPTRTAG\n"
	modelVersion = 1
	endMark      = "END\n"
	// Bounds that a file's counts must respect before anything is
	// allocated from them: a corrupt count is an error, not an OOM.
	maxDict  = 1 << 22
	maxFeats = 1 << 24
	maxStr   = 1 << 16
	prealloc = 1 << 17
)

// ErrModel is wrapped by every error about a model file that is not a
// model, is corrupt, or was written for other features.
var ErrModel = errors.New("tag: bad model file")

//go:embed model
var modelFS embed.FS

// DefaultModel is the path of the embedded model inside the package.
const DefaultModel = "model/en-upos.bin.gz"

var (
	defaultOnce   sync.Once
	defaultTagger *Tagger
	defaultErr    error
)

// Default returns the embedded English UPOS tagger, decoded on first use
// and shared afterwards. A missing or corrupt embedded model is an error
// (wrapping ErrModel or fs.ErrNotExist), returned on every call.
func Default() (*Tagger, error) {
	defaultOnce.Do(func() {
		b, err := modelFS.ReadFile(DefaultModel)
		if err != nil {
			defaultErr = fmt.Errorf("tag: embedded model: %w (run \"rapporteur train --only pos\")", err)
			return
		}
		defaultTagger, defaultErr = Load(bytes.NewReader(b))
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded %s: %w", DefaultModel, defaultErr)
		}
	})
	return defaultTagger, defaultErr
}

// WriteTo writes the model, gzip-compressed, as Load reads it. The bytes
// depend only on the model (no time stamp or name in the gzip header).
func (t *Tagger) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	z, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(z)
	var scratch [binary.MaxVarintLen64]byte
	uv := func(v uint64) { bw.Write(binary.AppendUvarint(scratch[:0], v)) }
	str := func(s string) { uv(uint64(len(s))); bw.WriteString(s) }

	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, uint32(modelVersion))
	binary.Write(bw, binary.LittleEndian, templateHash)
	str(t.info)
	uv(uint64(len(t.labels)))
	for _, l := range t.labels {
		str(l)
	}
	uv(uint64(len(t.dictKeys)))
	prev := uint64(0)
	for i, k := range t.dictKeys {
		uv(k - prev)
		bw.WriteByte(t.dictLabels[i])
		prev = k
	}
	uv(uint64(len(t.lexKeys)))
	prev = 0
	for i, k := range t.lexKeys {
		uv(k - prev)
		uv(t.lexMasks[i])
		prev = k
	}
	binary.Write(bw, binary.LittleEndian, math.Float32bits(t.scale))
	uv(uint64(len(t.featKeys)))
	prev = 0
	var pair [3]byte
	for r, k := range t.featKeys {
		uv(k - prev)
		prev = k
		row := t.w[r*t.nl : (r+1)*t.nl]
		n := 0
		for _, v := range row {
			if v != 0 {
				n++
			}
		}
		bw.WriteByte(byte(n))
		for j, v := range row {
			if v != 0 {
				pair[0] = byte(j)
				binary.LittleEndian.PutUint16(pair[1:], uint16(v))
				bw.Write(pair[:])
			}
		}
	}
	bw.WriteString(endMark)
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := z.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// Load reads a model written by WriteTo (gzip-compressed, or the same
// bytes uncompressed). A file that is not a tagger model, was written by
// another version or for another feature set, or is truncated or
// corrupt, is an error wrapping ErrModel.
func Load(r io.Reader) (*Tagger, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		// klauspost's reader: the same bytes, decompressed with a third
		// fewer instructions than compress/gzip, at every process start.
		z, err := kgzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrModel, err)
		}
		defer z.Close()
		br = bufio.NewReader(z)
	}
	t, err := decode(br)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	return t, nil
}

func decode(br *bufio.Reader) (*Tagger, error) {
	var head [len(magic) + 4 + 8]byte
	if _, err := io.ReadFull(br, head[:]); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return nil, errors.New("not a tagger model (wrong magic)")
	}
	if v := binary.LittleEndian.Uint32(head[len(magic):]); v != modelVersion {
		return nil, fmt.Errorf("model version %d, this build reads %d", v, modelVersion)
	}
	if h := binary.LittleEndian.Uint64(head[len(magic)+4:]); h != templateHash {
		return nil, fmt.Errorf("model trained for feature set %016x, this build computes %016x: retrain it", h, templateHash)
	}
	uv := func(what string, max uint64) (uint64, error) {
		v, err := binary.ReadUvarint(br)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", what, noEOF(err))
		}
		if v > max {
			return 0, fmt.Errorf("%s: %d over %d", what, v, max)
		}
		return v, nil
	}
	str := func(what string) (string, error) {
		n, err := uv(what, maxStr)
		if err != nil {
			return "", err
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			return "", fmt.Errorf("%s: %w", what, noEOF(err))
		}
		return string(b), nil
	}
	t := &Tagger{}
	var err error
	if t.info, err = str("info"); err != nil {
		return nil, err
	}
	nl, err := uv("label count", maxLabels)
	if err != nil {
		return nil, err
	}
	if nl == 0 {
		return nil, errors.New("no labels")
	}
	for range nl {
		l, err := str("label")
		if err != nil {
			return nil, err
		}
		t.labels = append(t.labels, l)
	}
	t.nl = int(nl)
	keys := func(what string, n uint64, each func(i int, k uint64) error) error {
		prev := uint64(0)
		for i := range n {
			d, err := binary.ReadUvarint(br)
			if err != nil {
				return fmt.Errorf("%s key: %w", what, noEOF(err))
			}
			if d == 0 && i > 0 {
				return fmt.Errorf("%s keys not strictly increasing", what)
			}
			k := prev + d
			if k < prev || k == 0 {
				return fmt.Errorf("%s key out of range", what)
			}
			if err := each(int(i), k); err != nil {
				return err
			}
			prev = k
		}
		return nil
	}
	nd, err := uv("dictionary size", maxDict)
	if err != nil {
		return nil, err
	}
	// Counts only bound the loops: the slices grow as entries arrive, so
	// a corrupt count meets the end of the file before any large
	// allocation.
	t.dictKeys = make([]uint64, 0, min(nd, prealloc))
	t.dictLabels = make([]uint8, 0, min(nd, prealloc))
	err = keys("dictionary", nd, func(_ int, k uint64) error {
		l, err := br.ReadByte()
		if err != nil {
			return fmt.Errorf("dictionary label: %w", noEOF(err))
		}
		if int(l) >= t.nl {
			return fmt.Errorf("dictionary label %d of %d", l, t.nl)
		}
		t.dictKeys = append(t.dictKeys, k)
		t.dictLabels = append(t.dictLabels, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	nx, err := uv("lexicon size", maxDict)
	if err != nil {
		return nil, err
	}
	t.lexKeys = make([]uint64, 0, min(nx, prealloc))
	t.lexMasks = make([]uint64, 0, min(nx, prealloc))
	err = keys("lexicon", nx, func(_ int, k uint64) error {
		m, err := binary.ReadUvarint(br)
		if err != nil {
			return fmt.Errorf("lexicon class: %w", noEOF(err))
		}
		t.lexKeys = append(t.lexKeys, k)
		t.lexMasks = append(t.lexMasks, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var sb [4]byte
	if _, err := io.ReadFull(br, sb[:]); err != nil {
		return nil, fmt.Errorf("scale: %w", noEOF(err))
	}
	t.scale = math.Float32frombits(binary.LittleEndian.Uint32(sb[:]))
	nf, err := uv("feature count", maxFeats)
	if err != nil {
		return nil, err
	}
	t.featKeys = make([]uint64, 0, min(nf, prealloc))
	t.w = make([]int16, 0, int(min(nf, prealloc))*t.nl)
	var pair [3]byte
	err = keys("feature", nf, func(r int, k uint64) error {
		n, err := br.ReadByte()
		if err != nil {
			return fmt.Errorf("feature row: %w", noEOF(err))
		}
		if int(n) > t.nl {
			return fmt.Errorf("feature row of %d weights for %d labels", n, t.nl)
		}
		t.w = append(t.w, make([]int16, t.nl)...)
		row := t.w[r*t.nl : (r+1)*t.nl]
		for range n {
			if _, err := io.ReadFull(br, pair[:]); err != nil {
				return fmt.Errorf("feature weight: %w", noEOF(err))
			}
			if int(pair[0]) >= t.nl {
				return fmt.Errorf("feature weight for label %d of %d", pair[0], t.nl)
			}
			row[pair[0]] = int16(binary.LittleEndian.Uint16(pair[1:]))
		}
		t.featKeys = append(t.featKeys, k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var end [len(endMark)]byte
	if _, err := io.ReadFull(br, end[:]); err != nil || string(end[:]) != endMark {
		return nil, errors.New("no end mark: truncated or corrupt")
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("data after the end mark")
	}
	t.build()
	return t, nil
}

// noEOF turns a clean EOF in the middle of a model into an unexpected one.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
