package postgres_test

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

// TestTargetNames: target:"Donald Trump" finds a target written "Trump"
// that the speaker registry knows as his name, as on SQLite.
func TestTargetNames(t *testing.T) { storetest.RunTargetNames(t, open) }
