package sqlite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// crashEnv names the database the crash child ingests into.
const crashEnv = "RAPPORTEUR_SQLITE_CRASH_DB"

// crashArticles is how many articles the child would ingest if not killed.
const crashArticles = 1500

// TestCrashChild is the child of TestCrash: it ingests articles until it
// is killed, printing "stored N" after each committed batch. It does nothing in a
// normal test run.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestCrash only")
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	as := corpus(t)
	// Batches of 10 (group-committed), so that the kill may land inside a
	// transaction holding several articles.
	for i := 0; i < crashArticles; i += 10 {
		var items []rapporteur.PutItem
		for k := i; k < min(i+10, crashArticles); k++ {
			items = append(items, rapporteur.PutItem{Article: nth(as, k)})
		}
		if _, errs := db.PutArticles(context.Background(), items); errors.Join(errs...) != nil {
			t.Fatal(errors.Join(errs...))
		}
		fmt.Fprintf(os.Stdout, "stored %d\n", i+len(items))
	}
	select {} // wait to be killed
}

// TestCrash kills an ingesting process with SIGKILL, reopens the database
// and checks that every committed article is there, whole, once; then
// ingests everything again and checks that the count equals the number of
// distinct articles.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it in the middle of the ingest, at an arbitrary point of a
	// transaction.
	committed := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "stored "); ok {
			committed, _ = strconv.Atoi(n)
			if committed >= 300 {
				break
			}
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if committed < 300 {
		t.Fatalf("the child stored %d articles before it stopped", committed)
	}

	db, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer db.Close()
	as := corpus(t)
	n := checkComplete(t, db, as)
	if n < committed {
		t.Errorf("%d articles after the crash, but %d were committed", n, committed)
	}
	t.Logf("killed after %d commits; %d articles found whole", committed, n)

	ctx := context.Background()
	for i := range crashArticles {
		if _, err := db.PutArticle(ctx, nth(as, i), rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := checkComplete(t, db, as); n != crashArticles {
		t.Errorf("%d articles after ingesting again, want %d", n, crashArticles)
	}
}

// checkComplete checks the database's integrity, that each article has all
// its statements, credits and entities, and that the counters agree; it
// returns the number of articles.
func checkComplete(t *testing.T, db *DB, as []rapporteur.Article) int {
	t.Helper()
	// On the write connection: PRAGMA integrity_check on a read
	// connection opened before many commits reports FTS5 "corruption"
	// from the structure it cached (searches on it do not; see
	// TestReaderSeesMerges).
	var ok string
	if err := db.write.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity check: %q, %v", ok, err)
	}
	for _, fts := range []string{"articles_fts", "statements_fts", "speakers_fts"} {
		if _, err := db.write.Exec(`INSERT INTO ` + fts + `(` + fts + `) VALUES ('integrity-check')`); err != nil {
			t.Errorf("%s integrity check: %v", fts, err)
		}
	}
	rows, err := db.read.Query(`SELECT a.external_id, a.statement_count,
		(SELECT count(*) FROM statements s WHERE s.article_id = a.id),
		(SELECT count(*) FROM credits c WHERE c.article_id = a.id),
		json_array_length(a.entities)
		FROM articles a`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	seen := map[string]bool{}
	for rows.Next() {
		var ext string
		var count, statements, credits, entities int
		if err := rows.Scan(&ext, &count, &statements, &credits, &entities); err != nil {
			t.Fatal(err)
		}
		i, err := strconv.Atoi(strings.TrimPrefix(ext, "gen-"))
		if err != nil || seen[ext] {
			t.Errorf("article %q unknown or twice", ext)
			continue
		}
		seen[ext] = true
		want := nth(as, i)
		if count != len(want.Statements) || statements != count || credits != len(want.Credits) || entities != len(want.Entities) {
			t.Errorf("article %s: %d statements (count %d), %d credits, %d entities; want %d, %d, %d",
				ext, statements, count, credits, entities, len(want.Statements), len(want.Credits), len(want.Entities))
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var articles, statements, speakerSum, statementsWithSpeaker int64
	if err := db.read.QueryRow(`SELECT (SELECT n FROM counters WHERE name = 'articles'), (SELECT n FROM counters WHERE name = 'statements'),
		(SELECT coalesce(sum(statement_count), 0) FROM speakers), (SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id
		WHERE s.speaker_id IS NOT NULL AND a.duplicate_of IS NULL)`).
		Scan(&articles, &statements, &speakerSum, &statementsWithSpeaker); err != nil {
		t.Fatal(err)
	}
	var realStatements int64
	db.read.QueryRow(`SELECT count(*) FROM statements`).Scan(&realStatements)
	if articles != int64(n) || statements != realStatements || speakerSum != statementsWithSpeaker {
		t.Errorf("counters: %d articles, %d statements, speakers count %d; the tables hold %d, %d, %d",
			articles, statements, speakerSum, n, realStatements, statementsWithSpeaker)
	}
	return n
}
