package speaker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// BenchmarkTable builds the entity table of each hand-written golden
// article and resolves its source phrases, as the attribution stage does.
func BenchmarkTable(b *testing.B) {
	r := resolver(b)
	files, _ := filepath.Glob("testdata/golden/*.txt")
	type doc struct {
		text  string
		spans []rapporteur.Span
	}
	var docs []doc
	size := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text, srcs, _ := strings.Cut(string(raw), "\n---\n")
		d := doc{text: text}
		for _, src := range strings.Split(strings.TrimSpace(srcs), "\n") {
			src, _, _ = strings.Cut(src, "|")
			if i := strings.Index(text, src); i >= 0 {
				s := len([]rune(text[:i]))
				d.spans = append(d.spans, rapporteur.Span{Start: s, End: s + len([]rune(src))})
			}
		}
		docs = append(docs, d)
		size += len(text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			tab := r.Table("en", d.text)
			for _, s := range d.spans {
				tab.Resolve(s)
			}
			tab.Entities()
		}
	}
}
