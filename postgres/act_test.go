package postgres_test

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

// TestActSearch: the search fields act: and target: (issue 11), as on
// SQLite.
func TestActSearch(t *testing.T) { storetest.RunActSearch(t, open) }
