package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestAttention(t *testing.T) {
	storetest.RunAttention(t, func(t *testing.T) storetest.AttentionCounter { return MustOpenDB(t) })
}

// TestAttentionSample runs the contract of the attention estimate with
// the sample made small.
func TestAttentionSample(t *testing.T) {
	storetest.RunAttentionSample(t, func(t *testing.T) storetest.AttentionCounter { return MustOpenDB(t) },
		func(t *testing.T, n, k int) {
			a, s, w := attentionSample, attentionStatementSample, attentionWindows
			t.Cleanup(func() { attentionSample, attentionStatementSample, attentionWindows = a, s, w })
			attentionSample, attentionStatementSample, attentionWindows = n, n, k
			windowsOnly(t)
		})
}
