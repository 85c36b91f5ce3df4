package story

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur/lexicon"
	"github.com/zeebo/xxh3"
)

// ClusterConfig sets up story clustering. The zero value of a field takes
// its default (DefaultClusterConfig).
type ClusterConfig struct {
	// Threshold is the least time-decayed cosine similarity between an
	// article and a story's centroid for the article to join the story.
	Threshold float64
	// MergeThreshold is the least cosine similarity between two stories'
	// centroids for them to merge.
	MergeThreshold float64
	// TitleWeight and EntityWeight weigh the title and the named
	// entities against the body (weight 1) in an article's vector.
	TitleWeight, EntityWeight float64
	// DecayDays is the time constant of the decay: the similarity to a
	// story last updated t days before the article is multiplied by
	// exp(-t/DecayDays).
	DecayDays float64
	// ArticleTerms and CentroidTerms bound the vectors: an article keeps
	// its heaviest ArticleTerms terms, a centroid its heaviest
	// CentroidTerms, which keeps the index small and lookups short.
	ArticleTerms, CentroidTerms int
	// MaxPostings bounds the stories listed under one term; the most
	// recently updated are kept.
	MaxPostings int
	// Window is how far an article's date may lie from a story's span
	// (its first to its last article) for the article to join it, and
	// two stories' spans from each other for them to merge.
	Window time.Duration
	// MaxStories bounds the open stories: when there are more, those
	// whose last article is the earliest close, so that memory is about
	// MaxStories × 1.4 KB at most (see BENCHMARKS.md).
	MaxStories int
	// PlaceWeight weighs the named places against the other entities
	// (people, organisations: weight 1) within the entity part: series
	// of events with the same people in different places (each primary
	// of a campaign) split when places weigh more.
	PlaceWeight float64
	// DecayGrowth lets a story's pace set its decay: a story of n
	// articles decays with DecayDays×(1 + DecayGrowth×ln n) and stays
	// open for Window times the same factor, so a storyline that has
	// drawn many articles keeps its later developments, weeks apart,
	// while a story of one article fades at the base rate.
	DecayGrowth float64
	// PlaceMismatch multiplies the similarity of an article to a story
	// when both name places in their titles and no title place is
	// shared: a series of like events in different places (each primary
	// of a campaign, two hurricanes, an attack here and a crash there)
	// shares words and people but not the place of its headlines. 1
	// leaves the similarity alone; the default, effectively 0, forbids
	// the join.
	PlaceMismatch float64
	// PlaceMatch multiplies the similarity when the article's title
	// names a place that the story's titles name: later developments of
	// one event, written in other words, keep its place.
	PlaceMatch float64
	// ActorMismatch multiplies the similarity of an article to a story
	// when the article's headline names people and the story has never
	// named any of them: the same place and topic with other actors is
	// another happening (a senator's visit to a country at war is not
	// the war; a second hurricane's name is not the first's). 1 leaves
	// the similarity alone; the default, effectively 0, forbids the join.
	ActorMismatch float64
	// LineThreshold is the least similarity, decayed over LineDays,
	// between an article and a story other than its own for the two
	// stories to be one storyline (see storyline.go).
	LineThreshold float64
	// LineDays is the time constant of the storyline decay and the
	// longest gap, in days, between an article and a story of its
	// storyline. Storylines span months: a sentence and the execution
	// seven weeks later, a snap election and the coup that ended its
	// crisis five months later. The defaults (0.15, 180 days) are the
	// best of a small grid on the storyline gold of our own
	// (testdata/stories/wikinews-storylines.txt), which is all the
	// storyline annotation there is: no held-out figure (BENCHMARKS.md).
	LineDays float64
}

