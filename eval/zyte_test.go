package eval

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// zyteDir is the benchmark in the shared data next to the repository.
const zyteDir = "../../shared/data/article-extraction-benchmark"

func skipWithoutZyte(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(zyteDir, "ground-truth.json")); err != nil {
		t.Skipf("Zyte benchmark not found at %s (../shared beside the repository): %v", zyteDir, err)
	}
}

func TestZyteTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		{"snake_case and 3.14", []string{"snake_case", "and", "3", "14"}},
		{"Привет, мир", []string{"Привет", "мир"}},
		{"l’école — café", []string{"l", "école", "café"}},
		{"日本語のテキスト", []string{"日本語のテキスト"}},
		{"½ and ²", []string{"½", "and", "²"}},
	}
	for _, tt := range tests {
		if got := zyteTokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("zyteTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScoreZytePage(t *testing.T) {
	tests := []struct {
		name             string
		gold, pred       string
		precision, recal float64
		exact            bool
	}{
		{"identical", "a b c d e", "a, b. c d e", 1, 1, true},
		{"empty prediction", "a b c d e", "", 0, 0, false},
		// Gold has 2 shingles; prediction has 3, of which 2 match:
		// tp=2, fp=1, fn=0, normalised by 3.
		{"extra tail", "a b c d e", "a b c d e f", 2.0 / 3, 1, false},
		// Shorter than four tokens: the whole text is one shingle.
		{"short", "a b", "a b", 1, 1, true},
		{"short mismatch", "a b", "a b c", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := scoreZytePage(tt.gold, tt.pred)
			tp := pg.TP
			if math.Abs(pg.Precision-tt.precision) > 1e-9 || math.Abs(pg.Recall-tt.recal) > 1e-9 || pg.Exact != tt.exact {
				t.Errorf("got P=%v R=%v exact=%v (tp=%v), want P=%v R=%v exact=%v",
					pg.Precision, pg.Recall, pg.Exact, tp, tt.precision, tt.recal, tt.exact)
			}
		})
	}
}

func TestScoreZyteKeysMustMatch(t *testing.T) {
	gold := map[string]string{"a": "x y z w", "b": "x"}
	if _, err := ScoreZyte(gold, map[string]string{"a": "x y z w"}); err == nil {
		t.Error("missing page: no error")
	}
	if _, err := ScoreZyte(gold, map[string]string{"a": "", "c": ""}); err == nil {
		t.Error("unknown page: no error")
	}
}

// TestScoreZytePublished re-scores the predictions the benchmark publishes
// and checks them against the table in the benchmark's README
// (github.com/scrapinghub/article-extraction-benchmark, commit 4a3bc97),
// which prints three decimals: this validates the metric.
func TestScoreZytePublished(t *testing.T) {
	skipWithoutZyte(t)
	published := []struct {
		file               string
		f1, p, r, accuracy string
	}{
		{"go_trafilatura.json", "0.960", "0.940", "0.980", "0.287"},
		{"trafilatura.json", "0.958", "0.938", "0.978", "0.293"},
		{"readability_js.json", "0.947", "0.914", "0.982", "0.166"},
	}
	for _, pub := range published {
		t.Run(pub.file, func(t *testing.T) {
			res, err := ScoreZyteFile(zyteDir, filepath.Join(zyteDir, "published-output", pub.file))
			if err != nil {
				t.Fatal(err)
			}
			got := [4]string{f3(res.F1), f3(res.Precision), f3(res.Recall), f3(res.Accuracy)}
			want := [4]string{pub.f1, pub.p, pub.r, pub.accuracy}
			if got != want {
				t.Errorf("F1, P, R, accuracy = %v, published %v", got, want)
			}
			t.Logf("F1 %.6f P %.6f R %.6f accuracy %.6f", res.F1, res.Precision, res.Recall, res.Accuracy)
		})
	}
}

func f3(x float64) string { return fmt.Sprintf("%.3f", x) }

func TestZyteRunsExtractor(t *testing.T) {
	skipWithoutZyte(t)
	gold, _, err := LoadZyteTruth(zyteDir)
	if err != nil {
		t.Fatal(err)
	}
	// An oracle extractor that returns the gold body must score perfectly,
	// and a failing one must count its errors, not stop the run.
	res, err := Zyte(zyteDir, func(id string, page []byte, url string) (string, error) {
		if len(page) == 0 || url == "" {
			return "", fmt.Errorf("page %s: no html or url", id)
		}
		return gold[id], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.F1 != 1 || res.Accuracy != 1 || res.Errors != 0 || res.Pages != len(gold) {
		t.Errorf("oracle: F1 %v accuracy %v errors %d pages %d", res.F1, res.Accuracy, res.Errors, res.Pages)
	}
}
