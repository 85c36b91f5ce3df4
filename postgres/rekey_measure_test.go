package postgres_test

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

// TestMeasureRekeyStores: storetest.MeasureRekey on PostgreSQL (the same
// corpus as sqlite.TestMeasureRekeyStores).
func TestMeasureRekeyStores(t *testing.T) {
	s := open(t)
	defer s.Close()
	storetest.MeasureRekey(t, s)
}
