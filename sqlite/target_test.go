package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestTargetNames: target:"Donald Trump" finds a target written "Trump"
// that the speaker registry knows as his name.
func TestTargetNames(t *testing.T) {
	storetest.RunTargetNames(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}
