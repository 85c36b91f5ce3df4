package query

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseDate reads the value of a date: term: a range FROM..TO of dates
// (either end may be left out), one date, or an ISO 8601 duration back from
// now. A date is YYYY, YYYY-MM or YYYY-MM-DD in UTC and covers that whole
// year, month or day, so 2022-08-01..2022-09-30 includes September 30.
func parseDate(v string, now time.Time) (*Date, error) {
	if strings.HasPrefix(v, "P") || strings.HasPrefix(v, "p") {
		d, err := parseDuration(v)
		if err != nil {
			return nil, err
		}
		return &Date{From: d.before(now)}, nil
	}
	from, to, isRange := strings.Cut(v, "..")
	if !isRange {
		start, end, err := period(v)
		if err != nil {
			return nil, err
		}
		if !start.Before(end) {
			return nil, fmt.Errorf("%q is an instant, not a period; write a range such as %s..", v, v)
		}
		return &Date{From: start, To: end}, nil
	}
	if from == "" && to == "" {
		return nil, fmt.Errorf("date range %q has no dates", v)
	}
	d := &Date{}
	if from != "" {
		start, _, err := period(from)
		if err != nil {
			return nil, err
		}
		d.From = start
	}
	if to != "" {
		_, end, err := period(to)
		if err != nil {
			return nil, err
		}
		d.To = end
	}
	if !d.From.IsZero() && !d.To.IsZero() && !d.From.Before(d.To) {
		return nil, fmt.Errorf("date range %q ends before it starts", v)
	}
	return d, nil
}

// period returns the start and the end (exclusive) of a year, month or day;
// an RFC 3339 instant (as Date.String prints) starts and ends at itself.
func period(s string) (time.Time, time.Time, error) {
	if len(s) > 10 {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, t, nil
		}
	}
	for _, f := range []struct {
		layout string
		y, m   int
		d      int
	}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		if len(s) != len(f.layout) {
			continue
		}
		t, err := time.Parse(f.layout, s)
		if err != nil {
			break
		}
		return t, t.AddDate(f.y, f.m, f.d), nil
	}
	return time.Time{}, time.Time{}, fmt.Errorf("%q is not a date", s)
}

// duration is an ISO 8601 duration, kept in calendar units so that P1M
// means a month back on the calendar.
type duration struct {
	years, months, days int
	clock               time.Duration
}

func (d duration) before(now time.Time) time.Time {
	return now.AddDate(-d.years, -d.months, -d.days).Add(-d.clock)
}

// parseDuration reads PnYnMnWnDTnHnMnS (each part optional, at least one).
func parseDuration(s string) (duration, error) {
	var d duration
	rest := strings.ToUpper(s[1:])
	if rest == "" || rest == "T" {
		return d, fmt.Errorf("duration %q has no length", s)
	}
	inTime := false
	parts := 0
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return d, fmt.Errorf("duration %q has two T", s)
			}
			inTime = true
			rest = rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) || i > 6 {
			return d, fmt.Errorf("duration %q is not like P7D or PT12H", s)
		}
		n, _ := strconv.Atoi(rest[:i])
		unit := rest[i]
		rest = rest[i+1:]
		parts++
		switch {
		case !inTime && unit == 'Y':
			d.years += n
		case !inTime && unit == 'M':
			d.months += n
		case !inTime && unit == 'W':
			d.days += 7 * n
		case !inTime && unit == 'D':
			d.days += n
		case inTime && unit == 'H':
			d.clock += time.Duration(n) * time.Hour
		case inTime && unit == 'M':
			d.clock += time.Duration(n) * time.Minute
		case inTime && unit == 'S':
			d.clock += time.Duration(n) * time.Second
		default:
			return d, fmt.Errorf("duration %q has an unknown unit %q", s, string(unit))
		}
	}
	if parts == 0 {
		return d, fmt.Errorf("duration %q has no length", s)
	}
	return d, nil
}