// DefaultClusterConfig holds the values chosen on the hand-grouped
// Wikinews events (testdata/stories/wikinews-events-groups.txt), by
// pairwise F1 over a grid of thresholds (0.08 to 0.15), entity, title and
// place weights, decay growth and place mismatch factors; the grid is
// scored on two halves of the events so that a choice made on one half is
// measured on the other (these values are the fit on half A, and the best
// on the whole set): run
// `go test ./story/internal/events -run CalibrateStories -calibrate -v`
// for the table. Same-event Wikinews articles written days apart by
// different authors have TF-IDF cosines of only 0.1 to 0.4, so the join
// threshold is low; at that threshold, series of like events (each
// primary of a campaign, two hurricanes) would chain into one story, and
// what keeps them apart is the place their headlines name: an article
// does not join a story whose headlines name only other places
// (PlaceMismatch effectively 0, chosen by the fit on either half). Nor
// does an article join a story that has never named the people its
// headline names (ActorMismatch effectively 0, chosen by the fit on
// either half: a senator's visit to a country at war, a second
// hurricane, a politician's promise after the Pope's instruction). A
// size-dependent decay (DecayGrowth) helped one half and hurt the other,
// so it is off. A decay of 30
// days keeps storylines of a few weeks together while older stories fade.
// The threshold fits this set; a monitor of many outlets, whose articles
// on one event are closer, would take a higher one.
var DefaultClusterConfig = ClusterConfig{
	Threshold: 0.1, MergeThreshold: 0.5, TitleWeight: 0.25, EntityWeight: 0.5, DecayDays: 30,
	ArticleTerms: 48, CentroidTerms: 64, MaxPostings: 256, Window: 30 * 24 * time.Hour, MaxStories: 250000,
	PlaceWeight: 2, DecayGrowth: off, PlaceMismatch: off, PlaceMatch: 1, ActorMismatch: off,
	LineThreshold: 0.15, LineDays: 180,
}

// off is the value of a factor that the configuration turns off: the zero
// value of a field means its default, so "none" is the smallest positive
// number that changes nothing measurable.
const off = 1e-9

// set overrides a default with a configured value: the zero value (or a
// negative one) of a configuration field means "use the default".
func set[T int | int64 | float64 | time.Duration](dst *T, v T) {
	if v > 0 {
		*dst = v
	}
}

func (c ClusterConfig) withDefaults() ClusterConfig {
	d := DefaultClusterConfig
	set(&d.Threshold, c.Threshold)
	set(&d.MergeThreshold, c.MergeThreshold)
	set(&d.TitleWeight, c.TitleWeight)
	set(&d.EntityWeight, c.EntityWeight)
	set(&d.DecayDays, c.DecayDays)
	set(&d.PlaceWeight, c.PlaceWeight)
	set(&d.DecayGrowth, c.DecayGrowth)
	set(&d.PlaceMismatch, c.PlaceMismatch)
	set(&d.PlaceMatch, c.PlaceMatch)
	set(&d.ActorMismatch, c.ActorMismatch)
	set(&d.LineThreshold, c.LineThreshold)
	set(&d.LineDays, c.LineDays)
	set(&d.ArticleTerms, c.ArticleTerms)
	set(&d.CentroidTerms, c.CentroidTerms)
	set(&d.MaxPostings, c.MaxPostings)
	set(&d.Window, c.Window)
	set(&d.MaxStories, c.MaxStories)
	return d
}

// term is one weighted feature of a sparse vector; vectors are sorted by
// term for merging dot products. Terms are 32-bit hashes (feature
// hashing): a collision between two words of a million-word vocabulary
// merges two rare terms now and then, which costs the similarity nothing
// noticeable and halves the index.
type term struct {
	h uint32
	w float32
}

// Vector is an article's sparse TF-IDF vector, L2-normalised.
type Vector []term

// Features are an article's raw term counts before weighting: computed
// without the index, so that callers can tokenize in parallel.
type Features struct {
	body, title, ents, places []term // w holds the count
	// titlePlaces are the words of place names that the title has.
	titlePlaces []uint32
	// actors are the words of the people the article names (its person
	// entities); titleActors the surnames (last words) of those its
	// headline names, read by the ActorMismatch rule.
	actors, titleActors []uint32
	// sig is the title as the series rule reads it.
	sig titleSig
}

// Feature namespaces: the same word in the title, the body or an entity
// name is a different term.
const (
	nsBody   = 0
	nsTitle  = 0x9e3779b9
	nsEntity = 0xc2b2ae3d
)

// NewFeatures counts the terms of an article: body and title words of
// three letters or more (shorter ones are function words or initials,
// which the IDF would weigh down anyway) and entity names.
func NewFeatures(title, body string, entities []string) Features {
	return newFeatures(title, body, entities, nil)
}

// entityKind is what the clustering tells apart among named entities.
type entityKind uint8

const (
	otherEntity entityKind = iota // organisations, unknown
	placeEntity
	personEntity
)

