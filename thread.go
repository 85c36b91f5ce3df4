package rapporteur

// StoryThread is one page of a story's thread (issue 11): its statements
// with an act, in reading order — each statement that answers nothing in
// time order, the replies to it indented under it — wire copies folded
// into their original. Stores that thread stories return it (see
// package thread for how replies across articles are found).
type StoryThread struct {
	StoryID int64 `json:"story_id"`
	// Story is the story, without its articles and voices.
	Story *StoredStory `json:"story"`
	// Nodes are the page's statements in reading order.
	Nodes []*ThreadNode `json:"nodes"`
	// Total is the number of statements of the whole thread.
	Total int `json:"total"`
	// Next is the cursor of the next page, "" on the last.
	Next string `json:"next"`
}

// ThreadNode is one statement of a thread.
type ThreadNode struct {
	Statement *StoredStatement `json:"statement"`
	// Parent is the id of the statement this one answers, 0 for a
	// statement that answers nothing in the thread; Depth is how far it
	// is indented (0 for those).
	Parent int64 `json:"parent,omitempty"`
	Depth  int   `json:"depth"`
	// Across is true when the statement answered is in another article
	// of the story (a link made by threading, not by the act stage).
	Across bool `json:"across,omitempty"`
	// Outlets are the sources that carried the statement: its article's
	// and those of the article's wire copies, first seen first; Copies
	// counts the wire copies folded into it.
	Outlets []string `json:"outlets"`
	Copies  int      `json:"copies"`
}

// ThreadFilter selects a page of a thread.
type ThreadFilter struct {
	Cursor string
	// Limit is the page size in statements: 0 means 100, at most 1000.
	Limit int
}
