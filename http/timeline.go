package http

import (
	"fmt"
	"time"

	"github.com/rapporteur/rapporteur"
)

// timeline is a bar chart of statements per day (or per group of days when
// the period is long), drawn as inline SVG by the speaker template.
type timeline struct {
	Width, Height int
	PlotTop       int // y of the top of the plot
	Base          int // y of the baseline
	Left          int // x where bars start
	Bars          []bar
	Max           int
	Per           string // "day" or "7 days"
	From, To      string // axis labels
	Total         int
}

type bar struct {
	X, Y, W, H float64
	Label      string
}

// maxBars bounds the bars so that each stays wide enough to see and to
// hover on a phone.
const maxBars = 120

// minDays is the shortest period a chart shows.
const minDays = 31

// newTimeline groups the day counts into at most maxBars bars of equal
// width, one day each when the period allows. Days without statements
// are gaps.
func newTimeline(days []rapporteur.DayCount) *timeline {
	if len(days) == 0 {
		return nil
	}
	const day = 24 * time.Hour
	first := days[0].Day.UTC().Truncate(day)
	last := days[len(days)-1].Day.UTC().Truncate(day)
	n := int(last.Sub(first)/day) + 1
	// A short period is widened on both sides, so that a speaker quoted
	// on one day gets a bar, not a block filling the chart.
	if n < minDays {
		pad := (minDays - n) / 2
		first = first.Add(-time.Duration(pad) * day)
		last = last.Add(time.Duration(minDays-n-pad) * day)
		n = minDays
	}
	per := (n + maxBars - 1) / maxBars
	bins := make([]int, (n+per-1)/per)
	t := &timeline{Width: 720, Height: 150, PlotTop: 18, Base: 124, Left: 34, Per: "day"}
	if per > 1 {
		t.Per = fmt.Sprintf("%d days", per)
	}
	for _, d := range days {
		i := int(d.Day.UTC().Truncate(day).Sub(first)/day) / per
		if i >= 0 && i < len(bins) {
			bins[i] += d.Count
			t.Total += d.Count
		}
	}
	for _, c := range bins {
		t.Max = max(t.Max, c)
	}
	plotW := float64(t.Width - t.Left - 4)
	plotH := float64(t.Base - t.PlotTop)
	w := plotW / float64(len(bins))
	gap := min(w*0.15, 2)
	for i, c := range bins {
		if c == 0 {
			continue
		}
		h := plotH * float64(c) / float64(t.Max)
		start := first.Add(time.Duration(i*per) * day)
		label := fmt.Sprintf("%s: %s", fmtDate(start), plural(c, "statement", "statements"))
		if per > 1 {
			end := start.Add(time.Duration(per-1) * day)
			label = fmt.Sprintf("%s – %s: %s", fmtDate(start), fmtDate(end), plural(c, "statement", "statements"))
		}
		t.Bars = append(t.Bars, bar{X: float64(t.Left) + float64(i)*w + gap/2, Y: float64(t.Base) - h, W: w - gap, H: h, Label: label})
	}
	t.From, t.To = fmtDate(first), fmtDate(last)
	return t
}
