package postgres

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
)

// roundTrips counts the statements and batches a pool sends: each is one
// round trip to the server (a batch's statements go together).
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

// BenchmarkWriteRoundTrips stores $RAPPORTEUR_SCALE_CORPUS articles into a
// new schema of $RAPPORTEUR_TEST_POSTGRES, one writer, after as many
// again to fill the registry, and reports the round trips to the server
// and the time per article: through PutArticles (batches of 64, group
// commit) and as package jobs does (PreparePut, and WriteTx in a
// transaction of one article).
//
//	RAPPORTEUR_SCALE_CORPUS=/tmp/tosca.jsonl bench/with-postgres.sh go test ./postgres -run XXX -bench WriteRoundTrips -benchtime 1x
func BenchmarkWriteRoundTrips(b *testing.B) {
	as := scaleCorpus(b)
	const warm, n = 1000, 1000
	for _, path := range []string{"group", "job"} {
		b.Run(path, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				ctx := context.Background()
				dsn := pgtest.DSN(b)
				db, err := Open(ctx, dsn)
				if err != nil {
					b.Fatal(err)
				}
				var rt roundTrips
				cfg, err := pgxpool.ParseConfig(dsn)
				if err != nil {
					b.Fatal(err)
				}
				cfg.ConnConfig.Tracer = &rt
				db.pool.Close()
				if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
					b.Fatal(err)
				}
				put := func(from, to int64) {
					if path == "group" {
						for i := from; i < to; i += 64 {
							var items []rapporteur.PutItem
							for k := i; k < min(i+64, to); k++ {
								items = append(items, rapporteur.PutItem{Article: scaleArticle(as, k)})
							}
							if _, errs := db.PutArticles(ctx, items); errs[0] != nil {
								b.Fatal(errs[0])
							}
						}
						return
					}
					for i := from; i < to; i++ {
						p, err := db.PreparePut(ctx, []rapporteur.PutItem{{Article: scaleArticle(as, i)}})
						if err != nil {
							b.Fatal(err)
						}
						tx, err := db.pool.Begin(ctx)
						if err != nil {
							b.Fatal(err)
						}
						if _, err := p.WriteTx(ctx, tx); err != nil {
							b.Fatal(err)
						}
						if err := tx.Commit(ctx); err != nil {
							b.Fatal(err)
						}
					}
				}
				put(0, warm)
				before := rt.n.Load()
				start := time.Now()
				b.StartTimer()
				put(warm, warm+n)
				b.StopTimer()
				b.ReportMetric(float64(rt.n.Load()-before)/n, "round-trips/article")
				b.ReportMetric(float64(time.Since(start).Microseconds())/1000/n, "ms/article")
				db.Close()
			}
		})
	}
}
