package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestThreads(t *testing.T) {
	storetest.RunThreads(t, func(t *testing.T) storetest.Threads { return MustOpenDB(t) })
}
