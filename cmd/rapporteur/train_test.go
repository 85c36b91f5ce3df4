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
