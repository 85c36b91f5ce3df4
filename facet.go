package rapporteur

// Facets break the results of an article search down by source, speaker,
// credit, language, statement kind and act, each value with the number of
// matching articles that have it (issue 15). A store counts them over a
// bounded sample of the matches, the newest ones, so that a search of a
// million articles costs the same as one of a thousand: Sample is how many
// matches were counted, and Complete says whether they were all of them.
// When they were not, a value's share of the sample estimates its share of
// all the matches. The facets of a statement search count statements the
// same way (a credit: those whose article credits it).
type Facets struct {
	Sources   []FacetValue `json:"sources"`
	Speakers  []FacetValue `json:"speakers"`
	Credits   []FacetValue `json:"credits"`
	Languages []FacetValue `json:"languages"`
	Kinds     []FacetValue `json:"kinds"`
	Acts      []FacetValue `json:"acts"`
	Sample    int64        `json:"sample"`
	Complete  bool         `json:"complete"`
}

// FacetValue is one value of a facet: a source or speaker (ID and its
// name), or a credit, language, kind or act (Value, and Name as shown).
type FacetValue struct {
	ID    int64  `json:"id,omitempty"`
	Value string `json:"value,omitempty"`
	Name  string `json:"name"`
	Count int64  `json:"count"`
}
