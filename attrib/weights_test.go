package attrib

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

// TestHashedWeightsRoundTrip: the embedded cue and boundary models, read
// and written again, are the same bytes: the one file format both use
// loses nothing and writes deterministically.
func TestHashedWeightsRoundTrip(t *testing.T) {
	for _, c := range []struct{ file, magic, templates string }{
		{"model/en-cues.bin.gz", cueMagic, cueTemplates},
		{"model/en-bounds.bin.gz", boundMagic, boundTemplates},
	} {
		data, err := models.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		hw, err := readHashedWeights(bytes.NewReader(data), c.file, c.magic, c.templates)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := hw.write(&out, c.magic, c.templates); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Errorf("%s: written again, %d bytes differ from the %d embedded", c.file, out.Len(), len(data))
		}
	}
}

// TestBadHashedWeightFiles: a cue or boundary model file that is not one,
// is cut short, has other features or trailing bytes is an error that
// names the model and says so at start, never a panic.
func TestBadHashedWeightFiles(t *testing.T) {
	gz := func(data []byte) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		return b.Bytes()
	}
	span := trainSmall(t)
	for _, m := range []struct {
		what, version string
		good          []byte
		options       func(io.Reader) Options
	}{
		{"boundary model", "bounds/v", trainSmallBounds(t, span), func(r io.Reader) Options { return Options{Bounds: r} }},
		{"cue model", "cues/v", trainSmallCues(t), func(r io.Reader) Options { return Options{Cues: r} }},
	} {
		zr, err := gzip.NewReader(bytes.NewReader(m.good))
		if err != nil {
			t.Fatal(err)
		}
		var raw bytes.Buffer
		raw.ReadFrom(zr)
		plain := raw.Bytes()
		other := []byte(strings.TrimSuffix(m.version, "v") + "x")
		for _, tt := range []struct {
			name string
			data []byte
			msg  string
		}{
			{"empty", nil, "not a model file"},
			{"a span model", span, "not a " + m.what + " file"},
			{"other features", gz(bytes.Replace(plain, []byte(m.version), other, 1)), "trained with other features"},
			{"cut short", gz(plain[:len(plain)/2]), "truncated"},
			{"trailing data", gz(append(append([]byte(nil), plain...), 1)), "trailing data"},
		} {
			t.Run(m.what+"/"+tt.name, func(t *testing.T) {
				_, err := NewWithOptions(m.options(bytes.NewReader(tt.data)))
				if err == nil || !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), m.what) {
					t.Fatalf("error %v, want one saying %q", err, tt.msg)
				}
			})
		}
	}
}

// TestSpanModelRoundTrip: the embedded span model, read (into the padded
// int16 rows decoding uses) and written again, is the same bytes.
func TestSpanModelRoundTrip(t *testing.T) {
	data, err := models.ReadFile("model/en-spans.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	m, err := readSpanModel(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := (&SpanModel{m: m}).WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Errorf("written again, %d bytes differ from the %d embedded", out.Len(), len(data))
	}
}
