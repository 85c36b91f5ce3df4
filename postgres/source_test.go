package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres"
)

// TestSourceCountShards: articles of one source written by four
// processes land in a shard of its count each (migration 019), live
// connections hold shards of their own (claimShard), and
// every reader of the count (a source, the list of sources and its
// pages, an article's source) gives the sum: the number of articles, as
// one writer leaves it.
func TestSourceCountShards(t *testing.T) {
	ctx := context.Background()
	stores := handles(func(db *postgres.DB) rapporteur.Store { return db })(t, 4)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	put := func(s rapporteur.Store, url string) int64 {
		t.Helper()
		r, err := s.PutArticle(ctx, rapporteur.Article{URL: url, Title: "Bridge", Published: &day,
			Text: "The council said the bridge is closed."}, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	// busy.test: 9 articles, each process writing in turn; quiet.test 5,
	// calm.test 2, from one process.
	var busy int64
	for i := range 9 {
		busy = put(stores[i%4], fmt.Sprintf("https://busy.test/%d", i))
	}
	for i := range 5 {
		put(stores[0], fmt.Sprintf("https://quiet.test/%d", i))
	}
	for i := range 2 {
		put(stores[3], fmt.Sprintf("https://calm.test/%d", i))
	}
	// A second version of an article, from another process than wrote
	// it, counts once.
	if _, err := stores[2].PutArticle(ctx, rapporteur.Article{URL: "https://busy.test/8",
		Title: "Bridge", Published: &day, Text: "The council said the bridge is open again."}, rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}

	var shards int
	if err := stores[0].(*postgres.DB).Pool().QueryRow(ctx, `SELECT count(*) FROM source_counts c JOIN sources s ON s.id = c.source_id
		WHERE s.host = 'busy.test'`).Scan(&shards); err != nil {
		t.Fatal(err)
	}
	if shards < 4 {
		t.Fatalf("busy.test's count is in %d shard(s) after writes from 4 processes, want one each at least", shards)
	}
	// Connections open at once hold shards of their own, across
	// processes.
	seen := map[string]bool{}
	for _, s := range stores {
		pool := s.(*postgres.DB).Pool()
		var conns []*pgxpool.Conn
		for range 3 {
			c, err := pool.Acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var shard string
			if err := c.QueryRow(ctx, `SELECT current_setting('rapporteur.shard')`).Scan(&shard); err != nil {
				t.Fatal(err)
			}
			if seen[shard] {
				t.Errorf("two live connections hold shard %s", shard)
			}
			seen[shard] = true
		}
		for _, c := range conns {
			c.Release()
		}
	}

	want := []string{"busy.test 9", "quiet.test 5", "calm.test 2"}
	for i, s := range stores {
		var got []string
		cursor := ""
		for range 5 {
			p, err := s.Sources(ctx, rapporteur.SourceFilter{Limit: 1, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, src := range p.Items {
				got = append(got, fmt.Sprintf("%s %d", src.Host, src.ArticleCount))
			}
			if cursor = p.Next; cursor == "" {
				break
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("process %d lists sources %q a page of one at a time, want %q", i, got, want)
		}
		a, err := s.Article(ctx, busy)
		if err != nil {
			t.Fatal(err)
		}
		if a.Source == nil || a.Source.ArticleCount != 9 {
			t.Errorf("process %d: article %d's source is %+v, want busy.test with 9 articles", i, busy, a.Source)
		}
		src, err := s.Source(ctx, a.Source.ID)
		if err != nil || src.ArticleCount != 9 {
			t.Errorf("process %d: source busy.test = %+v, %v; want 9 articles", i, src, err)
		}
		q, err := s.Sources(ctx, rapporteur.SourceFilter{Query: "calm"})
		if err != nil || len(q.Items) != 1 || q.Items[0].ArticleCount != 2 {
			t.Errorf("process %d: sources matching calm = %+v, %v; want calm.test with 2 articles", i, q.Items, err)
		}
	}
}
