package rapporteur

import "fmt"

// Period says when a role was seen, as a reader of the speaker page wants
// it (issue 10, descriptions over time): the years when it spans more
// than one ("2019–2020"), else the months ("Sep–Nov 2020"), else the month
// ("Oct 2020"). Dates are the articles' dates, in UTC.
func (r SpeakerRole) Period() string {
	f, l := r.FirstSeen.UTC(), r.LastSeen.UTC()
	switch {
	case f.IsZero():
		return ""
	case l.Year() != f.Year():
		return fmt.Sprintf("%d–%d", f.Year(), l.Year())
	case l.Month() != f.Month():
		return fmt.Sprintf("%s–%s %d", f.Format("Jan"), l.Format("Jan"), f.Year())
	}
	return f.Format("Jan 2006")
}
