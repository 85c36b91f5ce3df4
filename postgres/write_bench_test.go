package postgres

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/storylink"
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
// commit), as package jobs does (PreparePut, and WriteTx in a
// transaction of one article), and with story linking (storylink.Writer,
// batches of 64): "linked" records the links in the put's transaction
// (TxBackend), "linked-apart" in transactions of their own, as before
// PostgreSQL was a TxBackend.
//
//	RAPPORTEUR_SCALE_CORPUS=/tmp/tosca.jsonl bench/with-postgres.sh go test ./postgres -run XXX -bench WriteRoundTrips -benchtime 1x
func BenchmarkWriteRoundTrips(b *testing.B) {
	as := scaleCorpus(b)
	const warm, n = 1000, 1000
	for _, path := range []string{"group", "job", "linked", "linked-apart"} {
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
				var linker *storylink.Writer
				switch path {
				case "linked":
					linker, err = storylink.NewWriter(ctx, db, storylink.Options{RelinkIdle: -1, RelinkAfter: -1})
				case "linked-apart":
					linker, err = storylink.NewWriter(ctx, struct{ storylink.Backend }{db}, storylink.Options{RelinkIdle: -1, RelinkAfter: -1})
				}
				if err != nil {
					b.Fatal(err)
				}
				put := func(from, to int64) {
					if linker != nil {
						for i := from; i < to; i += 64 {
							var items []rapporteur.PutItem
							for k := i; k < min(i+64, to); k++ {
								items = append(items, rapporteur.PutItem{Article: scaleArticle(as, k)})
							}
							if _, errs := linker.PutArticles(ctx, items); errs[0] != nil {
								b.Fatal(errs[0])
							}
						}
						return
					}
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
				server, client := serverCPU(b, db), clientCPU()
				start := time.Now()
				b.StartTimer()
				put(warm, warm+n)
				b.StopTimer()
				b.ReportMetric(float64(rt.n.Load()-before)/n, "round-trips/article")
				b.ReportMetric(float64(time.Since(start).Microseconds())/1000/n, "ms/article")
				// Clock ticks of 10 ms, per article in ms.
				b.ReportMetric(float64(serverCPU(b, db)-server)*10/n, "server-CPU-ms/article")
				b.ReportMetric(float64(clientCPU()-client)/1e6/n, "client-CPU-ms/article")
				if linker != nil {
					linker.Stop()
				}
				db.Close()
			}
		})
	}
}

// clientCPU is this process's CPU time so far.
func clientCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the CPU time, in clock ticks, of the PostgreSQL server of
// db (its postmaster, with the backends that ended, and each backend):
// the server must run on this machine.
func serverCPU(b *testing.B, db *DB) int64 {
	var backend int
	if err := db.pool.QueryRow(context.Background(), `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		b.Fatal(err)
	}
	stat := func(pid string) []string {
		buf, _ := os.ReadFile("/proc/" + pid + "/stat")
		s := string(buf)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
			return strings.Fields(s[i+2:])
		}
		return nil
	}
	f := stat(strconv.Itoa(backend))
	if len(f) < 2 {
		b.Skip("the PostgreSQL server runs elsewhere: no CPU time to read")
	}
	postmaster := f[1]
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	var sum int64
	for _, d := range dirs {
		pid := strings.TrimSuffix(strings.TrimPrefix(d, "/proc/"), "/stat")
		f := stat(pid)
		if len(f) < 15 || (pid != postmaster && f[1] != postmaster) {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		k, _ := strconv.ParseInt(f[12], 10, 64)
		sum += u + k
		if pid == postmaster {
			cu, _ := strconv.ParseInt(f[13], 10, 64)
			ck, _ := strconv.ParseInt(f[14], 10, 64)
			sum += cu + ck
		}
	}
	return sum
}
