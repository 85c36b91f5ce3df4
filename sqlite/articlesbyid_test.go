package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestArticlesByID(t *testing.T) {
	storetest.RunArticlesByID(t, func(t *testing.T) storetest.ArticlesReader { return MustOpenDB(t) })
}
