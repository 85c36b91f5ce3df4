package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestStorylines(t *testing.T) {
	storetest.RunStorylines(t, func(t *testing.T) storetest.Storylines { return MustOpenDB(t) })
}
