package story

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/story/internal/syndicate"
)

var calibrate = flag.Bool("calibrate", false, "run the near-duplicate configuration grid on the syndication simulator")

// TestCalibrateDup prints the duplicate-group scores of the configurations
// that DefaultDupConfig was chosen among, on the simulator at its default
// levels with seeds 1 and 2 (seed 3 is kept for TestSimulator):
//
//	go test ./story -run CalibrateDup -calibrate -v
func TestCalibrateDup(t *testing.T) {
	if !*calibrate {
		t.Skip("run with -calibrate")
	}
	origs, err := syndicate.ReadOriginals(toscaPath)
	if err != nil {
		t.Skipf("no wikinews-tosca corpus: %v", err)
	}
	grid := []DupConfig{
		{Shingle: 2, Threshold: 0.6, MinJaccard: 0.3},
		{Shingle: 4, Threshold: 0.6, MinJaccard: 0.3},
		{Shingle: 5, Threshold: 0.6, MinJaccard: 0.3},
		{Bands: 20, Rows: 3, Threshold: 0.6, MinJaccard: 0.3},
		{Bands: 16, Rows: 4, Threshold: 0.6, MinJaccard: 0.3},
		{Threshold: 0.5, MinJaccard: 0.25},
		{Threshold: 0.5, MinJaccard: 0.3},
		{Threshold: 0.6, MinJaccard: 0.25},
		{Threshold: 0.6, MinJaccard: 0.3},
		{Threshold: 0.7, MinJaccard: 0.3},
		{Threshold: 0.65, MinJaccard: 0.35},
	}
	for _, seed := range []uint64{1, 2} {
		ins, gold := syndicate.Generate(origs, syndicate.DefaultLevels, seed)
		gl := simGold(gold)
		for _, c := range grid {
			d := NewDups(c)
			s := eval.ScoreStories(gl, dupLabels(d, ins)).Duplicates
			c = d.Config()
			fmt.Printf("seed %d shingle %d bands %d×%d threshold %.2f min-jaccard %.2f: P %.3f R %.3f F1 %.3f\n",
				seed, c.Shingle, c.Bands, c.Rows, c.Threshold, c.MinJaccard, s.Pairwise.Precision, s.Pairwise.Recall, s.Pairwise.F1)
		}
	}
}

// simGold turns the simulator's gold into labels.
func simGold(gold []syndicate.Gold) []eval.StoryLabel {
	var gl []eval.StoryLabel
	for _, g := range gold {
		gl = append(gl, eval.StoryLabel{ID: g.ID, DuplicateOf: g.DuplicateOf, HasDup: true})
	}
	return gl
}

// dupLabels runs the stream through a near-duplicate index alone.
func dupLabels(d *Dups, ins []syndicate.Input) []eval.StoryLabel {
	var pl []eval.StoryLabel
	for _, in := range ins {
		at, _ := time.Parse(time.DateOnly, in.Published)
		d.Insert(in.ID, d.Sketch(in.Text), at)
	}
	for _, in := range ins {
		l := eval.StoryLabel{ID: in.ID}
		if r := d.Root(in.ID); r != in.ID {
			l.DuplicateOf = &r
		}
		pl = append(pl, l)
	}
	return pl
}
