package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/sqlite"
)

// BenchmarkIngestTosca ingests the first 1,000 articles of the Wikinews
// tosca corpus into a fresh database: extraction, attribution, storing
// and indexing, the whole of what `rapporteur ingest` does per article.
func BenchmarkIngestTosca(b *testing.B) {
	path := filepath.Join("..", "..", "shared", "data", "wikinews-tosca", "wikinews_tosca.jsonl")
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("the tosca corpus is not there (%v); it lives in ../shared", err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() && len(lines) < 1000 {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	f.Close()
	data := append(bytes.Join(lines, []byte("\n")), '\n')
	p := newPipeline(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		ing := &ingest.Ingester{Store: db, Intake: &intake.Intake{Pipeline: p}}
		b.StartTimer()
		sum, err := ing.IngestJSONL(context.Background(), bytes.NewReader(data), "tosca")
		if err != nil || sum.Created != len(lines) {
			b.Fatalf("%+v %v", sum, err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(lines)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