// newFeatures is NewFeatures with the kind of each entity: places are
// weighed by PlaceWeight, and those the title names are kept for the
// PlaceMismatch rule; people are kept for the ActorMismatch rule.
func newFeatures(title, body string, entities []string, kind []entityKind) Features {
	var f Features
	f.body = countWords(body, nsBody)
	f.title = countWords(title, nsTitle)
	ents, places := map[uint32]float32{}, map[uint32]float32{}
	inTitle := map[uint64]bool{}
	words(possessives.Replace(title+" "), func(h uint64, n int) {
		if n >= 3 {
			inTitle[h] = true
		}
	})
	for i, e := range entities {
		if i < len(kind) && kind[i] == personEntity {
			var last uint64
			words(e, func(h uint64, n int) {
				if n >= 3 && !slices.Contains(f.actors, fold32(h)) {
					f.actors = append(f.actors, fold32(h))
				}
				last = h
			})
			if inTitle[last] && !slices.Contains(f.titleActors, fold32(last)) {
				f.titleActors = append(f.titleActors, fold32(last))
			}
		}
		if e = strings.TrimSpace(strings.ToLower(e)); e != "" {
			if i < len(kind) && kind[i] == placeEntity {
				places[fold32(xxh3.HashString(e))^nsEntity]++
			} else {
				ents[fold32(xxh3.HashString(e))^nsEntity]++
			}
		}
	}
	f.ents, f.places = termsOf(ents), termsOf(places)
	f.sig = newTitleSig(title)
	if len(places) > 0 {
		for i, e := range entities {
			if i < len(kind) && kind[i] == placeEntity {
				words(e, func(h uint64, n int) {
					if n >= 3 && inTitle[h] && !slices.Contains(f.titlePlaces, fold32(h)) {
						f.titlePlaces = append(f.titlePlaces, fold32(h))
					}
				})
			}
		}
	}
	return f
}

// possessives drops the possessive ending of headline words ("Biden's
// Georgia visit"), so that the people and places a headline names are
// found by their names.
var possessives = strings.NewReplacer("'s ", " ", "’s ", " ", "s' ", "s ", "s’ ", "s ")

func termsOf(counts map[uint32]float32) []term {
	var out []term
	for h, c := range counts {
		out = append(out, term{h, c})
	}
	sortTerms(out)
	return out
}

// fold32 folds a 64-bit hash to 32 bits.
func fold32(h uint64) uint32 { return uint32(h ^ h>>32) }

func countWords(s string, ns uint32) []term {
	var hs []uint32
	words(s, func(h uint64, n int) {
		if n >= 3 {
			hs = append(hs, fold32(h)^ns)
		}
	})
	slices.Sort(hs)
	var out []term
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		out = append(out, term{hs[i], float32(j - i)})
		i = j
	}
	return out
}

func sortTerms(v []term) { slices.SortFunc(v, func(a, b term) int { return cmp.Compare(a.h, b.h) }) }

// Clusters is the online story clustering: each article joins the most
// similar open story, if similar enough, or starts one. Stories are found
// through an inverted index from centroid terms to stories, so the cost
// of an article depends on how many stories share its rarest terms, not
// on how many are open. It is not safe for concurrent use; Linker guards
// it.
type Clusters struct {
	cfg      ClusterConfig
	prior    map[uint32]float32 // word → share of news articles that have it
	df       map[uint32]uint32
	docs     int
	stories  []*cluster // by slot; nil when free
	free     []uint32
	postings map[uint32][]posting
	acc      []float32 // candidate scores by slot, reused
	touched  []uint32
	merged   map[string]string // story ID → the story it merged into
	slots    map[string]uint32 // open story ID → slot
	onMerge  func(from, into string)
	// lines links a story to another of its storyline, toward the
	// storyline's root (see storyline.go).
	lines       map[string]string
	onLineMerge func(from, into string)
}

type cluster struct {
	id       string
	centroid Vector // sum of member vectors, truncated; not normalised
	norm     float64
	first    time.Time
	last     time.Time
	size     int
	central  string // ID of the most central article
	title    string
	best     float64
	outlets  []counted
	credits  []counted
	speakers []counted
	places   []uint32 // title place words of its articles (maxPlaces)
	actors   actorSet // words of the people its articles named
	// sigs are the headlines of its central and of its latest article,
	// as the series rule reads them.
	sigs [2]titleSig
}

// maxPlaces bounds the title place words a story keeps.
const maxPlaces = 16

// actorSet holds the words of the people a story's articles named, as a
// Bloom filter of 1,024 bits with three probes per word: it never
// forgets a name, whatever the story's size, in the space of 32 words
// kept as a list. A word it takes for known by mistake (about 1 in 20
// with 150 words in, 1 in 5 with 300) lets an article join as it would
// without the actor rule.
type actorSet [16]uint64

// probes returns the three bits of word h.
func (actorSet) probes(h uint32) [3]uint64 {
	x := uint64(h) * 0x9e3779b97f4a7c15
	return [3]uint64{x >> 54, x >> 44 & 1023, x >> 34 & 1023}
}

