package events_test

import (
	"flag"
	"fmt"
	"sort"
	"testing"

	"github.com/rapporteur/rapporteur/story"
)

var diag = flag.Bool("diag", false, "print predicted stories against gold events")

// TestDiagStories prints the predicted multi-article stories with the
// gold event of each article, then the gold events the linker split, to
// see where the errors are:
//
//	go test ./story/internal/events -run DiagStories -diag -v
func TestDiagStories(t *testing.T) {
	if !*diag {
		t.Skip("run with -diag")
	}
	arts, gold := eventArticles(t)
	pred := linkAll(newLinker(t, story.Config{}, nil), arts)
	g := map[string]string{}
	for _, l := range gold {
		g[l.ID] = l.Story
	}
	title := map[string]string{}
	date := map[string]string{}
	for _, a := range arts {
		title[a.ID] = a.Title
		date[a.ID] = a.Published.Format("2006-01-02")
	}
	byPred := map[string][]string{}
	for _, p := range pred {
		byPred[p.Story] = append(byPred[p.Story], p.ID)
	}
	var keys []string
	for k, v := range byPred {
		if len(v) > 1 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	fmt.Println("== predicted multi-article stories (false pairs: two articles of other gold events)")
	falsePairs := 0
	for _, k := range keys {
		n := 0
		for i, a := range byPred[k] {
			for _, b := range byPred[k][:i] {
				if g[a] != g[b] {
					n++
				}
			}
		}
		falsePairs += n
		fmt.Printf("-- %s: %d false pairs\n", k, n)
		for _, id := range byPred[k] {
			fmt.Printf("   %s [%s] %s\n", date[id], g[id], title[id])
		}
	}
	p := map[string]string{}
	for _, l := range pred {
		p[l.ID] = l.Story
	}
	byGold := map[string][]string{}
	for _, l := range gold {
		byGold[l.Story] = append(byGold[l.Story], l.ID)
	}
	fmt.Println("== split gold events (missed pairs: two articles of the event in other stories)")
	var golds []string
	for k := range byGold {
		golds = append(golds, k)
	}
	sort.Strings(golds)
	missed := 0
	for _, k := range golds {
		v := byGold[k]
		n := 0
		for i, a := range v {
			for _, b := range v[:i] {
				if p[a] != p[b] {
					n++
				}
			}
		}
		missed += n
		if n > 0 {
			fmt.Printf("-- %s: %d missed pairs\n", k, n)
			for _, id := range v {
				fmt.Printf("   %s {%s} %s\n", date[id], p[id], title[id])
			}
		}
	}
	fmt.Printf("== %d false pairs, %d missed pairs\n", falsePairs, missed)
}
