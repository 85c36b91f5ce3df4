package speaker

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenResult is what a golden file records for one article: each source
// phrase resolved in text order, then the entity list.
type goldenResult struct {
	Speakers []goldenSpeaker     `json:"speakers"`
	Entities []rapporteur.Entity `json:"entities"`
}

type goldenSpeaker struct {
	Source      string `json:"source"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Role        string `json:"role,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	Mention     string `json:"mention,omitempty"`
	// MoreRoles are the further roles ("AU chairperson and Egyptian
	// President").
	MoreRoles []rapporteur.RoleDesc `json:"more_roles,omitempty"`
}

// TestGolden resolves the source phrases listed under each hand-written
// article in testdata/golden (article, a line "---", one source phrase a
// line, found in text order; "phrase|context" picks the phrase where the
// context follows it) and compares with the .golden.json files.
// Run with -update to rewrite them after checking the differences.
func TestGolden(t *testing.T) {
	r := resolver(t)
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text, srcs, ok := strings.Cut(string(b), "\n---\n")
			if !ok {
				t.Fatalf("%s: no --- line", f)
			}
			tab := r.Table("en", text)
			var res goldenResult
			from := 0
			for _, src := range strings.Split(strings.TrimSpace(srcs), "\n") {
				// "phrase|context" finds phrase where context follows it.
				src, after, _ := strings.Cut(src, "|")
				i := strings.Index(text[from:], src+after)
				if i < 0 {
					t.Fatalf("source %q not found after byte %d", src, from)
				}
				i += from
				from = i + len(src)
				start := len([]rune(text[:i]))
				sp := tab.Resolve(rapporteur.Span{Start: start, End: start + len([]rune(src)), Text: src})
				checkSpans(t, text, sp)
				g := goldenSpeaker{Source: src, Name: sp.Name, Type: sp.Type, Role: sp.Role, Affiliation: sp.Affiliation, MoreRoles: sp.MoreRoles}
				if sp.Mention != nil {
					g.Mention = sp.Mention.Text
				}
				res.Speakers = append(res.Speakers, g)
			}
			res.Entities = tab.Entities()
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", f, golden, got)
			}
		})
	}
}

// checkSpans fails when the mention of sp does not lie inside its source
// or does not repeat the text it covers.
func checkSpans(t testing.TB, text string, sp rapporteur.Speaker) {
	t.Helper()
	if sp.Source == nil {
		t.Fatalf("speaker without source: %+v", sp)
	}
	if sp.Mention == nil {
		return
	}
	m, s := *sp.Mention, *sp.Source
	if m.Start < s.Start || m.End > s.End || m.Start >= m.End {
		t.Fatalf("mention %+v outside source %+v", m, s)
	}
	runes := []rune(text)
	if m.End > len(runes) || string(runes[m.Start:m.End]) != m.Text {
		t.Fatalf("mention %+v does not repeat the text %q", m, string(runes[m.Start:min(m.End, len(runes))]))
	}
}
