package rapporteur

import (
	"testing"
	"time"
)

func TestSpeakerRolePeriod(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		first, last time.Time
		want        string
	}{
		{day(2019, 4, 26), day(2020, 12, 1), "2019–2020"},
		{day(2020, 9, 3), day(2020, 11, 20), "Sep–Nov 2020"},
		{day(2020, 10, 22), day(2020, 10, 22), "Oct 2020"},
		{time.Time{}, time.Time{}, ""},
	} {
		if got := (SpeakerRole{FirstSeen: c.first, LastSeen: c.last}).Period(); got != c.want {
			t.Errorf("%v – %v: %q, want %q", c.first, c.last, got, c.want)
		}
	}
}
