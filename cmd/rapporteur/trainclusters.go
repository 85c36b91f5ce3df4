package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rapporteur/rapporteur/attrib"
	"github.com/rapporteur/rapporteur/attrib/cluster"
)

// clusterCorpora are the unlabelled news texts the word clusters are
// learned from (JSON lines with a "text" field, under the shared
// directory): English Wikinews, CC BY 2.5 (MODELS.md). The evaluation
// sets (PolNeAR dev and test, GGT) are never among them.
var clusterCorpora = []string{
	"data/wikinews-tosca/wikinews_tosca.jsonl",
	"data/wikinews-2019-2020/wikinews_2019_2020.jsonl",
	"data/gum-wikinews/gum_wikinews.jsonl",
}

// clusterOptions are the word clusters' settings: of those measured on
// PolNeAR dev (BENCHMARKS.md, issue 9, "word clusters"), the one that did
// best on the cue model's tokens and no worse on the pipeline (a floor of
// 3 occurrences put rare words in junk clusters).
var clusterOptions = cluster.Options{MinCount: 5, Contexts: 6000, Dims: 200, Seed: 1}

// buildClusters learns the word clusters from the shared corpora that
// are there and the training documents' own texts (PolNeAR train, or the
// user's). It returns the table (nil when the text is too little to
// cluster), the tokens read and the corpora found.
func buildClusters(shared string, docs []attrib.TrainDoc) (*cluster.Table, int, []string, error) {
	b := cluster.NewBuilder()
	var found []string
	for _, c := range clusterCorpora {
		p := filepath.Join(shared, filepath.FromSlash(c))
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := readJSONLTexts(p, b.Add); err != nil {
			return nil, 0, nil, err
		}
		found = append(found, c)
	}
	for _, d := range docs {
		b.Add(d.Text)
	}
	t, err := b.Build(clusterOptions)
	if errors.Is(err, cluster.ErrTooLittle) {
		return nil, b.Tokens(), found, nil
	}
	return t, b.Tokens(), found, err
}

// readJSONLTexts calls add with the "text" of each line of a JSON-lines
// file.
func readJSONLTexts(path string, add func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("word clusters: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var rec struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("word clusters: %s line %d: %w", path, n, err)
		}
		add(rec.Text)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("word clusters: %s: %w", path, err)
	}
	return nil
}
