package ingest_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/intake"
)

// memStore takes puts and nothing else; JSON Lines ingest needs no more.
type memStore struct {
	rapporteur.Store
	n int64
}

func (m *memStore) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	res := make([]rapporteur.PutResult, len(items))
	for i := range items {
		m.n++
		res[i] = rapporteur.PutResult{ID: m.n, Status: rapporteur.PutCreated}
	}
	return res, make([]error, len(items))
}

// FuzzIngestJSONL feeds arbitrary bytes as JSON Lines: the ingest must
// neither panic nor stop, and must account for every non-blank line as
// stored or failed.
func FuzzIngestJSONL(f *testing.F) {
	f.Add([]byte(`{"id": "1", "text": "The mayor said it.", "url": "https://a.example/x", "published": "2020-01-02"}` + "\n" + `{"html": "<p>x</p>"}`))
	f.Add([]byte("{\"text\": \"\\u0000\"}\n\n\r\nnot json\n{\"id\": [1], \"text\": 5}"))
	f.Add([]byte(`{"id": null, "title": "T", "text": " ", "date": "2020-13-45"}`))
	p := newPipeline(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ing := &ingest.Ingester{Store: &memStore{}, Intake: &intake.Intake{Pipeline: p, MaxBytes: 1 << 16}, Workers: 2}
		sum, err := ing.IngestJSONL(context.Background(), bytes.NewReader(data), "fuzz")
		if err != nil {
			t.Fatal(err)
		}
		lines := 0
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if sum.Total() != lines || sum.Created+sum.Failed != lines {
			t.Fatalf("summary %+v for %d non-blank lines", sum, lines)
		}
	})
}
