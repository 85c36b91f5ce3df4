package storylink_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storylink"
)

// linkedStore is a store the links test runs on: a TxBackend (sqlite.DB,
// postgres.DB) whose articles and storylines it reads back.
type linkedStore interface {
	storylink.Backend
	storylink.TxBackend
	Storyline(ctx context.Context, storyID int64) (*rapporteur.Storyline, error)
	Close() error
}

// linkedState is what a user sees of the links of the sample: each
// article's original, story and storyline, named by the articles' own
// ids so that two stores compare.
func linkedState(t *testing.T, db linkedStore, arts []rapporteur.Article, idOf map[string]int64) map[string][3]string {
	t.Helper()
	ctx := context.Background()
	name := map[int64]string{}
	for _, a := range arts {
		name[idOf[a.ID]] = a.ID
	}
	// A story is named by its first article in the sample's order.
	storyName := map[int64]string{}
	out := map[string][3]string{}
	for _, a := range arts {
		got, err := db.Article(ctx, idOf[a.ID])
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := storyName[got.StoryID]; !ok {
			storyName[got.StoryID] = a.ID
		}
		line, err := db.Storyline(ctx, got.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		var first string
		if len(line.Stories) > 0 {
			first = line.Stories[0].Title
		}
		out[a.ID] = [3]string{name[got.DuplicateOf], storyName[got.StoryID], first}
	}
	return out
}

// TestTxBackendLinksAsBackend: recording the links in the transaction
// that stores the articles (sqlite.DB is a TxBackend) links the sample
// exactly as recording them after, in transactions of their own (a
// Backend alone), in batches of the sizes ingest makes, stories merging
// as they go; and a batch
// whose links were lost with a failed transaction is relinked.
func TestTxBackendLinksAsBackend(t *testing.T) {
	testTxLinks(t, func(t *testing.T) linkedStore {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// testTxLinks runs TestTxBackendLinksAsBackend on the stores open gives,
// each empty.
func testTxLinks(t *testing.T, open func(t *testing.T) linkedStore) {
	ctx := context.Background()
	arts, _ := sample(t)
	// Shuffled, as an archive comes: stories then merge as they
	// converge, which the links must follow.
	rand.New(rand.NewPCG(13, 5)).Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
	run := func(wrap func(linkedStore) storylink.Backend) map[string][3]string {
		db := open(t)
		defer db.Close()
		w, err := storylink.NewWriter(ctx, wrap(db), storylink.Options{RelinkIdle: -1, RelinkAfter: -1})
		if err != nil {
			t.Fatal(err)
		}
		idOf := map[string]int64{}
		for i, size := 0, 1; i < len(arts); i, size = i+size, size*2%61+1 {
			var items []rapporteur.PutItem
			for _, a := range arts[i:min(i+size, len(arts))] {
				items = append(items, rapporteur.PutItem{Article: a})
			}
			results, errs := w.PutArticles(ctx, items)
			for k, res := range results {
				if errs[k] != nil {
					t.Fatal(errs[k])
				}
				idOf[items[k].Article.ID] = res.ID
			}
		}
		return linkedState(t, db, arts, idOf)
	}
	tx := run(func(db linkedStore) storylink.Backend { return db })
	apart := run(func(db linkedStore) storylink.Backend { return struct{ storylink.Backend }{db} })
	lost := run(func(db linkedStore) storylink.Backend { return losingBackend{db} })
	copies := 0
	for _, a := range arts {
		if tx[a.ID] != apart[a.ID] {
			t.Errorf("%s: in the transaction %q, apart %q", a.ID, tx[a.ID], apart[a.ID])
		}
		// The relinking pass names stories afresh: their titles may
		// differ, the groups not.
		if l, w := lost[a.ID], apart[a.ID]; l[0] != w[0] || l[1] != w[1] {
			t.Errorf("%s: relinked after lost links %q, apart %q", a.ID, lost[a.ID], apart[a.ID])
		}
		if tx[a.ID][0] != "" {
			copies++
		}
	}
	if copies == 0 {
		t.Fatal("the sample linked no copy: the test shows nothing")
	}
}

// losingBackend is a TxBackend whose every transaction with links fails
// after the linker ran: the articles are stored without them.
type losingBackend struct{ linkedStore }

func (b losingBackend) PutArticlesLinked(ctx context.Context, items []rapporteur.PutItem,
	link func([]rapporteur.PutResult, []error) rapporteur.LinkBatch) ([]rapporteur.PutResult, []error, bool) {
	res, errs := b.linkedStore.PutArticles(ctx, items)
	link(res, errs)
	return res, errs, false
}

// TestRelinkFromCache: a relinking pass links from the inputs the Writer
// kept of the articles it linked, reading none back from the store; a new
// Writer's start-up pass, which reads them all from the store, then finds
// nothing to change.
func TestRelinkFromCache(t *testing.T) {
	ctx := context.Background()
	arts, _ := sample(t)
	rand.New(rand.NewPCG(7, 1)).Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counted := &countingBackend{DB: db}
	opt := storylink.Options{Rebuild: 2 * len(arts), RelinkIdle: -1, RelinkAfter: -1}
	w, err := storylink.NewWriter(ctx, counted, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(arts); i += 16 {
		var items []rapporteur.PutItem
		for _, a := range arts[i:min(i+16, len(arts))] {
			items = append(items, rapporteur.PutItem{Article: a})
		}
		if _, errs := w.PutArticles(ctx, items); errs[0] != nil {
			t.Fatal(errs[0])
		}
	}
	if _, err := w.Relink(ctx, 2*len(arts)); err != nil {
		t.Fatal(err)
	}
	if counted.reads != 0 {
		t.Errorf("the pass read %d articles from the store, want none", counted.reads)
	}
	w.Stop()
	var logged []string
	opt.Logger = slog.New(slog.NewTextHandler(writerFunc(func(p []byte) { logged = append(logged, string(p)) }), nil))
	if _, err := storylink.NewWriter(ctx, counted, opt); err != nil {
		t.Fatal(err)
	}
	if counted.reads != len(arts) {
		t.Errorf("the start-up pass read %d articles from the store, want %d", counted.reads, len(arts))
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "changed=0") {
		t.Errorf("the start-up pass after a pass from the cache: %q, want changed=0", logged)
	}
}

// countingBackend counts the articles read one by one.
type countingBackend struct {
	*sqlite.DB
	reads int
}

func (b *countingBackend) Article(ctx context.Context, id int64) (*rapporteur.StoredArticle, error) {
	b.reads++
	return b.DB.Article(ctx, id)
}

type writerFunc func([]byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }
