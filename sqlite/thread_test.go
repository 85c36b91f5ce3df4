package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestThreads(t *testing.T) {
	storetest.RunThreads(t, func(t *testing.T) storetest.Threads { return MustOpenDB(t) })
}

func TestActSearch(t *testing.T) {
	storetest.RunActSearch(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}

func TestAnswerSearch(t *testing.T) {
	storetest.RunAnswerSearch(t, func(t *testing.T) storetest.Threads { return MustOpenDB(t) })
}
