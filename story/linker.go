package story

import (
	"cmp"
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
	// OnLineMerge, when set, is called when storyline from joins
	// storyline into (both named by a story ID), so a store can relabel
	// the stories it keeps under from. Same rules as OnMerge.
	OnLineMerge func(from, into string)
}

// Link is what the linker says of one article.
type Link struct {
	ID string `json:"id"`
	// DuplicateOf is the original of the article's group of copies: the
	// copy published first (see Dups), "" when the article is no copy.
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
	// Storyline is the ID of the story's storyline when the article was
	// added: the ID of its story that began first (see storyline.go).
	// Storylines join later; Linker.Storyline gives the current ID.
	Storyline string `json:"storyline"`
	// Moved are the articles linked earlier whose original changed with
	// this one: it was published before theirs, or it joined their group
	// with another whose original was. Linker.LinkOf gives their links.
	Moved []string `json:"-"`
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
// feeds it every new article with Add and stores the Link, and the links
// of the articles it names in Link.Moved; at start-up it calls Rebuild
// with the stored articles of the window. The result does not depend on
// the order the articles come in for copies, and little for stories (see
// Dups and Clusters). It is safe for concurrent use: tokenizing runs in
// parallel, the index updates one at a time.
type Linker struct {
	mu       sync.Mutex
	dups     *Dups
	clusters *Clusters
	storyOf  map[string]string // article in the duplicate index → story
}

// New returns an empty Linker.
func New(cfg Config) (*Linker, error) {
	c, err := NewClusters(cfg.Cluster)
	if err != nil {
		return nil, err
	}
	c.onMerge = cfg.OnMerge
	c.onLineMerge = cfg.OnLineMerge
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
	var kind []entityKind
	for _, e := range a.Entities {
		ents = append(ents, e.Name)
		switch e.Type {
		case rapporteur.Place:
			kind = append(kind, placeEntity)
		case rapporteur.Person:
			kind = append(kind, personEntity)
		default:
			kind = append(kind, otherEntity)
		}
	}
	return Prepared{a: a, sketch: l.dups.Sketch(a.Text), features: newFeatures(a.Title, a.Text, ents, kind)}
}

// Add links one article: Prepare then Commit.
func (l *Linker) Add(a rapporteur.Article) Link { return l.Commit(l.Prepare(a)) }

// Commit links a prepared article. An article without a published time
// is undated: it is compared by content with every article in the
// index, never elected original over a dated copy, and joins stories
// without regard to time.
func (l *Linker) Commit(p Prepared) Link {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := p.a
	var at time.Time
	if a.Published != nil {
		at = *a.Published
	}

	var credits []string
	for _, c := range a.Credits {
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
	res := l.dups.Add(a.ID, p.sketch, at)
	for _, id := range res.Evicted {
		delete(l.storyOf, id)
	}
	link.Moved = res.Moved
	if root := l.dups.Root(a.ID); root != a.ID {
		link.DuplicateOf, link.Similarity = root, l.dups.Score(a.ID)
	}
	if ms := res.Matches; len(ms) > 0 {
		// A copy joins the story of what it copies, without moving the
		// story's centroid: forty copies of one wire text are one voice.
		// Copies in other stories (the article joined groups of copies
		// that had gone their own ways) bring their stories with them.
		var into *cluster
		for _, mt := range ms {
			st, ok := l.storyOf[mt.ID]
			if !ok {
				continue
			}
			s := l.clusters.byID(l.clusters.Resolve(st))
			switch {
			case s == nil || s == into:
			case into == nil:
				into = s
			default:
				into = l.clusters.mergePair(into, s)
			}
		}
		if into != nil {
			l.clusters.note(into, m, 0)
			link.Story, link.StorySimilarity = into.id, ms[0].Score
			link.Storyline = l.clusters.lineRoot(into.id)
			l.storyOf[a.ID] = into.id
			l.clusters.limit()
			return link
		}
	}
	l.clusters.Learn(p.features)
	v := l.clusters.Vector(p.features)
	slot, sim, line := l.clusters.assign(v, &p.features, at)
	var lineID string
	if line >= 0 {
		lineID = l.clusters.stories[line].id
	}
	if slot < 0 {
		sim = 1
	}
	link.Story = l.clusters.add(slot, v, m, sim, &p.features)
	link.StorySimilarity = sim
	if lineID != "" {
		l.clusters.joinLines(link.Story, lineID)
	}
	link.Storyline = l.clusters.lineRoot(link.Story)
	l.storyOf[a.ID] = link.Story
	l.clusters.limit()
	return link
}

// LinkOf returns the current links of an article still in the
// near-duplicate index: its original and its story, the story's ID
// resolved through merges. StorySimilarity is not kept and is 0.
func (l *Linker) LinkOf(id string) (Link, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.storyOf[id]
	if !ok {
		return Link{}, false
	}
	link := Link{ID: id, Story: l.clusters.Resolve(st), Storyline: l.clusters.lineRoot(st)}
	if root := l.dups.Root(id); root != id && root != "" {
		link.DuplicateOf, link.Similarity = root, l.dups.Score(id)
	}
	return link, true
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

// Storyline returns the current ID of the storyline of a story (or of a
// story merged into it): the ID of its story that began first.
func (l *Linker) Storyline(storyID string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clusters.lineRoot(storyID)
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

// Chronological orders articles for linking a batch: dated ones by
// publication time, then undated ones, ties by ID. Online clustering is
// greedy, so its stories depend somewhat on arrival order (copies do
// not); a batch linked in this order gives the same stories whatever
// order it came in: the order of a monitor that reads each article as
// it is published.
func Chronological(a, b rapporteur.Article) int {
	switch {
	case a.Published == nil && b.Published != nil:
		return 1
	case a.Published != nil && b.Published == nil:
		return -1
	case a.Published != nil:
		if c := a.Published.Compare(*b.Published); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.ID, b.ID)
}

// Article returns the article that was prepared.
func (p Prepared) Article() rapporteur.Article { return p.a }
