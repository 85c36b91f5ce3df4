package thread

import (
	"sort"

	"github.com/rapporteur/rapporteur"
)

// Item is one statement to place in a thread view: its id, its place in
// time (see Before) and the statement it answers (0 for none).
type Item struct {
	ID     int64
	Node   *Node // for the time order: Time, Key, Index
	Parent int64
}

// Placed is an item in reading order with its depth (0 for a root) and
// the parent kept (0 when the item is a root, also when its link was
// dropped).
type Placed struct {
	ID     int64
	Parent int64
	Depth  int
}

// Forest orders items as a thread reads: each root in time order, then
// the replies to it, indented, in time order, depth first. A parent that
// is not among the items makes a root; a link that would close a cycle
// (the act stage may link within an article in both directions) is
// dropped, the later statement's link first; so any input gives a
// forest, every item once.
func Forest(items []Item) []Placed {
	sorted := make([]*Item, len(items))
	for i := range items {
		sorted[i] = &items[i]
	}
	sort.SliceStable(sorted, func(i, j int) bool { return Before(sorted[i].Node, sorted[j].Node) })
	byID := make(map[int64]*Item, len(items))
	for _, it := range sorted {
		byID[it.ID] = it
	}
	// Links are kept in time order of the child. The child has no
	// parent yet, so it is the root of its tree: a link closes a cycle
	// when the parent's root is the child. up finds roots (union-find
	// with path halving; its representative is always the true root,
	// since a child's set joins its parent's).
	parent := make(map[int64]int64, len(items))
	up := make(map[int64]int64, len(items))
	root := func(x int64) int64 {
		for {
			u, ok := up[x]
			if !ok {
				return x
			}
			if g, ok := up[u]; ok {
				up[x] = g
			}
			x = u
		}
	}
	for _, it := range sorted {
		p := it.Parent
		if p == 0 || p == it.ID || byID[p] == nil || root(p) == it.ID {
			continue
		}
		parent[it.ID] = p
		up[it.ID] = p
	}
	children := map[int64][]int64{}
	var roots []int64
	for _, it := range sorted {
		if p, ok := parent[it.ID]; ok {
			children[p] = append(children[p], it.ID)
		} else {
			roots = append(roots, it.ID)
		}
	}
	out := make([]Placed, 0, len(items))
	// Depth first without recursion: a thread may be thousands deep.
	type frame struct {
		id    int64
		depth int
	}
	for _, r := range roots {
		stack := []frame{{r, 0}}
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out = append(out, Placed{ID: f.id, Parent: parent[f.id], Depth: f.depth})
			cs := children[f.id]
			for i := len(cs) - 1; i >= 0; i-- {
				stack = append(stack, frame{cs[i], f.depth + 1})
			}
		}
	}
	return out
}

// Answered is the item of a statement that a reply within its article
// answers but that the thread would not show, having no act of its own
// (an assertion the reply denies or criticizes). Without it the reply
// would stand as a root and the reader would not see what it answers.
// It shares the reply's article, so it takes the reply's place in time;
// id orders it within the article, as statements are stored in text
// order.
func Answered(id int64, reply *Node) Item {
	return Item{ID: id, Node: &Node{ID: id, Article: reply.Article, Time: reply.Time, Key: reply.Key, Index: int(id), Act: rapporteur.ActAssert}}
}
