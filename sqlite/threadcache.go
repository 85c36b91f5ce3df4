package sqlite

import (
	lru "container/list"
	"sync"

	"github.com/rapporteur/rapporteur/thread"
)

// threadCacheNodes bounds the nodes the thread cache holds, over all its
// stories (a node with its names is about half a kilobyte): enough for
// the few dozen large stories that are being written about at a time,
// whose nodes are the ones worth not reading again.
const threadCacheNodes = 50000

// threadCacheMinNodes is the least number of nodes of a story worth
// keeping: reading a story of 100 nodes (about 20 articles) costs under a
// millisecond, and the many small stories of a day's news would evict the
// few large ones, whose reads cost tens (a stream of 100,000 articles in
// stories of news-like sizes found 64 % of its articles joining a story
// in the cache when every story was kept).
const threadCacheMinNodes = 100

// threadCacheMin returns the least nodes of a cached story: tests set
// cacheSmall to cache every story.
func (db *DB) threadCacheMin() int {
	if db.cacheSmall {
		return 1
	}
	return threadCacheMinNodes
}

// A threadCache keeps, for the stories threaded last, their nodes and
// links as the write transaction that threaded them left them, so that
// the next article of a story is scored against them without reading
// the story's statements again: that read was 60 % of threading an
// article into a story of 500 articles. An entry holds the versions the
// story had when it was made (migration 024's triggers give a story a
// new version whenever anything threading reads changes); it is used
// only while the story still has them, so it is never stale, whatever
// path or process changed the story. Stories are evicted least recently
// used first.
type threadCache struct {
	mu      sync.Mutex
	entries map[int64]*lru.Element // of *threadEntry, by story
	order   lru.List               // most recently used first
	nodes   int
	// hits counts the articles threaded from an entry (for tests).
	hits int
}

type threadEntry struct {
	story   int64
	version threadVersion
	nodes   []*thread.Node
	links   map[int64]thread.Link
}

// take removes a story's entry and returns it (nil when there is none):
// the caller owns its nodes and links, and puts a new entry back when
// its transaction has the story in a known state.
func (c *threadCache) take(story int64) *threadEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[story]
	if !ok {
		return nil
	}
	e := el.Value.(*threadEntry)
	c.order.Remove(el)
	delete(c.entries, story)
	c.nodes -= len(e.nodes)
	return e
}

// put adds a story's entry, replacing any, and evicts the least recently
// used stories past the bound.
func (c *threadCache) put(story int64, e *threadEntry) {
	if len(e.nodes) > threadCacheNodes {
		c.take(story)
		return
	}
	e.story = story
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[int64]*lru.Element{}
	}
	if el, ok := c.entries[story]; ok {
		c.nodes -= len(el.Value.(*threadEntry).nodes)
		c.order.Remove(el)
	}
	c.entries[story] = c.order.PushFront(e)
	c.nodes += len(e.nodes)
	for c.nodes > threadCacheNodes {
		el := c.order.Back()
		old := el.Value.(*threadEntry)
		c.order.Remove(el)
		delete(c.entries, old.story)
		c.nodes -= len(old.nodes)
	}
}

// forestCacheItems bounds the statements the thread pages' cache holds,
// over all its stories (a placed statement is 24 bytes, with its article
// in a map beside: a few megabytes).
const forestCacheItems = 100000

// A forestCache keeps the forests of the stories whose thread pages were
// read last, each under the story's thread version (migration 024) it was
// read at: the forest of a version never changes, so a page of a story
// read again is cut from it without reading the story's statements and
// links again. Stories are evicted least recently used first.
type forestCache struct {
	mu      sync.Mutex
	entries map[int64]*lru.Element // of *forestEntry, by story
	order   lru.List
	items   int
}

type forestEntry struct {
	story, version int64
	forest         *storyForest
}

// get returns the forest of a story at a version, nil when it is not kept.
func (c *forestCache) get(story, version int64) *storyForest {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[story]
	if !ok || el.Value.(*forestEntry).version != version {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*forestEntry).forest
}

// put keeps the forest of a story at a version, replacing an older one.
func (c *forestCache) put(story, version int64, f *storyForest) {
	if len(f.placed) > forestCacheItems {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[int64]*lru.Element{}
	}
	if el, ok := c.entries[story]; ok {
		c.items -= len(el.Value.(*forestEntry).forest.placed)
		c.order.Remove(el)
	}
	c.entries[story] = c.order.PushFront(&forestEntry{story: story, version: version, forest: f})
	c.items += len(f.placed)
	for c.items > forestCacheItems {
		el := c.order.Back()
		old := el.Value.(*forestEntry)
		c.order.Remove(el)
		delete(c.entries, old.story)
		c.items -= len(old.forest.placed)
	}
}
