package transfer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/transfer"
)

// memTarget is a Target that keeps nothing but counts, fast enough to fuzz
// Import with: every put is created under the next id, every link and
// feed is accepted.
type memTarget struct {
	puts, links int
	feeds       []*rapporteur.Feed
	saved       []*rapporteur.SavedSearch
}

func (m *memTarget) PutArticles(_ context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	res := make([]rapporteur.PutResult, len(items))
	for i := range items {
		m.puts++
		res[i] = rapporteur.PutResult{ID: int64(m.puts), Status: rapporteur.PutCreated}
	}
	return res, make([]error, len(items))
}

func (m *memTarget) LinkArticles(_ context.Context, links []rapporteur.LinkItem) error {
	for _, l := range links {
		if l.ID <= 0 || l.ID > int64(m.puts) || l.Link.DuplicateOf < 0 || l.Link.DuplicateOf > int64(m.puts) {
			return rapporteur.Errorf(rapporteur.ENOTFOUND, "no article %d", l.ID)
		}
	}
	m.links += len(links)
	return nil
}

func (m *memTarget) Feeds(context.Context) ([]*rapporteur.Feed, error) { return m.feeds, nil }

func (m *memTarget) CreateFeed(_ context.Context, f *rapporteur.Feed) error {
	for _, g := range m.feeds {
		if g.URL == f.URL {
			return rapporteur.Errorf(rapporteur.ECONFLICT, "feed %s exists", f.URL)
		}
	}
	f.ID = int64(len(m.feeds) + 1)
	m.feeds = append(m.feeds, f)
	return nil
}

func (m *memTarget) UpdateFeed(context.Context, *rapporteur.Feed) error { return nil }

func (m *memTarget) SavedSearches(context.Context) ([]*rapporteur.SavedSearch, error) {
	return m.saved, nil
}

func (m *memTarget) CreateSavedSearch(_ context.Context, s *rapporteur.SavedSearch) error {
	s.ID = int64(len(m.saved) + 1)
	m.saved = append(m.saved, s)
	return nil
}

func (m *memTarget) UpdateSavedSearch(context.Context, *rapporteur.SavedSearch) error { return nil }

// FuzzImport: whatever the file, Import does not panic, stops only with a
// *LineError naming a line of the file, and stores every article line it
// counts, each once.
func FuzzImport(f *testing.F) {
	f.Add(`{"feed": {"id": 3, "url": "https://news.test/feed.xml"}}` + "\n" +
		`{"id": 2, "title": "A", "text": "x", "feed_id": 3, "duplicate_of": 5, "story": {"key": "5", "title": "S"}}` + "\n" +
		`{"id": 5, "title": "B", "text": "y", "story": {"key": "5", "title": "S"}}` + "\n" +
		`{"saved_search": {"id": 1, "name": "n", "query": "q", "delivered": 4}, "webhook_secret": "s"}` + "\n")
	f.Add(`{"id": 1, "text": "a"}` + "\n" + `{"id": 1, "text": "b"}` + "\n" + `{"id": 0, "text": "c", "duplicate_of": 1}`)
	f.Add(`{"id": 9, "text": "a", "story": {"key": "imported:3"}}` + "\n\n  \n" + `{"text": "cut`)
	f.Add("[1]\n")
	f.Add(`{"saved_search": {}}`)
	f.Fuzz(func(t *testing.T, in string) {
		m := &memTarget{}
		n, err := transfer.Import(context.Background(), m, strings.NewReader(in), transfer.ImportOptions{Batch: 2})
		if err != nil {
			var le *transfer.LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is no line error", err)
			}
			if lines := strings.Count(in, "\n") + 1; le.Line < 1 || le.Line > lines {
				t.Fatalf("line %d of a %d-line input", le.Line, lines)
			}
		}
		if n.Articles != m.puts || n.Created != m.puts {
			t.Fatalf("counted %d articles (%d created), stored %d", n.Articles, n.Created, m.puts)
		}
		if n.Copies+n.InStory > 2*m.puts {
			t.Fatalf("%d copies and %d in stories for %d articles", n.Copies, n.InStory, m.puts)
		}
	})
}