func (s *actorSet) add(h uint32) {
	for _, b := range s.probes(h) {
		s[b>>6] |= 1 << (b & 63)
	}
}

func (s *actorSet) has(h uint32) bool {
	for _, b := range s.probes(h) {
		if s[b>>6]&(1<<(b&63)) == 0 {
			return false
		}
	}
	return true
}

func (s *actorSet) empty() bool { return *s == actorSet{} }

func (s *actorSet) union(o *actorSet) {
	for i := range s {
		s[i] |= o[i]
	}
}

// actorFactor is ActorMismatch when the article's headline names people
// (titleActors, surnames) and story s knows people but none of these,
// neither among the people its articles named nor among the words of its
// centroid, else 1.
func (c *Clusters) actorFactor(titleActors []uint32, s *cluster) float64 {
	if len(titleActors) == 0 || s.actors.empty() {
		return 1
	}
	named := false
	for _, a := range titleActors {
		// A name that is a common word ("Violence" in a heading the
		// tagger took for a person's name, "Bush", "Brown") says too
		// little; a name the story's text or headlines use is known,
		// as the tagger misses people.
		if c.prior[a] > 0 {
			continue
		}
		named = true
		if s.actors.has(a) || c.listed(s.centroid, a^nsBody) || c.listed(s.centroid, a^nsTitle) {
			return 1
		}
	}
	if !named {
		return 1
	}
	return c.cfg.ActorMismatch
}

// placeFactor is PlaceMismatch when the title places of an article and a
// story are both known and disjoint, else 1.
func (c *Clusters) placeFactor(places []uint32, s *cluster) float64 {
	if len(places) == 0 || len(s.places) == 0 {
		return 1
	}
	for _, p := range places {
		if slices.Contains(s.places, p) {
			return c.cfg.PlaceMatch
		}
	}
	return c.cfg.PlaceMismatch
}

func addPlaces(to, from []uint32) []uint32 {
	for _, p := range from {
		if len(to) < maxPlaces && !slices.Contains(to, p) {
			to = append(to, p)
		}
	}
	return to
}

type counted struct {
	name string
	n    int
}

type posting struct {
	slot uint32
	w    float32
}

// priorDocs is how many articles the prior document frequencies count
// as: they rule the IDF of a new index and fade once it has read a few
// thousand articles.
const priorDocs = 1000

// NewClusters returns an empty clustering whose IDF starts from the
// document frequencies of common English news words
// (lexicon/data/en/common-words.txt): without them, the first articles of
// a new index would be weighed by what a handful of articles share, which
// is mostly "the", "said" and "that".
func NewClusters(cfg ClusterConfig) (*Clusters, error) {
	c := &Clusters{cfg: cfg.withDefaults(), prior: map[uint32]float32{}, df: map[uint32]uint32{}, postings: map[uint32][]posting{}, merged: map[string]string{}, slots: map[string]uint32{}, lines: map[string]string{}}
	rows, err := lexicon.Fields("en", "common-words")
	if err != nil {
		return nil, fmt.Errorf("story: %w", err)
	}
	for _, r := range rows {
		share, err := strconv.ParseFloat(r[len(r)-1], 32)
		if len(r) != 2 || err != nil {
			return nil, fmt.Errorf("story: lexicon en/common-words: bad line %q", strings.Join(r, "|"))
		}
		c.prior[fold32(xxh3.HashString(r[0]))] = float32(share)
	}
	return c, nil
}

// Config returns the configuration in use, defaults filled in.
func (c *Clusters) Config() ClusterConfig { return c.cfg }

// Len returns the number of open stories.
func (c *Clusters) Len() int { return len(c.stories) - len(c.free) }

// Learn counts an article's terms in the document frequencies. The IDF
// is learnt online: early articles are weighed with what was seen so far.
func (c *Clusters) Learn(f Features) {
	c.docs++
	for _, part := range [][]term{f.body, f.title, f.ents, f.places} {
		for _, t := range part {
			c.df[t.h]++
		}
	}
}

