package http

import (
	"net/url"
	"time"

	"github.com/rapporteur/rapporteur"
)

// timeline is a bar chart of a speaker's statements per day, week or
// month (whichever keeps the bars wide enough to tap), drawn as inline SVG
// by the speaker template. Each bar is a link to that period's statements
// and can be reached with the keyboard; its <title> is its hover value.
type timeline struct {
	Width, Height int
	PlotTop       int // y of the top of the plot
	Base          int // y of the baseline
	Left          int // x where bars start
	Bars          []bar
	Ticks         []tick
	Max           int
	Per           string // "day", "week" or "month"
	From, To      string // the range, for the caption
	Total         int
}

type bar struct {
	X, Y, W, H float64
	Label      string
	// URL lists the period's statements; the link covers the bar's
	// whole column (HitY to the baseline), so a short bar is as easy to
	// tap as a tall one.
	URL        string
	HitY, HitH float64
}

// minDays is the shortest period a chart shows.
const minDays = 31

// newTimeline bins the day counts of a speaker into at most maxBins bars
// of a day, a week or a month. Periods without statements are gaps.
func newTimeline(days []rapporteur.DayCount, speakerID int64) *timeline {
	if len(days) == 0 {
		return nil
	}
	const day = 24 * time.Hour
	first := days[0].Day.UTC().Truncate(day)
	last := days[len(days)-1].Day.UTC().Truncate(day)
	// A short period is widened on both sides, so that a speaker quoted
	// on one day gets a bar, not a block filling the chart.
	if n := int(last.Sub(first)/day) + 1; n < minDays {
		pad := (minDays - n) / 2
		first = first.Add(-time.Duration(pad) * day)
		last = last.Add(time.Duration(minDays-n-pad) * day)
	}
	p, starts := pickPeriod(first, last)
	counts := make([]int, len(starts))
	t := &timeline{Width: 720, Height: 160, PlotTop: 18, Base: 124, Left: 34, Per: p.Name}
	for _, d := range days {
		i := binOf(starts, d.Day.UTC())
		if i >= 0 {
			counts[i] += d.Count
			t.Total += d.Count
		}
	}
	for _, c := range counts {
		t.Max = max(t.Max, c)
	}
	plotW := float64(t.Width - t.Left - 4)
	plotH := float64(t.Base - t.PlotTop)
	w := plotW / float64(len(starts))
	gap := min(w*0.15, 2)
	x := func(i int) float64 { return float64(t.Left) + float64(i)*w }
	for i, c := range counts {
		if c == 0 {
			continue
		}
		h := plotH * float64(c) / float64(t.Max)
		end := p.next(starts[i]).AddDate(0, 0, -1) // the last day of the bin
		v := url.Values{"tab": {"statements"}, "speaker": {itoa(speakerID)}, "from": {starts[i].Format(time.DateOnly)}, "to": {end.Format(time.DateOnly)}}
		t.Bars = append(t.Bars, bar{X: x(i) + gap/2, Y: float64(t.Base) - h, W: w - gap, H: h, HitY: float64(t.PlotTop), HitH: plotH,
			Label: p.label(starts[i]) + ": " + plural(c, "statement", "statements"), URL: "/search?" + v.Encode()})
	}
	t.Ticks = p.ticks(starts, x)
	for i := range t.Ticks {
		t.Ticks[i].Y = float64(t.Height - 4)
	}
	t.From, t.To = fmtDate(first), fmtDate(last)
	return t
}

// binOf returns the index of the bin holding t, -1 when it is outside.
func binOf(starts []time.Time, t time.Time) int {
	lo, hi := 0, len(starts)-1
	if len(starts) == 0 || t.Before(starts[0]) {
		return -1
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid].After(t) {
			hi = mid - 1
		} else {
			lo = mid
		}
	}
	return lo
}
