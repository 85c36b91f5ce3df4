package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
)

var linkSample = filepath.Join("..", "..", "testdata", "stories", "link-sample.jsonl")

// TestLinkGolden runs `rapporteur link` on a small syndication sample
// (wire copies of Wikinews articles, CC BY 2.5, made by
// story/internal/gensyndicate) and compares its output with the golden
// file; `eval stories` must then find every copy of the sample's gold.
func TestLinkGolden(t *testing.T) {
	r := run(t, nil, "link", "--jsonl", linkSample)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden := strings.TrimSuffix(linkSample, ".jsonl") + ".golden.jsonl"
	if *update {
		if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(golden); err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	} else if !bytes.Equal([]byte(r.stdout), want) {
		t.Errorf("output differs from %s (run with -update if the change is right):\n%s", golden, firstDiff(string(want), r.stdout))
	}

	pred := filepath.Join(t.TempDir(), "pred.jsonl")
	if err := os.WriteFile(pred, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	e := run(t, nil, "eval", "stories", "--json", strings.TrimSuffix(linkSample, ".jsonl")+"-gold.jsonl", pred)
	if e.code != 0 {
		t.Fatalf("eval stories: exit %d, stderr %q", e.code, e.stderr)
	}
	var res struct {
		Duplicates struct{ Pairwise struct{ F1 float64 } }
	}
	if err := json.Unmarshal([]byte(e.stdout), &res); err != nil {
		t.Fatal(err)
	}
	if res.Duplicates.Pairwise.F1 != 1 {
		t.Errorf("duplicate F1 on the sample %.3f, want 1:\n%s", res.Duplicates.Pairwise.F1, e.stdout)
	}
}

// TestLinkLines: output lines follow input lines, bad lines become error
// lines and the batch goes on.
func TestLinkLines(t *testing.T) {
	body := "Officials in the town of Orvel said on Monday that the bridge over the river would stay closed for repairs until the end of the summer, after inspectors found cracks in two of its pillars."
	in := strings.Join([]string{
		`{"id":"a","title":"Bridge closed","text":"` + body + `","published":"2024-05-06"}`,
		``,
		`{"id":"b","text":"` + body + ` Drivers should use the ring road.","published":"2024-05-06T10:00:00Z"}`,
		`not json`,
		`{"id":"c","text":"x","published":"last week"}`,
		`{"title":"no id","text":"y"}`,
		`{"id":7,"html":"<html><body><p>A short page.</p></body></html>"}`,
	}, "\n")
	r := run(t, strings.NewReader(in), "link", "--jsonl", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	want := []string{
		`{"id":"a","duplicate_of":null,"story":"a","storyline":"a"}`,
		`{"id":"b","duplicate_of":"a","story":"a","storyline":"a"}`,
		`"line":4,"code":"invalid"`,
		`{"id":"c","line":5,"code":"invalid","error":"line 5: \"published\" \"last week\" is not a date`,
		`"line":6,"code":"invalid","error":"line 6 has no \"id\"`,
		`{"id":"7","duplicate_of":null,"story":"7","storyline":"7"}`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), r.stdout)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d = %s, want it to contain %s", i+1, lines[i], w)
		}
	}
	if !strings.Contains(r.stderr, "3 of 6 records could not be read") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestLinkUsage(t *testing.T) {
	for _, args := range [][]string{{"link"}, {"link", "file.jsonl"}, {"link", "--jsonl", "x", "y"}} {
		if r := run(t, nil, args...); r.code != 2 || !strings.Contains(r.stderr, "usage: rapporteur link") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := run(t, nil, "link", "--jsonl", filepath.Join(t.TempDir(), "missing.jsonl")); r.code != 2 {
		t.Errorf("missing file: exit %d", r.code)
	}
}

// FuzzLinkRecord reads any line as `link --jsonl` does: it must not
// panic, and an article it accepts has its ID.
func FuzzLinkRecord(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","title":"T","text":"Body text.","published":"2024-01-02"}`,
		`{"id":1,"html":"<p>x</p>","published":"2024-01-02T03:04:05+02:00"}`,
		`{"id":"a","text":""}`,
		`{"id":null,"text":"x"}`,
		`{"id":"a","published":"2024-13-45","text":"x"}`,
		`{"id":{"x":1},"text":"x"}`,
		`[]`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := fuzzPipeline()
		if err != nil {
			t.Fatal(err)
		}
		a, err := readLinkRecord(t.Context(), &intake.Intake{Pipeline: p}, intake.Line{N: 1, Data: data})
		if err != nil {
			if msg := err.Error(); msg == "" || !utf8.ValidString(msg) && utf8.Valid(data) {
				t.Errorf("bad error message %q", msg)
			}
			return
		}
		if a.ID == "" {
			t.Errorf("accepted a record without an ID: %q", data)
		}
	})
}

// TestLinkThreads: with --threads, a statement of a later article of the
// story answers one of an earlier article (responds_to names that
// article), and the statements keep their replies within; without it,
// no statements are printed.
func TestLinkThreads(t *testing.T) {
	ex, err := os.ReadFile("../../testdata/example.txt")
	if err != nil {
		t.Fatal(err)
	}
	title, body, _ := strings.Cut(string(ex), "\n\n")
	lines := []map[string]string{
		{"id": "un-1", "title": title, "text": body, "published": "2022-09-01"},
		{"id": "amnesty-2", "title": "Amnesty answers Beijing", "published": "2022-09-02",
			"text": `"Zhang Jun's denial of the UN report is hollow and cynical," said Agnes Callamard, Secretary General of Amnesty International, on Friday.`},
	}
	var in strings.Builder
	for _, l := range lines {
		b, _ := json.Marshal(l)
		in.Write(append(b, '\n'))
	}
	r := run(t, strings.NewReader(in.String()), "link", "--threads", "--jsonl", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	type line struct {
		ID         string                 `json:"id"`
		Story      string                 `json:"story"`
		Statements []rapporteur.Statement `json:"statements"`
	}
	var out []line
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var o line
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	if len(out) != 2 || out[1].Story != out[0].Story || len(out[1].Statements) == 0 {
		t.Fatalf("output: %+v", out)
	}
	cb := out[1].Statements[0]
	if cb.Speaker.Name != "Agnes Callamard" || len(cb.RespondsTo) != 1 || cb.RespondsTo[0].Article != "un-1" {
		t.Errorf("Callamard's statement: %s, responds_to %+v; want a reply to an article un-1 statement", cb.Speaker.Name, cb.RespondsTo)
	}
	within := 0
	for _, st := range out[0].Statements {
		for _, rp := range st.RespondsTo {
			if rp.Article != "un-1" {
				t.Errorf("the first article's statement answers %+v, a later article", rp)
			}
			within++
		}
	}
	if within == 0 {
		t.Error("the first article lost its replies within")
	}
	plain := run(t, strings.NewReader(in.String()), "link", "--jsonl", "-")
	if strings.Contains(plain.stdout, `"statements"`) {
		t.Error("statements printed without --threads")
	}
}