// Vector weighs an article's features with the current IDF: sublinear
// term frequency (1 + ln tf) times ln(1 + N/(df+1)), N and df counting
// the prior's articles too, each part normalised,
// then body, title and entities summed with their weights, truncated to
// the heaviest ArticleTerms terms and normalised.
func (c *Clusters) Vector(f Features) Vector {
	n := float64(c.docs + 1 + priorDocs)
	var v Vector
	// Terms from index placeFrom on are places, scaled by PlaceWeight.
	part := func(ts []term, weight float64, ns uint32, placeFrom int) {
		if weight == 0 || len(ts) == 0 {
			return
		}
		start := len(v)
		var ss float64
		for _, t := range ts {
			df := float64(c.df[t.h]) + priorDocs*float64(c.prior[t.h^ns])
			w := (1 + math.Log(float64(t.w))) * math.Log(1+n/(df+1))
			if len(v)-start >= placeFrom {
				w *= c.cfg.PlaceWeight
			}
			v = append(v, term{t.h, float32(w)})
			ss += w * w
		}
		if ss == 0 {
			return
		}
		k := weight / math.Sqrt(ss)
		for i := start; i < len(v); i++ {
			v[i].w *= float32(k)
		}
	}
	part(f.body, 1, nsBody, math.MaxInt)
	part(f.title, c.cfg.TitleWeight, nsTitle, math.MaxInt)
	// People and organisations share one part with the places, the places
	// scaled by PlaceWeight, so that an article without places weighs its
	// entities as before.
	part(slices.Concat(f.ents, f.places), c.cfg.EntityWeight, nsEntity, len(f.ents))
	return truncate(v, c.cfg.ArticleTerms, true)
}

// heaviestFirst orders terms by weight, heaviest first, then by term.
func heaviestFirst(a, b term) int {
	switch {
	case a.w > b.w:
		return -1
	case a.w < b.w:
		return 1
	}
	return cmp.Compare(a.h, b.h)
}

// truncate keeps the k heaviest terms of v, sorted by term, normalised
// when asked.
func truncate(v Vector, k int, normalise bool) Vector {
	if len(v) > k {
		slices.SortFunc(v, heaviestFirst)
		v = v[:k]
	}
	sortTerms(v)
	if normalise {
		var ss float64
		for _, t := range v {
			ss += float64(t.w) * float64(t.w)
		}
		if ss > 0 {
			k := float32(1 / math.Sqrt(ss))
			for i := range v {
				v[i].w *= k
			}
		}
	}
	return v
}

// dot is the dot product of two term-sorted vectors.
func dot(a, b Vector) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].h < b[j].h:
			i++
		case a[i].h > b[j].h:
			j++
		default:
			s += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return s
}

// candidates accumulates, through the postings of v's terms, the partial
// dot products of v with the stories that list them, and returns the
// best few (at most candidateLimit) stories other than skip.
func (c *Clusters) candidates(v Vector, skip int, limit int) []uint32 {
	limit = min(limit, candidateLimit)
	// Only the heaviest terms look up their postings: the light ones are
	// common words, whose long lists cost the most and add the least to
	// a dot product.
	q := v
	if len(q) > queryTerms {
		q = slices.Clone(v)
		slices.SortFunc(q, heaviestFirst)
		q = q[:queryTerms]
	}
	for _, t := range q {
		for _, p := range c.postings[t.h] {
			// Stale postings (closed or merged stories, reused slots)
			// are scored too and sorted out below: checking each one
			// here would cost a cache miss per posting.
			if int(p.slot) == skip {
				continue
			}
			if c.acc[p.slot] == 0 {
				c.touched = append(c.touched, p.slot)
			}
			c.acc[p.slot] += t.w * p.w
		}
	}
	live := c.touched[:0]
	for _, s := range c.touched {
		if c.stories[s] != nil {
			live = append(live, s)
		} else {
			c.acc[s] = 0
		}
	}
	c.touched = live
	// Keep the best few in a small sorted array: a full sort of the
	// touched stories (thousands with a million in the window) cost more
	// than the accumulation itself.
	var best [candidateLimit]uint32
	n := 0
	better := func(a, b uint32) bool {
		return c.acc[a] > c.acc[b] || c.acc[a] == c.acc[b] && a < b
	}
	for _, s := range c.touched {
		if n == limit && !better(s, best[n-1]) {
			continue
		}
		i := min(n, limit-1)
		for i > 0 && better(s, best[i-1]) {
			best[i] = best[i-1]
			i--
		}
		best[i] = s
		n = min(n+1, limit)
	}
	out := best[:n]
	res := slices.Clone(out)
	for _, s := range c.touched {
		c.acc[s] = 0
	}
	c.touched = c.touched[:0]
	return res
}

// queryTerms is how many of an article's terms, the heaviest, look up
// candidate stories.
const queryTerms = 24

// candidateLimit is how many stories, best by the postings' partial dot
// product, get an exact similarity.
const candidateLimit = 8

