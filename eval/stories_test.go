package eval

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestScoreClusters(t *testing.T) {
	gold := map[string]string{"a": "x", "b": "x", "c": "x", "d": "y", "e": "y", "f": "z"}
	for _, tc := range []struct {
		name                   string
		pred                   map[string]string
		pairP, pairR, bp, br   float64
		missing, extra, nclust int
	}{
		{"perfect", map[string]string{"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "f": "3"}, 1, 1, 1, 1, 0, 0, 3},
		{"all singletons", map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6"}, 0, 0, 1, 0.5, 0, 0, 6},
		// one cluster: 15 pairs predicted, 4 gold pairs (3 + 1), all found
		{"all in one", map[string]string{"a": "1", "b": "1", "c": "1", "d": "1", "e": "1", "f": "1"}, 4.0 / 15, 1, (3*3.0/6 + 2*2.0/6 + 1.0/6) / 6, 1, 0, 0, 1},
		// f missing: scored alone, which is right for it; g is not gold
		{"missing and extra", map[string]string{"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "g": "2"}, 1, 1, 1, 1, 1, 1, 3},
		// c split off: gold pairs ab ac bc de; predicted ab de
		{"split", map[string]string{"a": "1", "b": "1", "c": "2", "d": "3", "e": "3", "f": "4"}, 1, 0.5, 1, (2*2.0/3 + 1.0/3 + 1 + 1 + 1) / 6, 0, 0, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ScoreClusters(gold, tc.pred)
			near := func(what string, got, want float64) {
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("%s = %.4f, want %.4f", what, got, want)
				}
			}
			near("pairwise P", s.Pairwise.Precision, tc.pairP)
			near("pairwise R", s.Pairwise.Recall, tc.pairR)
			near("BCubed P", s.BCubed.Precision, tc.bp)
			near("BCubed R", s.BCubed.Recall, tc.br)
			if s.Missing != tc.missing || s.Extra != tc.extra || s.PredClusters != tc.nclust {
				t.Errorf("missing %d extra %d clusters %d, want %d %d %d", s.Missing, s.Extra, s.PredClusters, tc.missing, tc.extra, tc.nclust)
			}
		})
	}
}

func TestDuplicateGroups(t *testing.T) {
	p := func(s string) *string { return &s }
	ls := []StoryLabel{{ID: "a"}, {ID: "b", DuplicateOf: p("a")}, {ID: "c", DuplicateOf: p("b")}, {ID: "d"}, {ID: "e", DuplicateOf: p("zz")}}
	g := DuplicateGroups(ls)
	if g["a"] != g["b"] || g["b"] != g["c"] {
		t.Errorf("a, b, c are linked through b and must share a group: %v", g)
	}
	if g["d"] == g["a"] || g["e"] == g["a"] || g["e"] == g["d"] {
		t.Errorf("d and e are not copies of a: %v", g)
	}
}

func TestReadStoryLabels(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data string
		n          int
		hasDup     bool
		fails      bool
	}{
		{"plain", `{"id":"a","story":"s"}` + "\n\n" + `{"id":7,"story":"s"}` + "\n", 2, false, false},
		{"with duplicate_of", `{"id":"a","story":"s","duplicate_of":null}` + "\n" + `{"id":"b","story":"s","duplicate_of":"a"}` + "\n", 2, true, false},
		{"no id", `{"story":"s"}`, 0, false, true},
		{"repeated id", `{"id":"a"}` + "\n" + `{"id":"a"}`, 0, false, true},
		{"not JSON", `{"id":`, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".jsonl")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			ls, err := ReadStoryLabels(path)
			if (err != nil) != tc.fails {
				t.Fatalf("error %v, want failure %v", err, tc.fails)
			}
			if err != nil {
				return
			}
			if len(ls) != tc.n || ls[0].HasDup != tc.hasDup {
				t.Errorf("read %+v", ls)
			}
			if ls[1].ID != map[bool]string{false: "7", true: "b"}[tc.hasDup] {
				t.Errorf("second id %q", ls[1].ID)
			}
		})
	}
}
