// Command genevents writes the hand-grouped Wikinews event set: the gold
// (testdata/stories/wikinews-events.jsonl) and, with -input, the input of
// `rapporteur link --jsonl`. Run from the repository root:
//
//	go run ./story/internal/genevents -input /tmp/events.jsonl -lines-gold /tmp/storylines-gold.jsonl
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/rapporteur/rapporteur/story/internal/jsonl"

	"github.com/rapporteur/rapporteur/story/internal/events"
)

func main() {
	groups := flag.String("groups", "testdata/stories/wikinews-events-groups.txt", "the annotation")
	recent := flag.String("recent", "../shared/data/wikinews-2019-2020/wikinews_2019_2020.jsonl", "wikinews-2019-2020 corpus")
	tosca := flag.String("tosca", "../shared/data/wikinews-tosca/wikinews_tosca.jsonl", "wikinews-tosca corpus")
	gold := flag.String("gold", "testdata/stories/wikinews-events.jsonl", "write the gold here")
	input := flag.String("input", "", "write the link input here")
	lines := flag.String("lines", "testdata/stories/wikinews-storylines.txt", "the storyline annotation")
	linesGold := flag.String("lines-gold", "", "write the storyline gold here (score with `rapporteur eval stories --storylines`)")
	shuffle := flag.Uint64("shuffle", 0, "when not 0, write the input in an order shuffled with this seed (the gold keeps date order)")
	flag.Parse()
	arts, labels, err := events.Build(*groups, *recent, *tosca)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genevents:", err)
		os.Exit(1)
	}
	if err := jsonl.Write(*gold, labels); err != nil {
		fmt.Fprintln(os.Stderr, "genevents:", err)
		os.Exit(1)
	}
	if *linesGold != "" {
		sl, err := events.Storylines(*lines, labels)
		if err == nil {
			type line struct {
				ID        string `json:"id"`
				Storyline string `json:"storyline"`
			}
			out := make([]line, len(sl))
			for i, l := range sl {
				out[i] = line{l.ID, l.Story}
			}
			err = jsonl.Write(*linesGold, out)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "genevents:", err)
			os.Exit(1)
		}
	}
	if *shuffle != 0 {
		rng := rand.New(rand.NewPCG(*shuffle, 13))
		rng.Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
	}
	if *input != "" {
		if err := jsonl.Write(*input, arts); err != nil {
			fmt.Fprintln(os.Stderr, "genevents:", err)
			os.Exit(1)
		}
	}
}
