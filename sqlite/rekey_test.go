package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// oldStore creates at path a database as the version before the speaker
// registry left it: migrations up to 012 applied, speakers keyed by
// canon.Name and type, so "Erdogan" and "Recep Tayyip Erdoğan", "Afterwards
// Trump" and "Donald Trump" are four speakers. Article 4 is a wire copy of
// article 2, its statement left out of the counts as migration 010 does.
func oldStore(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY)`)
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for _, name := range names {
		if name >= "migrations/013" {
			break
		}
		buf, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		exec(string(buf))
		exec(`INSERT INTO migrations (name) VALUES (?)`, name)
	}

	day := storetest.Day.Unix()
	exec(`INSERT INTO sources (id, key, host, name, article_count, first_seen) VALUES (1, 'news.example.test', 'news.example.test', 'Example News', 4, ?)`, day)
	arts := []struct {
		id         int64
		dupOf      any
		text, ents string
	}{
		{1, nil, "Erdogan said the talks would go on.", `[{"name":"Erdogan","type":"person","mentions":1}]`},
		{2, nil, "Recep Tayyip Erdoğan said Turkey would stay. Erdogan added that the door was open.", `[{"name":"Recep Tayyip Erdoğan","type":"person","mentions":2}]`},
		{3, nil, "Donald Trump said the wall was built. Afterwards Trump said it was paid for.", `[{"name":"Donald Trump","type":"person","mentions":2}]`},
		{4, int64(2), "Recep Tayyip Erdoğan said Turkey would stay.", `[{"name":"Recep Tayyip Erdoğan","type":"person","mentions":1}]`},
	}
	for _, a := range arts {
		date := day + (a.id-1)*86400
		exec(`INSERT INTO articles (id, dedup_key, content_hash, record_hash, source_id, published, date, language, created, updated,
			url, title, body, entities, duplicate_of) VALUES (?, ?, ?, ?, 1, ?, ?, 'en', ?, ?, ?, ?, ?, ?, ?)`,
			a.id, fmt.Sprintf("u:https://news.example.test/%d", a.id), a.id, a.id, date, date, date, date,
			fmt.Sprintf("https://news.example.test/%d", a.id), "Article", a.text, a.ents, a.dupOf)
	}
	// The old speakers: key, name, statements counted (copies left out).
	exec(`INSERT INTO speakers (id, key, type, name, statement_count, first_seen, last_seen) VALUES
		(1, 'erdogan', 'person', 'Erdogan', 2, ?1, ?1 + 86400),
		(2, 'recep tayyip erdogan', 'person', 'Recep Tayyip Erdoğan', 1, ?1 + 86400, ?1 + 86400),
		(3, 'afterwards trump', 'person', 'Afterwards Trump', 1, ?1 + 2*86400, ?1 + 2*86400),
		(4, 'donald trump', 'person', 'Donald Trump', 1, ?1 + 2*86400, ?1 + 2*86400)`, day)
	sts := []struct {
		id, article, speaker int64
		name, content        string
	}{
		{1, 1, 1, "Erdogan", "the talks would go on"},
		{2, 2, 2, "Recep Tayyip Erdoğan", "Turkey would stay"},
		{3, 2, 1, "Erdogan", "the door was open"},
		{4, 3, 4, "Donald Trump", "the wall was built"},
		{5, 3, 3, "Afterwards Trump", "it was paid for"},
		{6, 4, 2, "Recep Tayyip Erdoğan", "Turkey would stay"},
	}
	for _, s := range sts {
		exec(`INSERT INTO statements (id, article_id, speaker_id, date, source_id, kind, confidence, content_start, content_end,
			speaker_type, speaker_name, mention, mode, content) VALUES (?, ?, ?, ?, 1, 'indirect', 0.9, 0, 1, 'person', ?, ?, 'speech', ?)`,
			s.id, s.article, s.speaker, day+(s.article-1)*86400, s.name, s.name, s.content)
	}
	exec(`UPDATE counters SET n = 4 WHERE name IN ('articles', 'speakers')`)
	exec(`UPDATE counters SET n = 6 WHERE name = 'statements'`)
	exec(`UPDATE counters SET n = 1 WHERE name = 'sources'`)
}

// TestRekeyOldStore opens a store written before the speaker registry:
// its speakers are re-keyed as new articles would be, ids kept where keys
// survive, so that the list, the pages and the counts show one speaker
// per person.
func TestRekeyOldStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	oldStore(t, path)
	db, err := Open(path)
	if err != nil {
		t.Fatalf("opening the old store: %v", err)
	}
	defer db.Close()

	list, err := db.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id    int64
		name  string
		count int
	}
	var got []row
	for _, sp := range list.Items {
		got = append(got, row{sp.ID, sp.Name, sp.StatementCount})
	}
	// Erdoğan and Trump keep the ids of their full names: links to their
	// pages still work. The copy's statement is not counted.
	want := []row{{2, "Recep Tayyip Erdoğan", 3}, {4, "Donald Trump", 2}}
	if !slices.Equal(got, want) {
		t.Fatalf("speakers after re-keying %v, want %v", got, want)
	}
	// The speakers that joined them lead to them: their pages were
	// linked to as well.
	for id, into := range map[int64]int64{1: 2, 3: 4} {
		sp, err := db.Speaker(ctx, id)
		if err != nil || sp.ID != into {
			t.Errorf("the joined speaker %d: %v, %v; want speaker %d", id, sp, err, into)
		}
	}
	erdogan, err := db.Speaker(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if erdogan.StatementCount != 3 || !slices.Contains(erdogan.Aliases, "Erdogan") || !erdogan.FirstSeen.Equal(storetest.Day) {
		t.Errorf("Erdoğan's page: %d statements, aliases %q, first seen %v; want 3, Erdogan, %v",
			erdogan.StatementCount, erdogan.Aliases, erdogan.FirstSeen, storetest.Day)
	}
	found, err := db.Speakers(ctx, rapporteur.SpeakerFilter{Query: "erdogan"})
	if err != nil || len(found.Items) != 1 || found.Items[0].ID != 2 {
		t.Errorf("search erdogan finds %+v, %v; want Recep Tayyip Erdoğan alone", found.Items, err)
	}

	// Every statement has exactly one speaker, the copy's too.
	wantSpeaker := map[int64]int64{1: 2, 2: 2, 3: 2, 4: 4, 5: 4, 6: 2}
	for a := int64(1); a <= 4; a++ {
		art, err := db.Article(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range art.Statements {
			if st.SpeakerID != wantSpeaker[st.ID] {
				t.Errorf("statement %d (%s) has speaker %d, want %d", st.ID, st.Speaker.Name, st.SpeakerID, wantSpeaker[st.ID])
			}
		}
	}
	days, err := db.SpeakerTimeline(ctx, 2, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range days {
		total += d.Count
	}
	if total != 3 {
		t.Errorf("Erdoğan's timeline adds up to %d, want 3", total)
	}
	stats, err := db.Stats(ctx)
	if err != nil || stats.Speakers != 2 || stats.Statements != 6 {
		t.Errorf("stats %+v, %v; want 2 speakers, 6 statements", stats, err)
	}

	// Opened again, the store is not re-keyed twice: same speakers.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err = db.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100})
	if err != nil || len(list.Items) != 2 || list.Items[0].ID != 2 || list.Items[1].ID != 4 {
		t.Errorf("speakers after reopening: %+v, %v", list.Items, err)
	}
}

// TestRekeyIndustryCompany runs storetest's re-keying contract: a store
// keyed with older registry rules is keyed anew when opened.
func TestRekeyIndustryCompany(t *testing.T) { storetest.RunRekeyOldRules(t, oldRules) }

// TestRekeyUSBodies runs storetest's rules 6 re-keying contract: the
// spellings of a United States body are one speaker once the store is
// opened.
func TestRekeyUSBodies(t *testing.T) { storetest.RunRekeyUSBodies(t, oldRules) }

// oldRules opens a store on a file the contract may key with older rules
// by SQL, and reopens it.
func oldRules(t *testing.T) storetest.OldRules {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return storetest.OldRules{
		Store: db,
		Exec: func(q string) error {
			_, err := db.write.Exec(q)
			return err
		},
		Reopen: func() rapporteur.Store {
			db.Close()
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			return db
		},
	}
}
