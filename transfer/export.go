package transfer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/rapporteur/rapporteur"
)

// Source is what Export reads of a store; rapporteur.Store has it all.
type Source interface {
	Feeds(ctx context.Context) ([]*rapporteur.Feed, error)
	// Articles gives the newest stored id, where the walk ends.
	Articles(ctx context.Context, f rapporteur.ArticleFilter) (rapporteur.Page[*rapporteur.StoredArticle], error)
	Article(ctx context.Context, id int64) (*rapporteur.StoredArticle, error)
	// Related gives an article's story with its key and title.
	Related(ctx context.Context, articleID int64) (*rapporteur.Related, error)
	SavedSearches(ctx context.Context) ([]*rapporteur.SavedSearch, error)
}

// NoteSource is a store with notes (issue 15), which Export writes after
// the articles they are on.
type NoteSource interface {
	AllNotes(ctx context.Context, afterID int64, limit int, status string) ([]*rapporteur.Note, error)
}

// ExportOptions configure Export; the zero value is fine.
type ExportOptions struct {
	// OnTotal, if set, is told the newest article id before the walk,
	// and OnArticle each id walked (stored or not), for a progress bar.
	OnTotal   func(maxID int64)
	OnArticle func(id int64)
}

// storyCacheSize bounds the story keys Export remembers: the articles of
// a story are stored close together, so a small cache asks the store for
// a story about once, whatever the number of stories.
const storyCacheSize = 4096

// Export writes the store's feeds, then its articles in storing order,
// then its notes and its saved searches (which name articles), as JSON
// Lines to w. Articles stored after the export started are left out;
// an article updated during it is written as it was when read.
func Export(ctx context.Context, src Source, w io.Writer, opt ExportOptions) (Counts, error) {
	var c Counts
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	feeds, err := src.Feeds(ctx)
	if err != nil {
		return c, fmt.Errorf("export feeds: %w", err)
	}
	for _, f := range feeds {
		if err := enc.Encode(Record{Feed: f}); err != nil {
			return c, writeErr(err)
		}
		c.Feeds++
	}
	newest, err := src.Articles(ctx, rapporteur.ArticleFilter{Order: rapporteur.OrderIngested, Duplicates: true, Limit: 1})
	if err != nil {
		return c, fmt.Errorf("export: newest article: %w", err)
	}
	var maxID int64
	if len(newest.Items) > 0 {
		maxID = newest.Items[0].ID
	}
	if opt.OnTotal != nil {
		opt.OnTotal(maxID)
	}
	stories := map[int64]*StoryRef{}
	// Ids grow in storing order, so walking them in order exports in
	// storing order, which Import keeps; a store has no list that
	// ascends, and an id that is no article (a gap) costs one lookup.
	for id := int64(1); id <= maxID; id++ {
		if err := ctx.Err(); err != nil {
			return c, err
		}
		a, err := src.Article(ctx, id)
		if rapporteur.ErrorCode(err) == rapporteur.ENOTFOUND {
			if opt.OnArticle != nil {
				opt.OnArticle(id)
			}
			continue
		} else if err != nil {
			return c, fmt.Errorf("export article %d: %w", id, err)
		}
		rec := Record{StoredArticle: a}
		if a.StoryID != 0 {
			ref, ok := stories[a.StoryID]
			if !ok {
				rel, err := src.Related(ctx, id)
				if err != nil {
					return c, fmt.Errorf("export article %d: story: %w", id, err)
				}
				if rel.Story != nil {
					ref = &StoryRef{Key: rel.Story.Key, Title: rel.Story.Title}
				}
				if len(stories) >= storyCacheSize {
					clear(stories)
				}
				stories[a.StoryID] = ref
			}
			rec.Story = ref
		}
		if err := enc.Encode(rec); err != nil {
			return c, writeErr(err)
		}
		c.Articles++
		c.Statements += len(a.Statements)
		if a.DuplicateOf != 0 {
			c.Copies++
		}
		if rec.Story != nil {
			c.InStory++
		}
		if opt.OnArticle != nil {
			opt.OnArticle(id)
		}
	}
	if ns, ok := src.(NoteSource); ok {
		if err := exportNotes(ctx, ns, enc, maxID, &c); err != nil {
			return c, err
		}
	}
	saved, err := src.SavedSearches(ctx)
	if err != nil {
		return c, fmt.Errorf("export saved searches: %w", err)
	}
	for _, ss := range saved {
		if err := enc.Encode(Record{SavedSearch: &SavedSearch{SavedSearch: ss, WebhookSecret: ss.WebhookSecret}}); err != nil {
			return c, writeErr(err)
		}
		c.SavedSearches++
	}
	if err := bw.Flush(); err != nil {
		return c, writeErr(err)
	}
	return c, nil
}

// exportNotes writes the notes on the articles exported (up to maxID), a
// page at a time, oldest first.
func exportNotes(ctx context.Context, ns NoteSource, enc *json.Encoder, maxID int64, c *Counts) error {
	const page = 500
	var after int64
	for {
		notes, err := ns.AllNotes(ctx, after, page, "")
		if err != nil {
			return fmt.Errorf("export notes: %w", err)
		}
		for _, n := range notes {
			after = n.ID
			if n.ArticleID > maxID {
				continue // on an article stored after the walk began
			}
			n.StatementID = 0 // the quote names the statement
			if err := enc.Encode(Record{Note: n}); err != nil {
				return writeErr(err)
			}
			c.Notes++
		}
		if len(notes) < page {
			return nil
		}
	}
}

// writeErr classifies a failed write of the output: the disk is full or
// the reader went away, which the user must see as such.
func writeErr(err error) error {
	return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "export: write: %w", err)
}
