package sqlite

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// corpus reads the extraction results committed beside the Wikinews test
// texts (CC BY 2.5, see testdata/wikinews/ATTRIBUTION.md): real articles
// with real statements, credits and entities.
func corpus(tb testing.TB) []rapporteur.Article {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "wikinews", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no test articles in ../testdata/wikinews: %v", err)
	}
	var as []rapporteur.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var a rapporteur.Article
		if err := json.Unmarshal(b, &a); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		as = append(as, a)
	}
	return as
}

// nth returns the i-th article of an endless stream made from the corpus:
// each with its own URL, title and date, spread over 50 sites.
func nth(as []rapporteur.Article, i int) rapporteur.Article {
	a := as[i%len(as)]
	a.ID = fmt.Sprintf("gen-%d", i)
	a.URL = fmt.Sprintf("https://site%d.example.com/news/%d?utm_source=feed", i%50, i)
	a.Title = fmt.Sprintf("%s (%d)", a.Title, i)
	d := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Minute)
	a.Published = &d
	return a
}