// similarity is the time-decayed cosine of v with story s: the decay
// counts the days between the article's date and the story's span, so
// that an article published among a story's articles is as close to it
// whether it comes before or after them; an undated article or story is
// not decayed.
func (c *Clusters) similarity(v Vector, s *cluster, at time.Time) float64 {
	if s.norm == 0 {
		return 0
	}
	cos := dot(v, s.centroid) / s.norm
	return cos * math.Exp(-gapDays(at, s)/(c.cfg.DecayDays*c.pace(s)))
}

// gapDays is the distance in days from at to the span of story s, 0
// when either is undated.
func gapDays(at time.Time, s *cluster) float64 {
	switch {
	case at.IsZero() || s.first.IsZero():
		return 0
	case at.Before(s.first):
		return s.first.Sub(at).Hours() / 24
	case at.After(s.last):
		return at.Sub(s.last).Hours() / 24
	}
	return 0
}

// inWindow says whether an article of date at may join story s.
func (c *Clusters) inWindow(at time.Time, s *cluster) bool {
	return gapDays(at, s) <= c.cfg.Window.Hours()/24*c.pace(s)
}

// pace is the factor by which a story's size stretches its decay and
// its window (see DecayGrowth).
func (c *Clusters) pace(s *cluster) float64 {
	return 1 + c.cfg.DecayGrowth*math.Log(float64(max(s.size, 1)))
}

// Assign returns the open story that vector v, of an article at time at,
// joins, or -1 with the best similarity seen when it starts a new one.
func (c *Clusters) Assign(v Vector, at time.Time) (slot int, sim float64) {
	slot, sim, _ = c.assign(v, nil, at)
	return slot, sim
}

// assign is Assign for an article with its features (nil: none): the
// place and series rules read its title. It also returns the story,
// other than the one joined, that the article is nearest to by the
// storyline measure (see ClusterConfig.LineThreshold), or -1.
func (c *Clusters) assign(v Vector, f *Features, at time.Time) (slot int, sim float64, line int) {
	slot, line = -1, -1
	var places, actors []uint32
	var sig titleSig
	if f != nil {
		places, actors, sig = f.titlePlaces, f.titleActors, f.sig
	}
	cands := c.candidates(v, -1, candidateLimit)
	var lineSims [candidateLimit]float64
	for i, s := range cands {
		st := c.stories[s]
		if c.inSeries(sig, st) {
			continue
		}
		pf := c.placeFactor(places, st)
		lineSims[i] = c.lineSimilarity(v, st, at)
		if !c.inWindow(at, st) {
			continue
		}
		if x := c.similarity(v, st, at) * pf * c.actorFactor(actors, st); x > sim {
			slot, sim = int(s), x
		}
	}
	if sim < c.cfg.Threshold {
		slot = -1
	}
	// The place rule holds for storylines too, on the places of the
	// article's story (its headlines so far) and the article's: like
	// events in other places (each primary, each storm) are no chain of
	// events, and an article whose own headline names no place ("Warren
	// ends campaign") must not chain its primary's story to another's.
	// The rule's bonus (PlaceMatch) and the actor rule are the story's
	// only.
	best := c.cfg.LineThreshold
	linePlaces := places
	if slot >= 0 {
		linePlaces = addPlaces(slices.Clone(places), c.stories[slot].places)
	}
	for i, s := range cands {
		if int(s) == slot {
			continue
		}
		if x := lineSims[i] * min(1, c.placeFactor(linePlaces, c.stories[s])); x >= best {
			line, best = int(s), x
		}
	}
	return slot, sim, line
}

// lineSimilarity is the cosine of v with story s decayed over the
// storyline's longer time (LineDays), 0 beyond it.
func (c *Clusters) lineSimilarity(v Vector, s *cluster, at time.Time) float64 {
	if s.norm == 0 {
		return 0
	}
	gap := gapDays(at, s)
	if gap > c.cfg.LineDays {
		return 0
	}
	return dot(v, s.centroid) / s.norm * math.Exp(-gap/c.cfg.LineDays)
}

// Member is what a story keeps of an article.
type Member struct {
	ID, Title, Site string
	At              time.Time
	Credits         []string
	Speakers        []string
}

// Add puts an article with vector v into story slot (from Assign; -1
// starts a story) and returns the story's ID. It then merges the story
// with another that has converged to it.
func (c *Clusters) Add(slot int, v Vector, m Member, sim float64) string {
	return c.add(slot, v, m, sim, nil)
}

