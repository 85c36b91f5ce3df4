package speaker_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
)

// descriptionFloor is the share of scored statements whose speaker's role
// and affiliation must both be right on the hand-annotated Wikinews set
// (testdata/descriptions.tsv); issue 10 asks for 0.80.
const descriptionFloor = 0.80

// description is one accepted reading of a speaker: role and affiliation.
type description struct{ role, aff string }

// TestDescriptions runs the whole text pipeline on the annotated articles
// of the demo corpus and scores the role and affiliation of every person
// speaker the annotation names: both must equal one of the accepted
// readings (case ignored). Statements whose speaker name the annotation
// lacks (a wrong name, an organization) are counted apart, not scored. It
// logs each miss and fails below descriptionFloor.
func TestDescriptions(t *testing.T) {
	gold := readDescriptions(t, "testdata/descriptions.tsv")
	arts := readDemo(t, "../../demo/wikinews-2019-2020.jsonl.gz", gold)
	p, err := intake.NewStages()
	if err != nil {
		t.Fatal(err)
	}
	right, scored, unscored := 0, 0, 0
	for id, names := range gold {
		rec, ok := arts[id]
		if !ok {
			t.Fatalf("article %q not in the demo corpus", id)
		}
		a, err := p.Verbatim(id, rec.Title, rec.Text)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Statements {
			if s.Speaker.Type != rapporteur.Person {
				continue
			}
			want, ok := names[s.Speaker.Name]
			if !ok {
				unscored++
				continue
			}
			scored++
			if matchDescription(want, s.Speaker) {
				right++
				continue
			}
			t.Logf("miss %s: %q got role %q affiliation %q; want %v", short(id), s.Speaker.Name, s.Speaker.Role, s.Speaker.Affiliation, want)
		}
	}
	if scored == 0 {
		t.Fatal("no statement scored")
	}
	ratio := float64(right) / float64(scored)
	t.Logf("speaker descriptions: %d of %d statements with role and affiliation right: %.3f (%d statements of unannotated speakers)", right, scored, ratio, unscored)
	if ratio < descriptionFloor {
		t.Errorf("role+affiliation ratio %.3f is below %.2f", ratio, descriptionFloor)
	}
}

func matchDescription(want []description, sp rapporteur.Speaker) bool {
	for _, d := range want {
		if strings.EqualFold(d.role, sp.Role) && strings.EqualFold(d.aff, sp.Affiliation) {
			return true
		}
	}
	return false
}

func short(id string) string {
	if len(id) > 40 {
		return id[:40] + "…"
	}
	return id
}

// readDescriptions reads the annotation: article → speaker → readings.
func readDescriptions(t *testing.T, name string) map[string]map[string][]description {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string][]description{}
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("%s:%d: %d fields, want 4", name, n+1, len(f))
		}
		for i := 2; i < 4; i++ {
			if f[i] == "-" {
				f[i] = ""
			}
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string][]description{}
		}
		out[f[0]][f[1]] = append(out[f[0]][f[1]], description{f[2], f[3]})
	}
	return out
}

type demoRecord struct {
	ID, Title, Text string
}

// readDemo returns the demo corpus articles the annotation names.
func readDemo(t *testing.T, name string, want map[string]map[string][]description) map[string]demoRecord {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]demoRecord{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r demoRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if _, ok := want[r.ID]; ok {
			out[r.ID] = r
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
