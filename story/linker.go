package story

import (
	"iter"
	"sort"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Config sets up a Linker; zero fields take their defaults.
type Config struct {
	Dup     DupConfig
	Cluster ClusterConfig
	// OnMerge, when set, is called when story from joins story into, so a
	// store can relabel the articles it keeps under from. It runs under
	// the Linker's lock and must not call the Linker.
	OnMerge func(from, into string)
}

// Link is what the linker says of one article.
type Link struct {
	ID string `json:"id"`
	// DuplicateOf is the first copy of the same wire story (or the copy
	// whose credits name an agency), "" when the article is no copy.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Similarity is the share of the shorter text found in the other
	// (see Match.Score), 0 when the article is no copy.
	Similarity float64 `json:"similarity,omitempty"`
	// Story is the ID of the article's story when it was added: the ID of
	// the story's first article. Stories merge later; Linker.Resolve gives
	// the current ID.
	Story string `json:"story"`
	// StorySimilarity is the article's time-decayed similarity to its
	// story's centroid when it joined (1 for the first article).
	StorySimilarity float64 `json:"story_similarity"`
}

// Story describes one story.
type Story struct {
	ID string `json:"id"`
	// Title is the title of the story's most central article (the one
	// most similar to the story's centroid when it joined), CentralID its
	// ID.
	Title     string    `json:"title"`
	CentralID string    `json:"central_id"`
	First     time.Time `json:"first"`
	Last      time.Time `json:"last"`
	Articles  int       `json:"articles"`
	// Outlets, Credits and Speakers are the sites, wire credits and
	// speakers of its articles, most frequent first (at most 32 each).
	Outlets  []string `json:"outlets"`
	Credits  []string `json:"credits"`
	Speakers []string `json:"speakers"`
}

// Linker links articles as they arrive: near-duplicates first (a copy
// joins its original's story at once), then story clustering. A server
// feeds it every new article with Add and stores the Link; at start-up it
// calls Rebuild with the stored articles of the window, in the order they
// were added, which restores the same state. It is safe for concurrent
// use: tokenizing runs in parallel, the index updates one at a time.
type Linker struct {
	mu        sync.Mutex
	dups      *Dups
	clusters  *Clusters
	storyOf   map[string]string // article in the duplicate window → story
	now       time.Time
	lastSweep time.Time
}

// New returns an empty Linker.
func New(cfg Config) (*Linker, error) {
	c, err := NewClusters(cfg.Cluster)
	if err != nil {
		return nil, err
	}
	c.onMerge = cfg.OnMerge
	return &Linker{dups: NewDups(cfg.Dup), clusters: c, storyOf: map[string]string{}}, nil
}

// Prepared is an article tokenized for the linker, outside its lock.
type Prepared struct {
	a        rapporteur.Article
	sketch   Sketch
	features Features
}

// Prepare tokenizes an article; it may run in parallel with anything.
func (l *Linker) Prepare(a rapporteur.Article) Prepared {
	var ents []string
	var place []bool
	for _, e := range a.Entities {
		ents = append(ents, e.Name)
		place = append(place, e.Type == rapporteur.Place)
	}
	return Prepared{a: a, sketch: l.dups.Sketch(a.Text), features: newFeatures(a.Title, a.Text, ents, place)}
}

// Add links one article: Prepare then Commit.
func (l *Linker) Add(a rapporteur.Article) Link { return l.Commit(l.Prepare(a)) }

// Commit links a prepared article. Articles without a published time
// take the latest time seen, as if published on arrival.
func (l *Linker) Commit(p Prepared) Link {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := p.a
	at := l.now
	if a.Published != nil {
		at = *a.Published
	}
	if at.After(l.now) {
		l.now = at
	}
	l.sweep()

	wire := false
	var credits []string
	for _, c := range a.Credits {
		if !c.Relay {
			wire = true
		}
		credits = append(credits, c.Name)
	}
	var speakers []string
	for _, s := range a.Statements {
		if s.Speaker.Name != "" && (s.Speaker.Type == rapporteur.Person || s.Speaker.Type == rapporteur.Organization) {
			speakers = append(speakers, s.Speaker.Name)
		}
	}
	m := Member{ID: a.ID, Title: a.Title, Site: a.Site, At: at, Credits: credits, Speakers: speakers}

	link := Link{ID: a.ID}
	ms := l.dups.Insert(a.ID, p.sketch, at, wire)
	if len(ms) > 0 {
		root := l.dups.root[l.dups.bySlot[a.ID]]
		if root != a.ID {
			link.DuplicateOf, link.Similarity = root, ms[0].Score
		}
		// A copy joins the story of what it copies, without moving the
		// story's centroid: forty copies of one wire text are one voice.
		if st, ok := l.storyOf[ms[0].ID]; ok {
			st = l.clusters.Resolve(st)
			if s := l.clusters.byID(st); s != nil {
				l.clusters.note(s, m, 0)
				link.Story, link.StorySimilarity = st, ms[0].Score
				l.storyOf[a.ID] = st
				return link
			}
		}
	}
	l.clusters.Learn(p.features)
	v := l.clusters.Vector(p.features)
	slot, sim := l.clusters.assign(v, p.features.titlePlaces, at)
	if slot < 0 {
		sim = 1
	}
	link.Story = l.clusters.add(slot, v, m, sim, p.features.titlePlaces)
	link.StorySimilarity = sim
	l.storyOf[a.ID] = link.Story
	return link
}

// sweepEvery is how often (in article time) expired articles and stories
// leave the index: often enough to bound memory, seldom enough that the
// scan over open stories costs nothing per article.
const sweepEvery = time.Hour

func (l *Linker) sweep() {
	if l.now.Sub(l.lastSweep) < sweepEvery {
		return
	}
	l.lastSweep = l.now
	l.dups.Expire(l.now, func(id string) { delete(l.storyOf, id) })
	l.clusters.Expire(l.now)
}

// Rebuild adds stored articles in order, as at start-up; it returns the
// number added.
func (l *Linker) Rebuild(articles iter.Seq[rapporteur.Article]) int {
	n := 0
	for a := range articles {
		l.Add(a)
		n++
	}
	return n
}

// Delete removes an article from the near-duplicate index (its story
// keeps it).
func (l *Linker) Delete(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dups.Delete(id)
	delete(l.storyOf, id)
}

// Resolve returns the current ID of a story, following merges.
func (l *Linker) Resolve(storyID string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clusters.Resolve(storyID)
}

// Story describes an open story by its ID (or the ID of a story merged
// into it).
func (l *Linker) Story(id string) (Story, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.clusters.byID(l.clusters.Resolve(id))
	if s == nil {
		return Story{}, false
	}
	return Story{
		ID: s.id, Title: s.title, CentralID: s.central, First: s.first, Last: s.last, Articles: s.size,
		Outlets: names(s.outlets), Credits: names(s.credits), Speakers: names(s.speakers),
	}, true
}

// Stories returns the open stories with at least minArticles articles,
// the most recently updated first, at most limit of them (0: all).
func (l *Linker) Stories(minArticles, limit int) []Story {
	l.mu.Lock()
	var ids []string
	for _, s := range l.clusters.stories {
		if s != nil && s.size >= minArticles {
			ids = append(ids, s.id)
		}
	}
	l.mu.Unlock()
	out := make([]Story, 0, len(ids))
	for _, id := range ids {
		if s, ok := l.Story(id); ok {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Last.Equal(out[j].Last) {
			return out[i].Last.After(out[j].Last)
		}
		return out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func names(cs []counted) []string {
	cs = append([]counted(nil), cs...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].n > cs[j].n })
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

// Learn counts a background article in the document frequencies without
// linking it: a server starting with an empty window learns its IDF from
// stored articles older than the window, so that the first new articles
// are weighed as well as the later ones.
func (l *Linker) Learn(title, text string) {
	f := NewFeatures(title, text, nil)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clusters.Learn(f)
}