// add is Add for an article with its features (nil: none).
func (c *Clusters) add(slot int, v Vector, m Member, sim float64, f *Features) string {
	var places, actors []uint32
	var sig titleSig
	if f != nil {
		places, actors, sig = f.titlePlaces, f.actors, f.sig
	}
	var s *cluster
	if slot < 0 {
		s = &cluster{id: m.ID, first: m.At, last: m.At}
		slot = c.alloc(s)
	} else {
		s = c.stories[slot]
	}
	if sim == 0 && s.size == 0 {
		sim = 1
	}
	c.addVector(slot, s, v, 1)
	s.places = addPlaces(s.places, places)
	for _, a := range actors {
		s.actors.add(a)
	}
	c.note(s, m, sim)
	if s.central == m.ID {
		s.sigs[0] = sig
	}
	s.sigs[1] = sig
	if s.size > 1 {
		slot = c.maybeMerge(slot)
	}
	return c.stories[slot].id
}

// note records an article's metadata in its story.
func (c *Clusters) note(s *cluster, m Member, sim float64) {
	s.size++
	if !m.At.IsZero() {
		if s.first.IsZero() || m.At.Before(s.first) {
			s.first = m.At
		}
		if m.At.After(s.last) {
			s.last = m.At
		}
	}
	if sim > s.best || s.central == "" {
		s.best, s.central, s.title = sim, m.ID, m.Title
	}
	if m.Site != "" {
		s.outlets = countIn(s.outlets, m.Site)
	}
	for _, x := range m.Credits {
		s.credits = countIn(s.credits, x)
	}
	for _, x := range m.Speakers {
		s.speakers = countIn(s.speakers, x)
	}
}

// maxCounted bounds the names a story keeps per list.
const maxCounted = 32

func countIn(cs []counted, name string) []counted {
	for i := range cs {
		if cs[i].name == name {
			cs[i].n++
			return cs
		}
	}
	if len(cs) < maxCounted {
		cs = append(cs, counted{name, 1})
	}
	return cs
}

// addVector adds v×k to the story's centroid, truncates it, and lists
// the story under the centroid's new terms.
func (c *Clusters) addVector(slot int, s *cluster, v Vector, k float32) {
	old := s.centroid
	sum := make(Vector, 0, len(old)+len(v))
	i, j := 0, 0
	for i < len(old) || j < len(v) {
		switch {
		case j >= len(v) || i < len(old) && old[i].h < v[j].h:
			sum = append(sum, old[i])
			i++
		case i >= len(old) || v[j].h < old[i].h:
			sum = append(sum, term{v[j].h, v[j].w * k})
			j++
		default:
			sum = append(sum, term{old[i].h, old[i].w + v[j].w*k})
			i++
			j++
		}
	}
	s.centroid = slices.Clip(truncate(sum, c.cfg.CentroidTerms, false))
	var ss float64
	for _, t := range s.centroid {
		ss += float64(t.w) * float64(t.w)
	}
	s.norm = math.Sqrt(ss)
	// List the story under its terms, with the weights of the normalised
	// centroid; a term it had already is listed again only when its
	// weight changed much, and stale entries are tolerated: postings only
	// choose candidates, the exact similarity decides.
	for _, t := range s.centroid {
		w := float32(float64(t.w) / s.norm)
		if c.listed(old, t.h) {
			continue
		}
		c.post(t.h, posting{uint32(slot), w})
	}
}

func (c *Clusters) listed(v Vector, h uint32) bool {
	_, ok := slices.BinarySearchFunc(v, h, func(t term, h uint32) int { return cmp.Compare(t.h, h) })
	return ok
}

func (c *Clusters) post(h uint32, p posting) {
	ps := c.postings[h]
	if len(ps) >= c.cfg.MaxPostings {
		// Keep the newer half: recent stories are the likely matches, and
		// halving at once makes the cost per posting constant.
		ps = append(ps[:0:0], ps[len(ps)/2:]...)
	}
	c.postings[h] = append(ps, p)
}

func (c *Clusters) alloc(s *cluster) int {
	slot := c.allocSlot(s)
	c.slots[s.id] = uint32(slot)
	return slot
}

func (c *Clusters) allocSlot(s *cluster) int {
	if n := len(c.free); n > 0 {
		slot := c.free[n-1]
		c.free = c.free[:n-1]
		c.stories[slot] = s
		return int(slot)
	}
	c.stories = append(c.stories, s)
	c.acc = append(c.acc, 0)
	return len(c.stories) - 1
}

