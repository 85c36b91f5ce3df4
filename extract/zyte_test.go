package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
)

// zyteDir is the Zyte article-extraction benchmark beside the repository.
const zyteDir = "../../shared/data/article-extraction-benchmark"

// TestZyte scores the HTML path on the Zyte benchmark with the benchmark's
// own metric. Its target is go-trafilatura's published F1 (0.960, the
// benchmark's README), which this path builds on. Run it alone with
//
//	go test ./extract -run TestZyte -v
func TestZyte(t *testing.T) {
	if testing.Short() {
		t.Skip("scores 181 pages")
	}
	if _, err := os.Stat(filepath.Join(zyteDir, "ground-truth.json")); err != nil {
		t.Skipf("Zyte benchmark not found at %s (../shared beside the repository): %v", zyteDir, err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	res, err := eval.Zyte(zyteDir, func(id string, page []byte, url string) (string, error) {
		a, err := x.HTML(id, page, url)
		return a.Text, err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pages %d: F1 %.4f precision %.4f recall %.4f accuracy %.4f errors %d",
		res.Pages, res.F1, res.Precision, res.Recall, res.Accuracy, res.Errors)
	if res.F1 < 0.960 {
		t.Errorf("F1 %.4f is under go-trafilatura's published 0.960", res.F1)
	}
	if res.Errors > 0 {
		for _, p := range res.PerPage {
			if p.Err != "" {
				t.Errorf("page %s: %s", p.ID, p.Err)
			}
		}
	}
}
