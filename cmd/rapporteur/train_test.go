package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur/attrib/tag"
)

// runTrain runs "rapporteur train" with args, without the pipeline.
func runTrain(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}
	code := m.Main(context.Background(), append([]string{"train"}, args...))
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// fakeEWT writes a tiny EWT-shaped shared directory: sentences written
// for this test, in CoNLL-U, train gzipped as in ../shared.
func fakeEWT(t *testing.T) string {
	t.Helper()
	sents := []string{
		"the/DET cat/NOUN sat/VERB ./PUNCT",
		"she/PRON said/VERB it/PRON rained/VERB ./PUNCT",
		"Anna/PROPN told/VERB reporters/NOUN the/DET news/NOUN ./PUNCT",
		"they/PRON will/AUX deny/VERB it/PRON ./PUNCT",
	}
	var b strings.Builder
	for i := range 30 {
		for j, wt := range strings.Fields(sents[i%len(sents)]) {
			w, p, _ := strings.Cut(wt, "/")
			fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t_\t_\t0\tdep\t_\t_\n", j+1, w, w, p)
		}
		b.WriteString("\n")
	}
	shared := t.TempDir()
	dir := filepath.Join(shared, ewtDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(b.String()))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, ewtTrain), z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ewtDev), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return shared
}

// Two runs on the same data write the same bytes, a model Load reads.
func TestTrainDeterministic(t *testing.T) {
	shared := fakeEWT(t)
	var models [2][]byte
	for i := range models {
		out := t.TempDir()
		r := runTrain(t, "--shared", shared, "--only", "pos", "--out", out)
		if r.code != 0 {
			t.Fatalf("train: exit %d, stderr %s", r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, "EWT dev UPOS accuracy: ") {
			t.Errorf("train output lacks the dev score:\n%s", r.stdout)
		}
		b, err := os.ReadFile(filepath.Join(out, "en-upos.bin.gz"))
		if err != nil {
			t.Fatal(err)
		}
		models[i] = b
		entries, _ := os.ReadDir(out)
		if len(entries) != 1 {
			t.Errorf("train left %d files in --out, want the model alone", len(entries))
		}
	}
	if !bytes.Equal(models[0], models[1]) {
		t.Fatalf("two runs wrote different models (%d and %d bytes)", len(models[0]), len(models[1]))
	}
	tg, err := tag.Load(bytes.NewReader(models[0]))
	if err != nil {
		t.Fatal(err)
	}
	// Too little data to tag well: only check that it tags.
	if got := tg.Tag([]string{"she", "said", "it", "rained", "."}); len(got) != 5 || got[4] != "PUNCT" {
		t.Errorf("trained model tags %q", got)
	}
}

func TestTrainUsageAndErrors(t *testing.T) {
	r := runTrain(t, "-h")
	if r.code != 0 || !strings.Contains(r.stdout, "--only NAME") || !strings.Contains(r.stdout, "attrib/tag/model/en-upos.bin.gz") {
		t.Errorf("train -h: exit %d, stdout %q", r.code, r.stdout)
	}
	empty := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown model", []string{"--only", "nope", "--shared", empty}, 2, `no model "nope"`},
		{"positional argument", []string{"x"}, 2, "usage: rapporteur train"},
		{"no shared directory", []string{"--shared", filepath.Join(empty, "missing"), "--out", empty}, 2, "no shared data directory"},
		{"no EWT in shared", []string{"--shared", empty, "--only", "pos", "--out", empty}, 2, "no EWT data"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runTrain(t, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.msg)
			}
		})
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("failed runs left %d files in --out", len(entries))
	}
}

// fakeBrat writes a brat directory of sentences written for this test.
func fakeBrat(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sents := []struct{ text, source, cue, content string }{
		{"The mayor said the bridge would reopen in May.", "The mayor", "said", "the bridge would reopen in May"},
		{"Union leaders warned that the strike could spread.", "Union leaders", "warned", "the strike could spread"},
		{"Critics argued the plan favoured large farms.", "Critics", "argued", "the plan favoured large farms"},
	}
	for i := range 10 {
		s := sents[i%len(sents)]
		var ann strings.Builder
		for k, sp := range []struct{ label, text string }{{"Source", s.source}, {"Cue", s.cue}, {"Content", s.content}} {
			a := strings.Index(s.text, sp.text)
			fmt.Fprintf(&ann, "T%d\t%s %d %d\t%s\n", k+1, sp.label, a, a+len(sp.text), sp.text)
		}
		name := filepath.Join(dir, fmt.Sprintf("doc%02d", i))
		if err := os.WriteFile(name+".txt", []byte(s.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name+".ann", []byte(ann.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTrainSpansOwnData: a user trains the statement model on their own
// brat annotations; the run writes the model and its calibration, twice
// the same bytes, and the model loads in extract.
func TestTrainSpansOwnData(t *testing.T) {
	brat := fakeBrat(t)
	shared := t.TempDir()
	var files [2][]byte
	for i := range files {
		out := t.TempDir()
		r := runTrain(t, "--only", "spans", "--shared", shared, "--out", out, "--brat-train", brat, "--brat-dev", brat)
		if r.code != 0 || !strings.Contains(r.stdout, "dev Content") {
			t.Fatalf("train: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		var err error
		if files[i], err = os.ReadFile(filepath.Join(out, "en-spans.bin.gz")); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, "en-confidence.json")); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			rr := run(t, nil, "extract", "--model", filepath.Join(out, "en-spans.bin.gz"), writeFile(t, "a.txt", []byte(sampleText)))
			if rr.code != 0 {
				t.Fatalf("extract with the trained model: exit %d, %s", rr.code, rr.stderr)
			}
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two trainings on the same data wrote different models")
	}
	if r := runTrain(t, "--only", "spans", "--shared", shared, "--out", t.TempDir(), "--brat-train", brat); r.code != 2 || !strings.Contains(r.stderr, "--brat-dev") {
		t.Errorf("--brat-train alone: exit %d, %s", r.code, r.stderr)
	}
}
