// Command gensyndicate writes a syndication simulation: the input of
// `rapporteur link --jsonl` and its gold for `rapporteur eval stories`.
//
//	go run ./story/internal/gensyndicate -seed 1 -input sim.jsonl -gold sim-gold.jsonl
//
// -shuffle N writes the input in a shuffled order (a backfill), for
// measuring linking in any arrival order.
//
// The originals are the wikinews-tosca articles (../shared/data/wikinews-tosca,
// CC BY 2.5); -from and -n take a slice of them for a small sample.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/rapporteur/rapporteur/story/internal/jsonl"

	"github.com/rapporteur/rapporteur/story/internal/syndicate"
)

func main() {
	corpus := flag.String("corpus", "../shared/data/wikinews-tosca/wikinews_tosca.jsonl", "originals (JSON Lines id, title, date, text)")
	seed := flag.Uint64("seed", 1, "random seed")
	from := flag.Int("from", 0, "first original to use")
	n := flag.Int("n", 0, "number of originals to use (0: all)")
	input := flag.String("input", "", "write the link input here")
	gold := flag.String("gold", "", "write the gold here")
	shuffle := flag.Uint64("shuffle", 0, "when not 0, write the input in an order shuffled with this seed (the gold keeps date order)")
	flag.Parse()
	if *input == "" || *gold == "" {
		fmt.Fprintln(os.Stderr, "gensyndicate: give -input and -gold")
		os.Exit(2)
	}
	origs, err := syndicate.ReadOriginals(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensyndicate:", err)
		os.Exit(1)
	}
	origs = origs[min(*from, len(origs)):]
	if *n > 0 && *n < len(origs) {
		origs = origs[:*n]
	}
	ins, golds := syndicate.Generate(origs, syndicate.DefaultLevels, *seed)
	if *shuffle != 0 {
		rng := rand.New(rand.NewPCG(*shuffle, 13))
		rng.Shuffle(len(ins), func(i, j int) { ins[i], ins[j] = ins[j], ins[i] })
	}
	if err := jsonl.Write(*input, ins); err != nil {
		fmt.Fprintln(os.Stderr, "gensyndicate:", err)
		os.Exit(1)
	}
	if err := jsonl.Write(*gold, golds); err != nil {
		fmt.Fprintln(os.Stderr, "gensyndicate:", err)
		os.Exit(1)
	}
}
