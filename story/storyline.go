package story

import (
	"cmp"
	"slices"
)

// Storylines are the level above stories: events that follow from each
// other (a pullout, then the first attack after it; a sentence, the
// execution, then the co-defendants' execution). A story is one event
// and its coverage; a storyline joins two stories when an article of one
// is close to the other by a looser measure than the one that makes an
// article join a story: its cosine decayed over LineDays instead of
// DecayDays, and at least LineThreshold, whoever their headlines name.
// Two of a series (see series) are never one storyline, nor are an
// article and a story whose headlines name places and share none (the
// place rule of stories, PlaceMismatch, with the places of the headlines
// of the article's own story added to the article's): like events are
// not consequences of each other. The place rule took the 2020
// primaries, Tropical Storm Barry and other like events of other places
// out of the storylines of the demo; on the storyline gold
// (BENCHMARKS.md) it costs five true pairs of events in two countries
// (Iran's downing of a jet after the killing of Soleimani in Iraq) and
// removes 72 false ones.
//
// A storyline is named by one of its stories' IDs: the story that began
// first. Clusters keeps them as a union-find over story IDs, which stories
// merged into others resolve through.

// lineRoot returns the ID of the storyline of story id.
func (c *Clusters) lineRoot(id string) string {
	id = c.Resolve(id)
	var path []string
	for {
		p, ok := c.lines[id]
		if !ok {
			return id
		}
		p = c.Resolve(p)
		if p == id || slices.Contains(path, p) {
			// A merge of two stories of one storyline turned the chain
			// into a loop: cut it here, this story is the root.
			delete(c.lines, id)
			return id
		}
		path = append(path, id)
		id = p
	}
}

// joinLines puts the storylines of stories a and b together and returns
// the storyline's ID; the storyline that began first gives its name.
func (c *Clusters) joinLines(a, b string) string {
	ra, rb := c.lineRoot(a), c.lineRoot(b)
	if ra == rb {
		return ra
	}
	keep, gone := ra, rb
	if c.began(rb, ra) {
		keep, gone = rb, ra
	}
	c.lines[gone] = keep
	if c.onLineMerge != nil {
		c.onLineMerge(gone, keep)
	}
	return keep
}

// began says whether story a began before story b: by first date when
// both are open and dated, else by ID (shorter first, as store IDs are
// numbers).
func (c *Clusters) began(a, b string) bool {
	sa, sb := c.byID(a), c.byID(b)
	if sa != nil && sb != nil && !sa.first.IsZero() && !sb.first.IsZero() && !sa.first.Equal(sb.first) {
		return sa.first.Before(sb.first)
	}
	if x := cmp.Compare(len(a), len(b)); x != 0 {
		return x < 0
	}
	return a < b
}
