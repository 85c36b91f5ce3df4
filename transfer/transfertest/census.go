// Package transfertest takes the census of a store, so that tests of
// export and import can say what a move kept: the counts, and the links
// between articles named by their keys (ids change from store to store).
package transfertest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// Census is what a move from one store to another must keep.
type Census struct {
	Articles, Statements, Speakers, Sources, Feeds, SavedSearches int64
	Stories, Copies                                               int
	// CopyLinks are "copy key -> original key", sorted; an article's key
	// is its canonical URL, or h: and its content hash without one.
	CopyLinks []string
	// StoryGroups are each story's title and article keys, sorted.
	StoryGroups []string
	// SpeakerList is each speaker's name, type and statement count,
	// sorted.
	SpeakerList []string
	// Dates are each article's key, date and created time, sorted: an
	// undated article's date is its created time, which a move keeps.
	Dates []string
}

// Take reads the census of s: every article summary, story and speaker.
func Take(ctx context.Context, s rapporteur.Store) (*Census, error) {
	st, err := s.Stats(ctx)
	if err != nil {
		return nil, err
	}
	c := &Census{Articles: st.Articles, Statements: st.Statements, Speakers: st.Speakers,
		Sources: st.Sources, Feeds: st.Feeds, SavedSearches: st.SavedSearches}
	key := map[int64]string{}
	story := map[int64][]string{}
	type link struct{ copy, orig int64 }
	var links []link
	f := rapporteur.ArticleFilter{Order: rapporteur.OrderIngested, Duplicates: true, Limit: 1000}
	for {
		page, err := s.Articles(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Items {
			k := a.CanonicalURL
			if k == "" {
				k = "h:" + a.ContentHash
			}
			key[a.ID] = k
			if a.DuplicateOf != 0 {
				links = append(links, link{a.ID, a.DuplicateOf})
			}
			if a.StoryID != 0 {
				story[a.StoryID] = append(story[a.StoryID], k)
			}
			c.Dates = append(c.Dates, fmt.Sprintf("%s %s %s", k, a.Date.UTC().Format("2006-01-02T15:04:05"), a.Created.UTC().Format("2006-01-02T15:04:05")))
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	for _, l := range links {
		c.CopyLinks = append(c.CopyLinks, key[l.copy]+" -> "+key[l.orig])
	}
	c.Copies = len(links)
	sf := rapporteur.StoryFilter{Limit: 1000}
	for {
		page, err := s.Stories(ctx, sf)
		if err != nil {
			return nil, err
		}
		for _, so := range page.Items {
			members := story[so.ID]
			slices.Sort(members)
			c.StoryGroups = append(c.StoryGroups, so.Title+": "+strings.Join(members, " "))
		}
		if page.Next == "" {
			break
		}
		sf.Cursor = page.Next
	}
	c.Stories = len(c.StoryGroups)
	pf := rapporteur.SpeakerFilter{Limit: 1000}
	for {
		page, err := s.Speakers(ctx, pf)
		if err != nil {
			return nil, err
		}
		for _, sp := range page.Items {
			c.SpeakerList = append(c.SpeakerList, fmt.Sprintf("%s (%s) %d", sp.Name, sp.Type, sp.StatementCount))
		}
		if page.Next == "" {
			break
		}
		pf.Cursor = page.Next
	}
	for _, l := range [][]string{c.CopyLinks, c.StoryGroups, c.SpeakerList, c.Dates} {
		slices.Sort(l)
	}
	return c, nil
}

// Minus returns the census of what a store gained since it had before:
// after's counts less before's, and after's lists without before's
// entries (each entry once), so that a store that held something before
// an import compares with the store it came from.
func Minus(after, before *Census) *Census {
	c := *after
	c.Articles -= before.Articles
	c.Statements -= before.Statements
	c.Speakers -= before.Speakers
	c.Sources -= before.Sources
	c.Feeds -= before.Feeds
	c.SavedSearches -= before.SavedSearches
	c.Stories -= before.Stories
	c.Copies -= before.Copies
	minus := func(a, b []string) []string {
		out := []string{}
		for _, x := range a {
			if i, ok := slices.BinarySearch(b, x); ok {
				b = slices.Delete(slices.Clone(b), i, i+1)
				continue
			}
			out = append(out, x)
		}
		return out
	}
	c.CopyLinks = minus(after.CopyLinks, before.CopyLinks)
	c.StoryGroups = minus(after.StoryGroups, before.StoryGroups)
	c.SpeakerList = minus(after.SpeakerList, before.SpeakerList)
	c.Dates = minus(after.Dates, before.Dates)
	return &c
}

// Diff lists what differs between two censuses, "" when nothing does.
func Diff(a, b *Census) string {
	var out []string
	counts := []struct {
		name string
		a, b int64
	}{
		{"articles", a.Articles, b.Articles}, {"statements", a.Statements, b.Statements},
		{"speakers", a.Speakers, b.Speakers}, {"sources", a.Sources, b.Sources}, {"feeds", a.Feeds, b.Feeds},
		{"saved searches", a.SavedSearches, b.SavedSearches},
		{"stories", int64(a.Stories), int64(b.Stories)}, {"copies", int64(a.Copies), int64(b.Copies)},
	}
	for _, c := range counts {
		if c.a != c.b {
			out = append(out, fmt.Sprintf("%s: %d, then %d", c.name, c.a, c.b))
		}
	}
	lists := []struct {
		name string
		a, b []string
	}{
		{"copy link", a.CopyLinks, b.CopyLinks}, {"story", a.StoryGroups, b.StoryGroups},
		{"speaker", a.SpeakerList, b.SpeakerList}, {"date", a.Dates, b.Dates},
	}
	for _, l := range lists {
		for _, x := range l.a {
			if _, ok := slices.BinarySearch(l.b, x); !ok {
				out = append(out, fmt.Sprintf("%s lost: %s", l.name, x))
			}
		}
		for _, x := range l.b {
			if _, ok := slices.BinarySearch(l.a, x); !ok {
				out = append(out, fmt.Sprintf("%s gained: %s", l.name, x))
			}
		}
	}
	if len(out) > 20 {
		out = append(out[:20], fmt.Sprintf("… and %d more", len(out)-20))
	}
	return strings.Join(out, "\n")
}
