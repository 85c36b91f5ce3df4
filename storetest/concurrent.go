package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Handles returns n handles on one new, empty store, as n processes
// would each open it (package postgres: n connection pools, n writers).
type Handles func(t *testing.T, n int) []rapporteur.Store

// RunConcurrentWriters checks that writers in several processes, putting
// the same articles at once (the same speakers, the same wire copies, a
// second version of each) while the linker marks the copies, leave the
// store exactly as one writer putting them in turn does: each article
// once, each speaker once with every statement counted once (copies left
// out), each source counted once per article, and the totals right.
func RunConcurrentWriters(t *testing.T, open Handles) {
	const writers = 4
	originals, copies := concurrentCorpus("first")
	updated, updatedCopies := concurrentCorpus("second")
	all := append(append([]rapporteur.Article(nil), originals...), copies...)
	allUpdated := append(append([]rapporteur.Article(nil), updated...), updatedCopies...)

	serial := open(t, 1)[0]
	for _, phase := range [][]rapporteur.Article{all, allUpdated} {
		for _, a := range phase {
			put(t, serial, a)
		}
	}
	linkCopies(t, serial, originals, copies)
	want := contents(t, serial)

	stores := open(t, writers)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	stop := make(chan struct{})
	// The linker, in a process of its own, links each copy as soon as it
	// and its original are stored, over and over, while the writers
	// store and then update them.
	linked := make(chan struct{})
	go func() {
		defer close(linked)
		for {
			for i, c := range copies {
				cp, err1 := stores[0].ArticleIDByURL(ctx, c.URL)
				orig, err2 := stores[0].ArticleIDByURL(ctx, originals[i].URL)
				if err1 != nil || err2 != nil {
					continue
				}
				if err := stores[0].LinkArticle(ctx, cp, rapporteur.ArticleLink{DuplicateOf: orig, Similarity: 1}); err != nil {
					errs <- fmt.Errorf("link %s: %w", c.URL, err)
					return
				}
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	for _, phase := range [][]rapporteur.Article{all, allUpdated} {
		for w, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Every writer puts every article, in an order of its
				// own, three at a time (a transaction each).
				order := slices.Clone(phase)
				rand.New(rand.NewPCG(uint64(w), 7)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
				for len(order) > 0 {
					n := min(3, len(order))
					items := make([]rapporteur.PutItem, n)
					for i := range n {
						items[i] = rapporteur.PutItem{Article: order[i]}
					}
					_, perrs := s.PutArticles(ctx, items)
					for i, err := range perrs {
						if err != nil {
							errs <- fmt.Errorf("writer %d: put %s: %w", w, order[i].URL, err)
						}
					}
					order = order[n:]
				}
			}()
		}
		wg.Wait()
	}
	close(stop)
	<-linked
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	linkCopies(t, stores[1], originals, copies)
	if got := contents(t, stores[2]); got != want {
		t.Errorf("after %d concurrent writers:\n%s\nafter one writer:\n%s", writers, got, want)
	}
}

// concurrentCorpus returns articles that share speakers (two persons and
// an organization in many, a lone surname in some, one speaker of their
// own each) and sources, and a wire copy of some of them under another
// outlet; version names the text, so that a second version updates them.
func concurrentCorpus(version string) (originals, copies []rapporteur.Article) {
	date := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range 16 {
		text := fmt.Sprintf("Joe Biden said \"we will act on matter %d now\" on Monday. "+
			"Angela Merkel said \"matter %d concerns all of Europe\". "+
			"The World Health Organization said \"the %s report on matter %d is out\". "+
			"Local official Person%d Quoted said \"I saw matter %d myself\".", i, i, version, i, i, i)
		quotes := []Quote{
			{Content: fmt.Sprintf("we will act on matter %d now", i), Speaker: "Joe Biden"},
			{Content: fmt.Sprintf("matter %d concerns all of Europe", i), Speaker: "Angela Merkel"},
			{Content: fmt.Sprintf("the %s report on matter %d is out", version, i), Speaker: "World Health Organization", Type: rapporteur.Organization},
			{Content: fmt.Sprintf("I saw matter %d myself", i), Speaker: fmt.Sprintf("Person%d Quoted", i)},
		}
		if i%4 == 1 {
			text += fmt.Sprintf(" Biden added \"matter %d is settled\".", i)
			quotes = append(quotes, Quote{Content: fmt.Sprintf("matter %d is settled", i), Speaker: "Biden"})
		}
		url := fmt.Sprintf("https://outlet%d.example.com/news/%d", i%3, i)
		a := Article(url, fmt.Sprintf("Matter %d (%s)", i, version), text, date.Add(time.Duration(i)*time.Hour), quotes...)
		originals = append(originals, a)
		if i%2 == 0 {
			c := a
			c.URL = fmt.Sprintf("https://wire.example.com/copy/%d", i)
			copies = append(copies, c)
		}
	}
	return originals, copies
}

// linkCopies links each copy to the original it copies.
func linkCopies(t *testing.T, s rapporteur.Store, originals, copies []rapporteur.Article) {
	t.Helper()
	for _, c := range copies {
		cp, err := s.ArticleIDByURL(ctx, c.URL)
		if err != nil {
			t.Fatalf("copy %s: %v", c.URL, err)
		}
		var orig int64
		for _, o := range originals {
			if o.Text == c.Text {
				if orig, err = s.ArticleIDByURL(ctx, o.URL); err != nil {
					t.Fatalf("original %s: %v", o.URL, err)
				}
			}
		}
		if err := s.LinkArticle(ctx, cp, rapporteur.ArticleLink{DuplicateOf: orig, Similarity: 1}); err != nil {
			t.Fatal(err)
		}
	}
}

// contents describes what a user sees of a store, without its ids: the
// totals, each article with its statements' speakers and what it copies,
// each speaker with its count and span, each source with its count.
func contents(t *testing.T, s rapporteur.Store) string {
	t.Helper()
	var lines []string
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, fmt.Sprintf("totals: %d articles, %d statements, %d speakers, %d sources",
		st.Articles, st.Statements, st.Speakers, st.Sources))
	p, err := s.Articles(ctx, rapporteur.ArticleFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	url := map[int64]string{}
	for _, a := range p.Items {
		url[a.ID] = a.URL
	}
	for _, item := range p.Items {
		a, err := s.Article(ctx, item.ID)
		if err != nil {
			t.Fatal(err)
		}
		var speakers []string
		for _, st := range a.Statements {
			speakers = append(speakers, st.SpeakerCanonical)
		}
		lines = append(lines, fmt.Sprintf("article %s %q copies %q: %s", a.URL, a.Title, url[a.DuplicateOf], strings.Join(speakers, ", ")))
	}
	sp, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range sp.Items {
		lines = append(lines, fmt.Sprintf("speaker %s (%s): %d statements, %s to %s", x.Name, x.Type, x.StatementCount,
			x.FirstSeen.Format(time.DateTime), x.LastSeen.Format(time.DateTime)))
	}
	src, err := s.Sources(ctx, rapporteur.SourceFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range src.Items {
		lines = append(lines, fmt.Sprintf("source %s: %d articles", x.Name, x.ArticleCount))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
