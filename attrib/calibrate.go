package attrib

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/rapporteur/rapporteur"
)

// Confidence is calibrated: a statement's confidence is the share of the
// statements read the same way that annotators marked too, measured on
// held-out annotated news (PolNeAR train documents the span model did not
// learn from). "Read the same way" is a reading: who read it (the rules,
// or the span model with its margin in one of four bands), its kind, its
// mode and the rule's own prior (a quotation with cue and subject, a
// floating quotation, "according to", an interview turn …). A threshold
// of 0.5 keeps the readings that were right more often than not.

// readingOf names the reading of a candidate.
func readingOf(c cand, mode string) string {
	if c.model {
		band := "low"
		switch {
		case c.score >= 15:
			band = "high"
		case c.score >= 5:
			band = "mid"
		case c.score >= 0:
			band = "weak"
		}
		if c.learned {
			// A cue outside the lexicon (or of another construction)
			// that the cue model took: its own reading, so that its
			// confidence says how often those are right.
			return fmt.Sprintf("model/learned-cue/%s", mode)
		}
		return fmt.Sprintf("model/%s/%s/%s", c.kind, mode, band)
	}
	return fmt.Sprintf("rules/%s/%s/%.2f", c.kind, mode, c.conf)
}

// minReadings is how many statements of a reading calibration needs to
// measure it; rarer readings keep their rule prior.
const minReadings = 30

// Calibration maps readings to the share of them that was right.
type Calibration struct {
	// Data says what the shares were measured on.
	Data     string             `json:"data"`
	Readings map[string]Measure `json:"readings"`
}

// Measure is one reading's count and share right.
type Measure struct {
	N     int     `json:"n"`
	Right float64 `json:"right"`
}

// confidence returns the calibrated confidence of a reading, or its prior
// when the reading was not measured.
func (at *Attributor) confidence(reading string, prior float64) float64 {
	if at.calib != nil {
		if m, ok := at.calib.Readings[reading]; ok && m.N >= minReadings {
			return m.Right
		}
	}
	return prior
}

// Outcome is one statement of a calibration run: its reading, its
// confidence, and whether annotators marked it.
type Outcome struct {
	Reading    string
	Confidence float64
	Right      bool
}

// Outcomes attributes docs and says for each statement whether its
// content overlaps a gold content of its document, one to one (greedy,
// by overlap over union), as PolNeAR's overlap score matches them.
func (at *Attributor) Outcomes(docs []TrainDoc) []Outcome {
	var out []Outcome
	for _, d := range docs {
		a, readings, _ := at.attribute(rapporteur.Article{Text: d.Text, Language: fallback})
		var gold [][2]int
		for _, s := range d.Spans {
			if s.Label != "Content" || len(s.Parts) == 0 {
				continue
			}
			g := s.Parts[0]
			for _, p := range s.Parts[1:] {
				g[0], g[1] = min(g[0], p[0]), max(g[1], p[1])
			}
			gold = append(gold, g)
		}
		used := make([]bool, len(gold))
		for i, st := range a.Statements {
			best, bestIoU := -1, 0.0
			for j, g := range gold {
				inter := min(g[1], st.Content.End) - max(g[0], st.Content.Start)
				if used[j] || inter <= 0 {
					continue
				}
				iou := float64(inter) / float64(max(g[1], st.Content.End)-min(g[0], st.Content.Start))
				if iou > bestIoU {
					best, bestIoU = j, iou
				}
			}
			if best >= 0 {
				used[best] = true
			}
			out = append(out, Outcome{Reading: readings[i], Confidence: st.Confidence, Right: best >= 0})
		}
	}
	return out
}

// Calibrate measures each reading's share right on outcomes.
func Calibrate(outcomes []Outcome, data string) *Calibration {
	c := &Calibration{Data: data, Readings: map[string]Measure{}}
	right := map[string]int{}
	for _, o := range outcomes {
		m := c.Readings[o.Reading]
		m.N++
		c.Readings[o.Reading] = m
		if o.Right {
			right[o.Reading]++
		}
	}
	for r, m := range c.Readings {
		m.Right = float64(right[r]) / float64(m.N)
		c.Readings[r] = m
	}
	return c
}

// Reliability groups outcomes by confidence in tenths and gives, for each
// group, its count, mean confidence and share right, and the expected
// calibration error over all: how far confidence is from the share right,
// weighted by count.
func Reliability(outcomes []Outcome) (rows [][3]float64, ece float64) {
	type acc struct {
		n          int
		conf, good float64
	}
	bins := map[int]*acc{}
	for _, o := range outcomes {
		b := min(int(o.Confidence*10), 9)
		if bins[b] == nil {
			bins[b] = &acc{}
		}
		bins[b].n++
		bins[b].conf += o.Confidence
		if o.Right {
			bins[b].good++
		}
	}
	keys := make([]int, 0, len(bins))
	for k := range bins {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		b := bins[k]
		mc, share := b.conf/float64(b.n), b.good/float64(b.n)
		rows = append(rows, [3]float64{float64(b.n), mc, share})
		d := mc - share
		if d < 0 {
			d = -d
		}
		ece += d * float64(b.n) / float64(len(outcomes))
	}
	return rows, ece
}

// WriteTo writes the calibration as indented JSON, keys sorted.
func (c *Calibration) WriteTo(w io.Writer) (int64, error) {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return 0, err
	}
	n, err := w.Write(append(data, '\n'))
	return int64(n), err
}

// readCalibration reads a calibration file.
func readCalibration(r io.Reader) (*Calibration, error) {
	var c Calibration
	if err := json.NewDecoder(r).Decode(&c); err != nil {
		return nil, fmt.Errorf("confidence calibration: %w", err)
	}
	for k, m := range c.Readings {
		if m.N < 0 || m.Right < 0 || m.Right > 1 {
			return nil, fmt.Errorf("confidence calibration: reading %q has a share right of %v over %d", k, m.Right, m.N)
		}
	}
	return &c, nil
}
