package postgres_test

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/storetest"
)

// handles opens n stores on one schema, as n processes would: each with
// its own connections and writer.
func handles(wrap func(*postgres.DB) rapporteur.Store) storetest.Handles {
	return func(t *testing.T, n int) []rapporteur.Store {
		dsn := pgtest.DSN(t)
		var stores []rapporteur.Store
		for range n {
			db, err := postgres.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			stores = append(stores, wrap(db))
		}
		return stores
	}
}

// TestConcurrentWriters: article writers in several processes, through
// each process's group-committing writer.
func TestConcurrentWriters(t *testing.T) {
	storetest.RunConcurrentWriters(t, handles(func(db *postgres.DB) rapporteur.Store { return db }))
}

// TestConcurrentJobWriters: the same through PreparePut and WriteTx in a
// transaction of the caller's, as package jobs writes an article with its
// job's completion.
func TestConcurrentJobWriters(t *testing.T) {
	storetest.RunConcurrentWriters(t, handles(func(db *postgres.DB) rapporteur.Store { return jobPuts{db} }))
}

// jobPuts puts articles as package jobs does.
type jobPuts struct{ *postgres.DB }

func (s jobPuts) PutArticle(ctx context.Context, a rapporteur.Article, meta rapporteur.ArticleMeta) (rapporteur.PutResult, error) {
	res, errs := s.PutArticles(ctx, []rapporteur.PutItem{{Article: a, Meta: meta}})
	return res[0], errs[0]
}

func (s jobPuts) PutArticles(ctx context.Context, items []rapporteur.PutItem) ([]rapporteur.PutResult, []error) {
	errs := make([]error, len(items))
	fail := func(err error) ([]rapporteur.PutResult, []error) {
		for i := range errs {
			errs[i] = err
		}
		return make([]rapporteur.PutResult, len(items)), errs
	}
	p, err := s.PreparePut(ctx, items)
	if err != nil {
		return fail(err)
	}
	tx, err := s.Pool().Begin(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback(context.Background())
	res, err := p.WriteTx(ctx, tx)
	if err != nil {
		return fail(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fail(err)
	}
	return res, errs
}
