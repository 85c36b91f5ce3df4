package http

import (
	"strings"
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
	if newTimeline(nil, 1) != nil {
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
		{"a season is in weeks", []rapporteur.DayCount{{Day: day("2019-01-01"), Count: 2}, {Day: day("2019-01-06"), Count: 2}, {Day: day("2019-01-07"), Count: 1}, {Day: day("2019-05-01"), Count: 1}}, 3, 4, "week"},
		{"years are in months", []rapporteur.DayCount{{Day: day("2019-01-01"), Count: 2}, {Day: day("2019-01-02"), Count: 2}, {Day: day("2020-12-31"), Count: 1}}, 2, 4, "month"},
	}
	for _, c := range cases {
		tl := newTimeline(c.days, 8)
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
		if len(tl.Ticks) == 0 {
			t.Errorf("%s: no labels on the time axis", c.name)
		}
		for _, b := range tl.Bars {
			if !strings.HasPrefix(b.URL, "/search?") || !strings.Contains(b.URL, "speaker=8") || !strings.Contains(b.URL, "from=") || !strings.Contains(b.URL, "to=") {
				t.Errorf("%s: bar %q links to %q, not its period's statements", c.name, b.Label, b.URL)
			}
			if b.X < float64(tl.Left) || b.X+b.W > float64(tl.Width) || b.Y < float64(tl.PlotTop)-0.01 || b.Y+b.H > float64(tl.Base)+0.01 || b.W <= 0 {
				t.Errorf("%s: bar %+v outside the plot", c.name, b)
			}
		}
	}
}

// TestTimelineBarLinks: a bar links to exactly the days it counts, a week
// from Monday to Sunday, a month from its first to its last day.
func TestTimelineBarLinks(t *testing.T) {
	for _, c := range []struct {
		days     []rapporteur.DayCount
		from, to string
	}{
		{[]rapporteur.DayCount{{Day: day("2024-03-06"), Count: 1}, {Day: day("2024-06-20"), Count: 1}}, "from=2024-03-04", "to=2024-03-10"},
		{[]rapporteur.DayCount{{Day: day("2022-02-14"), Count: 1}, {Day: day("2024-06-20"), Count: 1}}, "from=2022-02-01", "to=2022-02-28"},
		{[]rapporteur.DayCount{{Day: day("2024-03-06"), Count: 1}}, "from=2024-03-06", "to=2024-03-06"},
	} {
		tl := newTimeline(c.days, 3)
		if u := tl.Bars[0].URL; !strings.Contains(u, c.from) || !strings.Contains(u, c.to) {
			t.Errorf("first bar of %v links to %s, want %s and %s", c.days, u, c.from, c.to)
		}
	}
}
