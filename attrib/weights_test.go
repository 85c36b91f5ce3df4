package attrib

import (
	"bytes"
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
