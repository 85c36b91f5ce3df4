package http

import (
	"time"
)

// A period is the unit a chart counts by: a day, a week (from Monday) or
// a month, in UTC. The unit follows the range shown, so that a chart has
// at most maxBins bars, each wide enough to tap, and the ticks of its axis
// fall on calendar boundaries a reader knows.
type period struct {
	Name  string // "day", "week" or "month"
	start func(time.Time) time.Time
	next  func(time.Time) time.Time
}

var (
	dayPeriod = period{Name: "day",
		start: func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) },
		next:  func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }}
	weekPeriod = period{Name: "week",
		start: func(t time.Time) time.Time {
			d := t.UTC().Truncate(24 * time.Hour)
			return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
		},
		next: func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }}
	monthPeriod = period{Name: "month",
		start: func(t time.Time) time.Time {
			t = t.UTC()
			return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		},
		next: func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }}
)

// maxBins bounds the bars of a chart: 60 bars of a 390 px screen are
// 5 px apart, what a finger can still pick out beside the hover values.
const maxBins = 60

// pickPeriod returns the finest period that covers [first, last] in at
// most maxBins bins, and the start of each bin.
func pickPeriod(first, last time.Time) (period, []time.Time) {
	return pickPeriodMax(first, last, maxBins)
}

// pickPeriodMax is pickPeriod with at most n bins.
func pickPeriodMax(first, last time.Time, n int) (period, []time.Time) {
	for _, p := range []period{dayPeriod, weekPeriod} {
		if bins := p.bins(first, last); len(bins) <= n {
			return p, bins
		}
	}
	return monthPeriod, monthPeriod.bins(first, last)
}

// bins returns the start of every bin from the one holding first to the
// one holding last.
func (p period) bins(first, last time.Time) []time.Time {
	var out []time.Time
	for t := p.start(first); !t.After(last); t = p.next(t) {
		out = append(out, t)
		if len(out) > 10000 { // a range of centuries: the caller picks a coarser period
			break
		}
	}
	return out
}

// label names a bin for its hover value: "3 Mar 2024", "week of 4 Mar
// 2024", "March 2024".
func (p period) label(t time.Time) string {
	switch p.Name {
	case "week":
		return "week of " + fmtDate(t)
	case "month":
		return t.Format("January 2006")
	}
	return fmtDate(t)
}

// tick is a label of a chart's time axis.
type tick struct {
	X, Y  float64
	Label string
	// Minor ticks are left out on a narrow screen, where the labels
	// would overlap.
	Minor bool
	// End anchors the label at its end: the last labels of a chart
	// would otherwise run past its right edge.
	End bool
}

// ticks labels the bins that start a larger unit (a week for days, a
// month for weeks, a year for months), thinned to at most 8, every other
// one minor. x gives the left edge of bin i.
func (p period) ticks(bins []time.Time, x func(i int) float64) []tick {
	var idx []int
	for i, t := range bins {
		var starts bool
		switch p.Name {
		case "day":
			starts = t.Weekday() == time.Monday
		case "week":
			starts = i == 0 || t.Month() != bins[i-1].Month()
		default:
			starts = t.Month() == time.January || i == 0
		}
		if starts {
			idx = append(idx, i)
		}
	}
	step := (len(idx) + 7) / 8
	var out []tick
	lastYear := 0
	for k := 0; k < len(idx); k += max(step, 1) {
		i := idx[k]
		t := bins[i]
		var l string
		switch p.Name {
		case "day":
			l = t.Format("2 Jan")
		case "week":
			l = t.Format("Jan")
		default:
			l = t.Format("Jan")
		}
		if t.Year() != lastYear && (p.Name != "day" || len(out) == 0) {
			l = t.Format("Jan 2006")
			if p.Name == "day" {
				l = t.Format("2 Jan 2006")
			}
			lastYear = t.Year()
		}
		out = append(out, tick{X: x(i), Label: l, Minor: len(out)%2 == 1})
	}
	return out
}
