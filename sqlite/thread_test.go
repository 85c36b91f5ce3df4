package sqlite

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestThreads(t *testing.T) {
	storetest.RunThreads(t, func(t *testing.T) storetest.Threads {
		db := MustOpenDB(t)
		db.cacheSmall = true // the contract's stories are small: thread them from the cache too
		return db
	})
}

func TestActSearch(t *testing.T) {
	storetest.RunActSearch(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}

func TestAnswerSearch(t *testing.T) {
	storetest.RunAnswerSearch(t, func(t *testing.T) storetest.Threads { return MustOpenDB(t) })
}

// TestThreadCacheSameAsUncached runs the same writes on a store that
// threads from its node cache and on one that reads every story afresh,
// in several arrival orders, with the changes the cache must notice made
// behind its back: an article stored again and not linked again, a
// statement's act changed and a speaker renamed by another connection to
// the same file (another process), an article turned into a copy and
// back, a story merged. After each write the two stores hold the same
// thread links, and the cache was used.
func TestThreadCacheSameAsUncached(t *testing.T) {
	ctx := context.Background()
	for trial := range 4 {
		dir := t.TempDir()
		cached, err := Open(filepath.Join(dir, "cached.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer cached.Close()
		cached.cacheSmall = true                            // the stories here are small
		other, err := Open(filepath.Join(dir, "cached.db")) // another process on the same file
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		plain := MustOpenDB(t)
		defer plain.Close()
		plain.noThreadCache = true
		both := func(what string, f func(db, behind *DB) error) {
			t.Helper()
			if err := f(cached, other); err != nil {
				t.Fatalf("%s (cached): %v", what, err)
			}
			if err := f(plain, plain); err != nil {
				t.Fatalf("%s (plain): %v", what, err)
			}
			a, b := dumpLinks(t, cached), dumpLinks(t, plain)
			if !slices.Equal(a, b) {
				t.Fatalf("order %d, after %s: links with the cache\n%v\nwithout\n%v", trial, what, a, b)
			}
			// The thread pages too, read twice (the second from the
			// pages' cache), by both connections to the cached file.
			for _, db := range []*DB{cached, cached, other} {
				if a, b := dumpThread(t, db), dumpThread(t, plain); a != b {
					t.Fatalf("order %d, after %s: thread page with the cache\n%s\nwithout\n%s", trial, what, a, b)
				}
			}
		}
		arts := storetest.Exchange(30)
		rng := rand.New(rand.NewSource(int64(trial)))
		ids := map[int]int64{}
		for k, i := range rng.Perm(len(arts)) {
			both(fmt.Sprintf("linking article %d", i), func(db, _ *DB) error {
				res, err := db.PutArticle(ctx, arts[i], rapporteur.ArticleMeta{})
				if err != nil {
					return err
				}
				ids[i] = res.ID
				return db.LinkArticle(ctx, res.ID, rapporteur.ArticleLink{StoryKey: "x", StoryTitle: "Exchange"})
			})
			switch k {
			case 6:
				a := arts[i]
				a.Statements = slices.Clone(a.Statements)
				a.Statements[0].Act = rapporteur.ActCriticize
				both("storing an article again, not linking it", func(db, _ *DB) error {
					_, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
					return err
				})
			case 10:
				both("changing an act behind the cache", func(_, behind *DB) error {
					_, err := behind.write.ExecContext(ctx, `UPDATE statements SET act = 'deny'
						WHERE id = (SELECT min(id) FROM statements WHERE act = 'criticize')`)
					return err
				})
			case 14:
				both("renaming a speaker behind the cache", func(_, behind *DB) error {
					_, err := behind.write.ExecContext(ctx, `UPDATE speakers SET name = 'Health Ministry' WHERE name = 'John Doe'`)
					return err
				})
			case 18:
				both("a copy and back", func(db, _ *DB) error {
					if err := db.LinkArticle(ctx, ids[i], rapporteur.ArticleLink{DuplicateOf: ids[arts0(ids, i)], StoryKey: "x"}); err != nil {
						return err
					}
					return db.LinkArticle(ctx, ids[i], rapporteur.ArticleLink{StoryKey: "x"})
				})
			case 22:
				both("linking an article into another story and merging it", func(db, _ *DB) error {
					if err := db.LinkArticle(ctx, ids[i], rapporteur.ArticleLink{StoryKey: "y"}); err != nil {
						return err
					}
					return db.MergeStories(ctx, "y", "x")
				})
			}
		}
		if cached.threads.hits < len(arts)/2 {
			t.Errorf("order %d: %d of %d articles threaded from the cache", trial, cached.threads.hits, len(arts))
		}
	}
}

// arts0 returns the index of an article linked before i other than i.
func arts0(ids map[int]int64, i int) int {
	best := -1
	for j := range ids {
		if j != i && (best < 0 || j < best) {
			best = j
		}
	}
	return best
}

// dumpLinks lists a store's thread links.
func dumpLinks(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.read.Query(`SELECT statement_id, parent_id, story_id, score FROM thread_links ORDER BY statement_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s, p, st int64
		var score float64
		if err := rows.Scan(&s, &p, &st, &score); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d<-%d@%d:%.1f", s, p, st, score))
	}
	return out
}

func TestThreadBackfill(t *testing.T) {
	storetest.RunThreadBackfill(t, func(t *testing.T) storetest.ThreadBackfiller { return MustOpenDB(t) },
		func(t *testing.T, s storetest.ThreadBackfiller, story int64) {
			if _, err := s.(*DB).write.Exec(`DELETE FROM thread_links WHERE story_id = ?`, story); err != nil {
				t.Fatal(err)
			}
		})
}

// dumpThread renders the thread of every story of a store that has one.
func dumpThread(t *testing.T, db *DB) string {
	t.Helper()
	var ids []int64
	rows, err := db.read.Query(`SELECT id FROM stories WHERE merged_into IS NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	var b strings.Builder
	for _, id := range ids {
		th, err := db.StoryThread(context.Background(), id, rapporteur.ThreadFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range th.Nodes {
			fmt.Fprintf(&b, "%d: %d<-%d depth %d across %v\n", id, n.Statement.ID, n.Parent, n.Depth, n.Across)
		}
	}
	return b.String()
}
