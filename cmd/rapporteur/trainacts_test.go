package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur/attrib/act"
)

// TestTrainActs trains the act model twice on a few articles of the dev
// gold and checks that it prints its scores, writes the same bytes both
// times, and writes a model the act stage reads.
func TestTrainActs(t *testing.T) {
	src, err := os.Open(filepath.Join("..", "..", "testdata", "threads", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var lines []string
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() && len(lines) < 10 {
		lines = append(lines, sc.Text())
	}
	small := filepath.Join(t.TempDir(), "small.jsonl")
	if err := os.WriteFile(small, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(tr, dev string, e []int) { actsTrain, actsDev, actsEpochs = tr, dev, e }(actsTrain, actsDev, actsEpochs)
	actsTrain, actsDev, actsEpochs = small, small, []int{5}
	var files [2][]byte
	for i := range files {
		out := t.TempDir()
		r := runTrain(t, "--only", "acts", "--shared", t.TempDir(), "--out", out)
		if r.code != 0 || !strings.Contains(r.stdout, "train CV macro-F1") || !strings.Contains(r.stdout, "rules alone: act macro-F1") {
			t.Fatalf("train: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if files[i], err = os.ReadFile(filepath.Join(out, "en-acts.bin.gz")); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("two runs wrote different act models (%d and %d bytes)", len(files[0]), len(files[1]))
	}
	if _, err := act.NewWith(act.Options{Model: bytes.NewReader(files[0])}); err != nil {
		t.Errorf("the act stage cannot read the model: %v", err)
	}
}
