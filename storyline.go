package rapporteur

// Storyline is the level above stories: events that follow from each
// other (a pullout, then the first attack after it). A story is one event
// and its coverage; its storyline is the chain of events it is part of.
// A story that the linker has not tied to another is a storyline alone.
type Storyline struct {
	// Key names the storyline in the linker: the key of its story that
	// began first.
	Key string `json:"key"`
	// Stories are the storyline's stories, without their articles, in
	// the order they began (first article date, then id).
	Stories []*StoredStory `json:"stories"`
}

// StorylineLink sets the storyline of one story, both named by their
// linker keys (see ArticleLink.StoryKey).
type StorylineLink struct {
	StoryKey     string
	StorylineKey string
}

// ArticleStory is the story and storyline of one stored article, as an
// export gives them beside each article and statement (issue 15).
type ArticleStory struct {
	StoryID int64
	// Storyline is the key of the story's storyline, the Key the storyline
	// of the story reads with (the story's own key while it is a storyline
	// alone); "" for an article in no story.
	Storyline string
}