// maybeMerge merges story slot with the most similar other story when
// their centroids have converged (cosine ≥ MergeThreshold): the younger
// story joins the older, whose ID the merged story keeps. It returns the
// slot of the story that slot's articles are now in.
func (c *Clusters) maybeMerge(slot int) int {
	s := c.stories[slot]
	q := truncate(slices.Clone(s.centroid), c.cfg.ArticleTerms, true)
	best, bestSim := -1, 0.0
	for _, o := range c.candidates(q, slot, candidateLimit) {
		t := c.stories[o]
		if !c.spansNear(s, t) || c.inSeries(s.sigs[0], t) || c.inSeries(s.sigs[1], t) {
			continue
		}
		if x := dot(s.centroid, t.centroid) / (s.norm * t.norm) * c.placeFactor(s.places, t); x > bestSim {
			best, bestSim = int(o), x
		}
	}
	if best < 0 || bestSim < c.cfg.MergeThreshold {
		return slot
	}
	return c.mergeSlots(best, slot)
}

// spansNear says whether two stories are close enough in time to merge.
func (c *Clusters) spansNear(s, t *cluster) bool {
	return c.inWindow(s.first, t) || c.inWindow(s.last, t)
}

// mergePair merges two open stories and returns the one they became.
func (c *Clusters) mergePair(a, b *cluster) *cluster {
	return c.stories[c.mergeSlots(int(c.slots[a.id]), int(c.slots[b.id]))]
}

// mergeSlots merges the stories in slots a and b: the younger joins the
// older, whose ID the merged story keeps. It returns the slot kept.
func (c *Clusters) mergeSlots(a, b int) int {
	keep, gone := a, b
	if sa, sb := c.stories[a], c.stories[b]; sb.first.Before(sa.first) || sb.first.Equal(sa.first) && sb.id < sa.id {
		keep, gone = b, a
	}
	k, g := c.stories[keep], c.stories[gone]
	c.addVector(keep, k, g.centroid, 1)
	k.size += g.size
	k.places = addPlaces(k.places, g.places)
	k.actors.union(&g.actors)
	if !g.first.IsZero() && (k.first.IsZero() || g.first.Before(k.first)) {
		k.first = g.first
	}
	if g.last.After(k.last) {
		k.last = g.last
	}
	if g.best > k.best {
		k.best, k.central, k.title = g.best, g.central, g.title
		k.sigs[0] = g.sigs[0]
	}
	for _, x := range g.outlets {
		for range x.n {
			k.outlets = countIn(k.outlets, x.name)
		}
	}
	for _, x := range g.credits {
		for range x.n {
			k.credits = countIn(k.credits, x.name)
		}
	}
	for _, x := range g.speakers {
		for range x.n {
			k.speakers = countIn(k.speakers, x.name)
		}
	}
	// The merged story's storyline joins the kept one's: its stories
	// resolve to the kept story, and what it was linked to joins too.
	rg := c.lineRoot(g.id)
	delete(c.lines, g.id)
	c.merged[g.id] = k.id
	if c.onMerge != nil {
		c.onMerge(g.id, k.id)
	}
	if rg != g.id {
		c.joinLines(k.id, rg)
	} else if c.onLineMerge != nil {
		// The storyline named after the merged story now has the kept
		// story's name (or its storyline's).
		c.onLineMerge(g.id, c.lineRoot(k.id))
	}
	c.release(gone)
	return keep
}

func (c *Clusters) release(slot int) {
	delete(c.slots, c.stories[slot].id)
	c.stories[slot] = nil
	c.free = append(c.free, uint32(slot))
}

// Resolve follows merges: it returns the ID of the story that story id
// is now part of.
func (c *Clusters) Resolve(id string) string {
	for {
		to, ok := c.merged[id]
		if !ok {
			return id
		}
		id = to
	}
}

// limit closes the stories whose last article is the earliest (undated
// stories first) while more than MaxStories are open, down to 90 % of
// it: closing in batches makes the sort cost a few operations per
// article. Their postings go stale and are skipped.
func (c *Clusters) limit() {
	if c.Len() <= c.cfg.MaxStories {
		return
	}
	var open []int
	for i, s := range c.stories {
		if s != nil {
			open = append(open, i)
		}
	}
	slices.SortFunc(open, func(a, b int) int {
		if x := c.stories[a].last.Compare(c.stories[b].last); x != 0 {
			return x
		}
		return cmp.Compare(c.stories[a].id, c.stories[b].id)
	})
	for _, i := range open[:len(open)-c.cfg.MaxStories*9/10] {
		c.release(i)
	}
}

// byID returns the open story with this ID, or nil.
func (c *Clusters) byID(id string) *cluster {
	if slot, ok := c.slots[id]; ok {
		return c.stories[slot]
	}
	return nil
}
