package http

import (
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTimeline(t *testing.T) {
	if newTimeline(nil) != nil {
		t.Error("no days should give no chart")
	}
	cases := []struct {
		name      string
		days      []rapporteur.DayCount
		bars, max int
		per       string
	}{
		{"one day is one bar in a month", []rapporteur.DayCount{{Day: day("2019-01-07"), Count: 8}}, 1, 8, "day"},
		{"gaps stay gaps", []rapporteur.DayCount{{Day: day("2019-01-01"), Count: 1}, {Day: day("2019-01-20"), Count: 3}}, 2, 3, "day"},
		{"years are grouped", []rapporteur.DayCount{{Day: day("2019-01-01"), Count: 2}, {Day: day("2019-01-02"), Count: 2}, {Day: day("2020-12-31"), Count: 1}}, 2, 4, "7 days"},
	}
	for _, c := range cases {
		tl := newTimeline(c.days)
		if len(tl.Bars) != c.bars || tl.Max != c.max || tl.Per != c.per {
			t.Errorf("%s: %d bars, max %d, per %q; want %d, %d, %q", c.name, len(tl.Bars), tl.Max, tl.Per, c.bars, c.max, c.per)
		}
		total := 0
		for _, d := range c.days {
			total += d.Count
		}
		if tl.Total != total {
			t.Errorf("%s: total %d, want %d", c.name, tl.Total, total)
		}
		for _, b := range tl.Bars {
			if b.X < float64(tl.Left) || b.X+b.W > float64(tl.Width) || b.Y < float64(tl.PlotTop)-0.01 || b.Y+b.H > float64(tl.Base)+0.01 || b.W <= 0 {
				t.Errorf("%s: bar %+v outside the plot", c.name, b)
			}
		}
	}
}
