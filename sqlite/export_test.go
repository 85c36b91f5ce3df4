package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestExportExtras(t *testing.T) {
	storetest.RunExportExtras(t, func(t *testing.T) storetest.ExportExtras { return MustOpenDB(t) })
}
