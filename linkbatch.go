package rapporteur

// LinkBatch is what story linking records for one batch of stored
// articles, in this order: the articles' links (as Store.LinkArticles),
// the story merges the linker made meanwhile (as Store.MergeStories, from
// then into, oldest first), the storylines of the stories linked (as
// LinkStorylines) and the storyline merges (as MergeStorylines). A store
// that records it in the transaction that stores the batch commits once
// per batch instead of once for the articles and once more for each of
// these steps (see storylink.TxBackend).
type LinkBatch struct {
	Links      []LinkItem
	Merges     [][2]string
	Lines      []StorylineLink
	LineMerges [][2]string
}

// Empty says whether the batch records nothing.
func (b LinkBatch) Empty() bool {
	return len(b.Links) == 0 && len(b.Merges) == 0 && len(b.Lines) == 0 && len(b.LineMerges) == 0
}
