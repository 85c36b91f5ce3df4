package http

import "github.com/rapporteur/rapporteur"

// wrapper is a store that wraps another and adds to it, as the
// story-linking store (storylink.Store) wraps the database: its puts link
// articles, every other method is the wrapped store's.
type wrapper interface {
	Unwrap() rapporteur.Store
}

// capability returns the first store in the chain of wrapped stores,
// starting at s, that has the optional capability T (counting, facets,
// notes, threads, corrections …). The server is given the outermost store
// so that articles it stores are linked; the capabilities beyond
// rapporteur.Store that a wrapper does not pass on itself are the wrapped
// store's, and looking for them through the chain means no wrapper has to
// repeat each of them, nor hide one by forgetting it.
func capability[T any](s any) (T, bool) {
	for s != nil {
		if t, ok := s.(T); ok {
			return t, true
		}
		w, ok := s.(wrapper)
		if !ok {
			break
		}
		s = w.Unwrap()
	}
	var zero T
	return zero, false
}
