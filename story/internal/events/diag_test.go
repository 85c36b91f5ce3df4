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
	fmt.Println("== predicted multi-article stories")
	for _, k := range keys {
		fmt.Println("--", k)
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
	fmt.Println("== split gold events")
	for k, v := range byGold {
		split := false
		for _, id := range v {
			if p[id] != p[v[0]] {
				split = true
			}
		}
		if split {
			fmt.Println("--", k)
			for _, id := range v {
				fmt.Printf("   %s {%s} %s\n", date[id], p[id], title[id])
			}
		}
	}
}
