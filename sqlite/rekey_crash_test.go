package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// rekeyCrashEnv names the store a child process of TestRekeyKilled
// re-keys until it kills itself.
const rekeyCrashEnv = "RAPPORTEUR_TEST_REKEY_CRASH"

// TestRekeyKilled: a re-key after a registry rules update, killed with
// SIGKILL after two batches (no rollback, no close), goes on when the store
// is opened again, and the store ends as an uninterrupted re-key leaves
// it: every statement with the same speaker (ids included), name, type
// and count, the same pointers from old speakers, a user's merge kept.
func TestRekeyKilled(t *testing.T) {
	if path := os.Getenv(rekeyCrashEnv); path != "" {
		batches := 0
		ctx := rapporteur.WithRekeyOptions(context.Background(), rapporteur.RekeyOptions{Batch: 3, Progress: func(done, total int64) {
			if batches++; batches == 3 { // the start, then two batches
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}})
		_, err := OpenContext(ctx, path)
		fmt.Fprintf(os.Stderr, "not killed: %v\n", err)
		os.Exit(3)
	}
	dir := t.TempDir()
	killed, whole := filepath.Join(dir, "killed.db"), filepath.Join(dir, "whole.db")
	db, err := Open(killed)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Joe Biden", "Biden", "Hunter Biden", "Erdogan", "Recep Tayyip Erdoğan", "Erdogan",
		"Angela Merkel", "Merkel", "World Health Organization", "Boris Johnson", "Johnson", "Mary Trump",
		"Donald Trump", "Trump", "Joe Biden"}
	for i, name := range names {
		typ := ""
		if strings.Contains(name, "Organization") {
			typ = rapporteur.Organization
		}
		text := fmt.Sprintf("%s said the plan number %d was late.", name, i)
		a := storetest.Article(fmt.Sprintf("https://rekey.example/%d", i), fmt.Sprintf("Plan %d", i), text, storetest.Day.AddDate(0, 0, i),
			storetest.Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("the plan number %d was late", i), Cue: "said", Speaker: name, Mention: name, Type: typ})
		if _, err := db.PutArticle(context.Background(), a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	var hunter, joe int64
	if err := db.read.QueryRow(`SELECT (SELECT id FROM speakers WHERE name = 'Hunter Biden'), (SELECT id FROM speakers WHERE name = 'Joe Biden')`).Scan(&hunter, &joe); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Correct(context.Background(), rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe, By: "tester"}); err != nil {
		t.Fatal(err)
	}
	// Keyed with older rules, as a store before a registry update is.
	if _, err := db.write.Exec(`UPDATE counters SET n = 1 WHERE name = 'speaker_registry'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	copyFile(t, killed, whole)

	snapshot := func(path string) string {
		db, err := OpenContext(rapporteur.WithRekeyOptions(context.Background(), rapporteur.RekeyOptions{Batch: 3}), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var b strings.Builder
		for _, q := range []string{
			`SELECT s.id, coalesce(s.speaker_id, 0), coalesce(sp.name, ''), coalesce(sp.type, ''), coalesce(sp.statement_count, 0)
			FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id ORDER BY s.id`,
			`SELECT id, merged_into, 0, '', 0 FROM merged_speakers ORDER BY id`,
			`SELECT id, statement_count, name, type, first_seen FROM speakers ORDER BY id`,
		} {
			rows, err := db.read.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var a, b2, e int64
				var c, d string
				if err := rows.Scan(&a, &b2, &c, &d, &e); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "%d %d %s %s %d\n", a, b2, c, d, e)
			}
			rows.Close()
			b.WriteString("--\n")
		}
		var left int
		if err := db.read.QueryRow(`SELECT (SELECT count(*) FROM rekey_state) + (SELECT count(*) FROM rekey_old) + (SELECT count(*) FROM rekey_moves)`).Scan(&left); err != nil || left != 0 {
			t.Errorf("re-key tables hold %d rows after the re-key (%v), want none", left, err)
		}
		return b.String()
	}
	want := snapshot(whole)

	cmd := exec.Command(os.Args[0], "-test.run=^TestRekeyKilled$")
	cmd.Env = append(os.Environ(), rekeyCrashEnv+"="+killed)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the re-key was not killed: %v\n%s", err, out)
	}
	// Two batches of three articles were kept.
	raw, err := sql.Open("sqlite", killed)
	if err != nil {
		t.Fatal(err)
	}
	var done, total int64
	if err := raw.QueryRow(`SELECT done, total FROM rekey_state`).Scan(&done, &total); err != nil || done != 6 || total != int64(len(names)) {
		t.Errorf("after the kill: %d of %d articles re-keyed (%v), want 6 of %d", done, total, err, len(names))
	}
	raw.Close()

	// The same killed re-key, opened by a binary with newer rules than it
	// began with: it is finished, then every article keyed again.
	older := filepath.Join(dir, "older.db")
	copyFile(t, killed, older)
	if raw, err = sql.Open("sqlite", older); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE rekey_state SET version = 1`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if got := snapshot(killed); got != want {
		t.Errorf("after a re-key killed and opened again:\n%s\nwant (uninterrupted):\n%s", got, want)
	}
	// Keyed twice, it may also hold pointers from ids the second pass
	// made and merged away, which no statement or page shows.
	got, wantParts := strings.Split(snapshot(older), "--\n"), strings.Split(want, "--\n")
	if got[0] != wantParts[0] || got[2] != wantParts[2] {
		t.Errorf("after a re-key of older rules killed and opened again:\n%s\nwant (uninterrupted):\n%s", strings.Join(got, "--\n"), want)
	}
	for _, p := range strings.Split(strings.TrimSpace(wantParts[1]), "\n") {
		if !strings.Contains(got[1], p+"\n") {
			t.Errorf("after a re-key of older rules killed and opened again, the pointer %q is gone:\n%s", p, got[1])
		}
	}
	// The user's merge holds: Hunter Biden's statement is Joe Biden's,
	// with his two and the lone "Biden".
	if strings.Contains(want, "Hunter") {
		t.Errorf("a speaker named Hunter Biden after the re-key: the user's merge was lost:\n%s", want)
	}
	db, err = Open(whole)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if sp, err := db.Speaker(context.Background(), joe); err != nil || sp.Name != "Joe Biden" || sp.StatementCount != 4 {
		t.Errorf("Joe Biden after the re-key: %+v, %v; want 4 statements (his, Biden's, Hunter Biden's)", sp, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
