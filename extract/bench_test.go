package extract

import (
	"bytes"

	"compress/gzip"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// zyteHTML is the Zyte article-extraction benchmark beside the repository.
const zyteHTML = "../../shared/data/article-extraction-benchmark/html"

// zytePages loads up to n pages of the Zyte benchmark, or skips.
func zytePages(b *testing.B, n int) [][]byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(zyteHTML, "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("Zyte benchmark pages not found in %s (../shared beside the repository)", zyteHTML)
	}
	if n > 0 && len(files) > n {
		files = files[:n]
	}
	var pages [][]byte
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			b.Fatal(err)
		}
		p, err := io.ReadAll(zr)
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
	}
	return pages
}

// BenchmarkHTML extracts Zyte benchmark pages; one op is one page.
func BenchmarkHTML(b *testing.B) {
	x := newExtractor(b)
	pages := zytePages(b, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.HTML("p", pages[i%len(pages)], ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkText cleans the canonical example pasted with its furniture;
// one op is one article.
func BenchmarkText(b *testing.B) {
	x := newExtractor(b)
	text, err := os.ReadFile("testdata/golden/canonical.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Text("a", string(text)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrafilatura is go-trafilatura alone on the same pages as
// BenchmarkHTML (html.Parse, then ExtractDocument with its default
// options), the baseline of the HTML pipeline's speed target.
func BenchmarkTrafilatura(b *testing.B) {
	pages := zytePages(b, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		doc, err := html.Parse(bytes.NewReader(pages[i%len(pages)]))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := trafilatura.ExtractDocument(doc, trafilatura.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
