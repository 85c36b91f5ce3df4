package rapporteur

import "context"

// RekeyOptions tune how a store re-keys its speakers: after a registry
// rules update (when the store is opened) or when every correction is
// applied again. The re-key works through the articles in batches, each
// its own transaction, with its progress kept in the store: an interrupted
// re-key (a crash, a kill, a cancelled context) goes on where it stopped
// the next time the store is opened.
type RekeyOptions struct {
	// Batch is how many articles one transaction re-keys; 0 is the
	// store's default (DefaultRekeyBatch).
	Batch int
	// Progress, when set, is told after each batch how many of the
	// articles to re-key are done.
	Progress func(done, total int64)
}

// DefaultRekeyBatch is the articles per transaction of a re-key: about
// ten seconds of work, so that a kill loses little and readers (and, on
// PostgreSQL, other writers) wait at most one batch.
const DefaultRekeyBatch = 5000

type rekeyKey struct{}

// WithRekeyOptions returns a context that carries o to a store's re-key
// (sqlite.OpenContext, postgres.Open, ReapplyCorrections).
func WithRekeyOptions(ctx context.Context, o RekeyOptions) context.Context {
	return context.WithValue(ctx, rekeyKey{}, o)
}

// RekeyOptionsFrom returns the options ctx carries, with the batch
// defaulted.
func RekeyOptionsFrom(ctx context.Context) RekeyOptions {
	o, _ := ctx.Value(rekeyKey{}).(RekeyOptions)
	if o.Batch <= 0 {
		o.Batch = DefaultRekeyBatch
	}
	return o
}
