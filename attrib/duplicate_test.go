package attrib

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestNoStatementTwice reads every article of the demo corpus (Wikinews,
// CC BY 2.5, see demo/) and checks that no two statements of an article
// are the same words: a quotation read twice (by the rules and the span
// model, or by two cues whose contents the boundary model moved onto one
// stretch) counted twice in every speaker's total; nor do two start at the
// same word (one reading running over the other's attribution).
func TestNoStatementTwice(t *testing.T) {
	f, err := os.Open("../demo/wikinews-2019-2020.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	at := newAttributor(t)
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	n := 0
	for sc.Scan() {
		var in struct{ ID, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		a := at.Attribute(rapporteur.Article{ID: in.ID, Title: in.Title, Text: in.Text, Language: "en"})
		seen := map[[2]int]bool{}
		starts := map[int]string{}
		for _, st := range a.Statements {
			k := [2]int{st.Content.Start, st.Content.End}
			if seen[k] {
				t.Errorf("%s: the statement %q twice", in.ID, st.Content.Text)
			} else if o, ok := starts[st.Content.Start]; ok {
				// Twin readings (twins.go): one of them holds the
				// other's attribution as words said.
				t.Errorf("%s: two statements start alike: %q and %q (%s)", in.ID, o, st.Content.Text, st.Speaker.Name)
			}
			seen[k] = true
			starts[st.Content.Start] = st.Content.Text
		}
		n++
	}
	if err := sc.Err(); err != nil || n < 200 {
		t.Fatalf("read %d demo articles: %v", n, err)
	}
}
