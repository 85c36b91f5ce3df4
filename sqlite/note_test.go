package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestNotes(t *testing.T) {
	storetest.RunNotes(t, func(t *testing.T) storetest.Noter { return MustOpenDB(t) })
}

func TestStatementAlerts(t *testing.T) {
	storetest.RunStatementAlerts(t, func(t *testing.T) storetest.StatementAlerter { return MustOpenDB(t) })
}
