// Package pgtest gives tests a throw-away PostgreSQL schema. The server is
// named by the environment variable RAPPORTEUR_TEST_POSTGRES (a
// postgres:// URL of a user that may create schemas); without it, or when
// the server does not answer, the test is skipped with a message saying
// so. .ci/run starts a server and sets it.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the environment variable that names the test server.
const Env = "RAPPORTEUR_TEST_POSTGRES"

var (
	reach     sync.Once
	reachErr  error
	schemaSeq atomic.Int64
)

// DSN returns the URL of a new, empty schema of the test server, dropped
// when the test ends, or skips the test when there is no server. Each
// call has its own schema, so tests may run in parallel.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skipf("no PostgreSQL to test against: set %s to a postgres:// URL (.ci/run starts one)", Env)
	}
	reach.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			reachErr = err
			return
		}
		conn.Close(ctx)
	})
	if reachErr != nil {
		t.Skipf("PostgreSQL at %s (from %s) does not answer: %v", redact(base), Env, reachErr)
	}
	schema := fmt.Sprintf("t%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", redact(base), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the URL"
	}
	return u.Redacted()
}
