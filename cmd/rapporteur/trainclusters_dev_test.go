package main

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur/attrib/cluster"
	"github.com/rapporteur/rapporteur/eval"
)

// TestClustersDev builds the word clusters from the shared corpora and
// PolNeAR train and prints the words that share a cluster with a few cue
// words: the development loop of the clusters, run by hand with
// RAPPORTEUR_CLUSTERS_DEV=1.
func TestClustersDev(t *testing.T) {
	if os.Getenv("RAPPORTEUR_CLUSTERS_DEV") == "" {
		t.Skip("set RAPPORTEUR_CLUSTERS_DEV=1 to build and show the word clusters")
	}
	shared, _ := filepath.Abs("../../../shared")
	train, err := eval.ReadBrat(filepath.Join(shared, polnearTrain))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := strconv.Atoi(os.Getenv("MINCOUNT")); err == nil {
		clusterOptions.MinCount = v
	}
	if v, err := strconv.Atoi(os.Getenv("CONTEXTS")); err == nil {
		clusterOptions.Contexts = v
	}
	if v, err := strconv.Atoi(os.Getenv("DIMS")); err == nil {
		clusterOptions.Dims = v
	}
	start := time.Now()
	tab, n, _, err := buildClusters(shared, spanDocs(train))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d tokens, %d words, %s", n, tab.Len(), time.Since(start))
	if p := os.Getenv("OUT"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tab.WriteTo(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	// Words of the corpora by their clusters.
	b := map[string]bool{}
	for _, c := range clusterCorpora {
		readJSONLTexts(filepath.Join(shared, c), func(s string) {
			for _, w := range strings.Fields(strings.ToLower(s)) {
				b[strings.Trim(w, ".,;:\"'()")] = true
			}
		})
	}
	words := make([]string, 0, len(b))
	for w := range b {
		words = append(words, w)
	}
	sort.Strings(words)
	for _, probe := range strings.Split("said,sponsored,resented,seems,voted,criticized,believes,warned,announced,trump", ",") {
		p, ok := tab.Lookup(probe)
		if !ok {
			t.Logf("%s: none", probe)
			continue
		}
		for _, bits := range []int{8, 12, 16} {
			var same []string
			for _, w := range words {
				if q, ok := tab.Lookup(w); ok && cluster.Prefix(q, bits) == cluster.Prefix(p, bits) {
					same = append(same, w)
				}
			}
			if len(same) > 25 {
				t.Logf("%s @%d: %d words: %s …", probe, bits, len(same), strings.Join(same[:25], " "))
			} else {
				t.Logf("%s @%d: %s", probe, bits, strings.Join(same, " "))
			}
		}
	}
}
