package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/registry"
)

// registryVersion is the version of the registry rules the speakers were
// keyed with; a store keyed with an older one is re-keyed when opened.
// Raise it when the rules change whose speaker a statement is: 2 is the
// type vote after the article's statements (ce6fc24), partitives and
// employers that are no speakers, and lone surnames chosen again among
// namesakes past a pronoun or a title (105951a).
const registryVersion = 2

const (
	qAliasByKey = `SELECT sp.id, sp.key, sp.name, sp.type, sp.statement_count FROM speaker_aliases al
		JOIN speakers sp ON sp.id = al.speaker_id WHERE al.key = ?`
	// surname <> '' lets SQLite use the partial index speakers_by_surname:
	// without it, every lone surname read all the speakers.
	qBySurname = `SELECT id, key, name, type, statement_count FROM speakers
		WHERE surname = ? AND surname <> '' AND type = 'person' ORDER BY statement_count DESC, id LIMIT 3`
	qUserKey = `SELECT sp.id, sp.key, sp.name, sp.type, sp.statement_count FROM speaker_aliases al
		JOIN speakers sp ON sp.id = al.speaker_id WHERE al.key = ? AND al.source = 'user'`
	qAliasIns     = `INSERT INTO speaker_aliases (key, speaker_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`
	qAliasNames   = `SELECT name, alias_names FROM speakers WHERE id = ?`
	qAliasNameSet = `UPDATE speakers SET alias_names = ? WHERE id = ?`
	qSpeakerFTS   = `DELETE FROM speakers_fts WHERE rowid = ?`
	// A speaker changes type only when the other type has more than
	// twice the statements of its own: "Perttu Ahola" typed an
	// organization once in a hundred answers becomes a person, while
	// "Red Hat", read as a person three times and a company twice, stays
	// what it was first seen as.
	qSpeakerType = `UPDATE speakers SET type = coalesce((SELECT v.speaker_type FROM (SELECT speaker_type, count(*) AS n
		FROM statements WHERE speaker_id = ?1 AND speaker_type IN ('person', 'organization') GROUP BY speaker_type) v
		WHERE v.n > 2 * (SELECT count(*) FROM statements WHERE speaker_id = ?1 AND speaker_type IN ('person', 'organization')
		AND speaker_type <> v.speaker_type)), type)
		WHERE id = ?1 AND type_fixed = 0`
	qSpeakerFTSPut = `INSERT INTO speakers_fts (rowid, name, aliases) VALUES (?, ?, ?)`
)

// lookup reads the registry inside the writer's transaction, so an
// article sees the speakers the articles before it in its group created.
type lookup struct{ w *writer }

func (l lookup) scan(r *sql.Row) (registry.Candidate, bool, error) {
	var c registry.Candidate
	err := r.Scan(&c.ID, &c.Key, &c.Name, &c.Type, &c.Count)
	if err == sql.ErrNoRows {
		return c, false, nil
	}
	return c, err == nil, err
}

func (l lookup) ByKey(key string) (registry.Candidate, bool, error) {
	return l.scan(l.w.tx.QueryRowContext(l.w.ctx, qAliasByKey, key))
}

// UserKey implements registry.UserLookup.
func (l lookup) UserKey(keys ...string) (registry.Candidate, bool, error) {
	if l.w.userAliases == 0 {
		var any bool
		if err := l.w.tx.QueryRowContext(l.w.ctx, `SELECT EXISTS (SELECT 1 FROM speaker_aliases INDEXED BY speaker_aliases_by_user
			WHERE source = 'user')`).Scan(&any); err != nil {
			return registry.Candidate{}, false, err
		}
		l.w.userAliases = 1
		if any {
			l.w.userAliases = 2
		}
	}
	if l.w.userAliases == 1 {
		return registry.Candidate{}, false, nil
	}
	for _, k := range keys {
		if c, ok, err := l.scan(l.w.stmt(qUserKey).QueryRowContext(l.w.ctx, k)); err != nil || ok {
			return c, ok, err
		}
	}
	return registry.Candidate{}, false, nil
}

func (l lookup) BySurname(s string) ([]registry.Candidate, error) {
	rows, err := l.w.tx.QueryContext(l.w.ctx, qBySurname, s)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []registry.Candidate
	for rows.Next() {
		var c registry.Candidate
		if err := rows.Scan(&c.ID, &c.Key, &c.Name, &c.Type, &c.Count); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}

// speakerIDs resolves an article's statements against the registry and
// returns each one's canonical speaker (nil for none), creating speakers
// and aliases as needed. Counts are the caller's business.
func (w *writer) speakerIDs(articleID int64, sts []rapporteur.Statement, entities []rapporteur.Entity, date int64) ([]any, error) {
	rs, err := registry.Resolve(sts, entities, articleID, lookup{w})
	if err != nil {
		return nil, errorf("speaker registry: %w", err)
	}
	ids := make([]any, len(sts))
	known := map[string]int64{}
	typed := map[string]string{} // the type each key came with first in this article
	for i, r := range rs {
		if r.Skip {
			continue
		}
		id, ok := known[r.Key]
		if !ok {
			if id, err = w.registrySpeaker(r, date); err != nil {
				return nil, errorf("speaker %q: %w", sts[i].Speaker.Name, err)
			}
			known[r.Key], typed[r.Key] = id, r.Type
		} else if typed[r.Key] != r.Type {
			// The article types the name both ways: its votes count once
			// its statements are stored.
			w.typeVotes = append(w.typeVotes, id)
		}
		ids[i] = id
		if r.Alias != "" {
			if err := w.exec(qAliasIns, r.Alias, id); err != nil {
				return nil, errorf("speaker alias: %w", err)
			}
		}
		if err := w.aliasName(id, r.Key, r.Type, sts[i].Speaker.Name); err != nil {
			return nil, errorf("speaker alias: %w", err)
		}
	}
	// A statement a user gave another speaker keeps it (correct.go).
	if err := w.applyPins(articleID, sts, ids); err != nil {
		return nil, err
	}
	return ids, nil
}

// flushRetype gives the speakers whose names came typed both ways the
// type most of their statements give (qSpeakerType); it runs after an
// article's statements are stored, so that they vote too: an interview
// whose first answer the extractor typed an organization makes no
// organization of the person who gives the hundred others.
func (w *writer) flushRetype() error {
	for _, id := range w.typeVotes {
		if err := w.exec(qSpeakerType, id); err != nil {
			return err
		}
	}
	w.typeVotes = w.typeVotes[:0]
	return nil
}

// registrySpeaker finds the speaker of a key or creates it. A new full
// name takes in the lone-surname speaker of its surname when it is the
// only full name with that surname: "Erdogan", stored before "Recep Tayyip
// Erdoğan" arrived, becomes one of its aliases.
func (w *writer) registrySpeaker(r registry.Resolved, date int64) (int64, error) {
	c, ok, err := lookup{w}.ByKey(r.Key)
	if err != nil || ok {
		if err == nil && c.Type != r.Type && registry.Type(c.Name, r.Type) == r.Type {
			// The extractor typed the name both ways ("Perttu Ahola" once
			// an organization): the speaker takes the type most of its
			// statements give, unless the lexicon decides it, counted
			// once this article's statements are stored (flushRetype).
			w.typeVotes = append(w.typeVotes, c.ID)
		}
		return c.ID, err
	}
	var others []registry.Candidate
	if r.Surname != "" {
		if others, err = (lookup{w}).BySurname(r.Surname); err != nil {
			return 0, err
		}
	}
	var id int64
	var preset any
	if w.rekey != nil {
		preset = w.rekey.id(r.Key)
	}
	if err := w.tx.QueryRowContext(w.ctx, `INSERT INTO speakers (id, key, type, name, surname, first_seen, last_seen)
		VALUES (coalesce(?, `+nextSpeakerID+`), ?, ?, ?, ?, ?, ?) RETURNING id`, preset, r.Key, r.Type, r.Name, r.Surname, date, date).Scan(&id); err != nil {
		return 0, err
	}
	if err := w.exec(qAliasIns, r.Key, id); err != nil {
		return 0, err
	}
	w.index(qSpeakerFTS, id)
	w.index(qSpeakerFTSPut, id, r.Name, "")
	if err := w.exec(qCounter, 1, "speakers"); err != nil {
		return 0, err
	}
	if r.Surname != "" && len(others) == 0 {
		lone, ok, err := lookup{w}.ByKey(r.Surname)
		if err != nil {
			return 0, err
		}
		if ok && lone.Key == r.Surname && lone.Type == rapporteur.Person {
			if err := w.mergeSpeaker(lone.ID, id); err != nil {
				return 0, err
			}
		}
	}
	return id, nil
}

// mergeSpeaker moves every statement, alias and count of speaker from
// onto speaker to, and deletes from, leaving a pointer (see migration 015):
// each statement keeps exactly one speaker, and from's address leads to
// to.
func (w *writer) mergeSpeaker(from, to int64) error {
	for _, q := range []string{
		`UPDATE speakers SET statement_count = statement_count + (SELECT statement_count FROM speakers WHERE id = ?1),
			first_seen = min(first_seen, (SELECT first_seen FROM speakers WHERE id = ?1)),
			last_seen = max(last_seen, (SELECT last_seen FROM speakers WHERE id = ?1)) WHERE id = ?2`,
		`UPDATE statements SET speaker_id = ?2 WHERE speaker_id = ?1`,
		`UPDATE speaker_aliases SET speaker_id = ?2 WHERE speaker_id = ?1`,
		`UPDATE merged_speakers SET merged_into = ?2 WHERE merged_into = ?1`,
		`INSERT OR REPLACE INTO merged_speakers (id, merged_into) VALUES (?1, ?2)`,
		`DELETE FROM speakers WHERE id = ?1`,
	} {
		if _, err := w.tx.ExecContext(w.ctx, q, from, to); err != nil {
			return errorf("merge speaker %d into %d: %w", from, to, err)
		}
	}
	w.index(qSpeakerFTS, from)
	return w.exec(qCounter, -1, "speakers")
}

// aliasName records a name seen for a speaker, when its key differs from
// the speaker's, in the names that search by alias finds: cleaned as the
// registry reads it, so that "President Erdogan" makes "Erdogan" an alias
// and a search for "president" does not find him.
func (w *writer) aliasName(id int64, key, typ, name string) error {
	name = strings.TrimSpace(name)
	if c, ok := registry.Clean(name, typ); ok {
		name = c
	}
	nk := canon.Name(name)
	if nk == "" || nk == key {
		return nil
	}
	var canonical, names string
	if err := w.tx.QueryRowContext(w.ctx, qAliasNames, id).Scan(&canonical, &names); err != nil {
		return err
	}
	if canon.Name(canonical) == nk {
		return nil
	}
	for _, n := range strings.Split(names, "\n") {
		if canon.Name(n) == nk {
			return nil
		}
	}
	if names != "" {
		names += "\n"
	}
	names += name
	if err := w.exec(qAliasNameSet, names, id); err != nil {
		return err
	}
	w.index(qSpeakerFTS, id)
	w.index(qSpeakerFTSPut, id, canonical, names)
	return nil
}

// rekeyState keeps speaker ids stable across a re-key: a speaker whose
// key existed before keeps its id, new ones get ids above all old ones.
type rekeyState struct {
	old  map[string]int64
	used map[int64]bool
	next int64
}

func (s *rekeyState) id(key string) int64 {
	if id, ok := s.old[key]; ok && !s.used[id] {
		s.used[id] = true
		return id
	}
	s.next++
	return s.next
}

// rekeySpeakers re-keys the speakers of a store keyed with older registry
// rules: every article's statements are resolved again, in the order the
// articles came, in one transaction (so a crash leaves the old keys).
func (db *DB) rekeySpeakers(ctx context.Context) error {
	var v int64
	if err := db.write.QueryRowContext(ctx, `SELECT n FROM counters WHERE name = 'speaker_registry'`).Scan(&v); err != nil {
		return errorf("speaker registry version: %w", err)
	}
	if v >= registryVersion {
		return nil
	}
	return db.rekey(ctx)
}

// rekey works every speaker out again from the statements with the
// registry's rules, keeping the ids of the keys that stay.
func (db *DB) rekey(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return errorf("re-key speakers: %w", err)
	}
	defer tx.Rollback()
	w := &writer{db: db, ctx: ctx, tx: tx, now: db.now(), rekey: &rekeyState{old: map[string]int64{}, used: map[int64]bool{}}}
	rows, err := tx.QueryContext(ctx, `SELECT id, key FROM speakers ORDER BY id`)
	if err != nil {
		return errorf("re-key speakers: %w", err)
	}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return errorf("re-key speakers: %w", err)
		}
		if _, ok := w.rekey.old[key]; !ok {
			w.rekey.old[key] = id
		}
		w.rekey.next = max(w.rekey.next, id)
	}
	if err := rows.Close(); err != nil {
		return errorf("re-key speakers: %w", err)
	}
	// New speakers get ids above the merged ones too, whose addresses
	// lead elsewhere.
	var merged int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM merged_speakers`).Scan(&merged); err != nil {
		return errorf("re-key speakers: %w", err)
	}
	w.rekey.next = max(w.rekey.next, merged)
	// Whose statements each old speaker had, so that an old speaker whose
	// key is gone can point to the one most of them went to.
	for _, q := range []string{`CREATE TEMP TABLE old_speakers AS SELECT id, speaker_id FROM statements WHERE speaker_id IS NOT NULL`,
		`UPDATE statements SET speaker_id = NULL WHERE speaker_id IS NOT NULL`,
		`DELETE FROM speaker_aliases`, `DELETE FROM speakers`, `DELETE FROM speakers_fts`,
		`UPDATE counters SET n = 0 WHERE name = 'speakers'`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return errorf("re-key speakers: %w", err)
		}
	}
	arts, err := tx.QueryContext(ctx, `SELECT id, date, entities FROM articles ORDER BY id`)
	if err != nil {
		return errorf("re-key speakers: %w", err)
	}
	type art struct {
		id, date int64
		entities string
	}
	var all []art
	for arts.Next() {
		var a art
		var ents sql.NullString
		if err := arts.Scan(&a.id, &a.date, &ents); err != nil {
			arts.Close()
			return errorf("re-key speakers: %w", err)
		}
		a.entities = ents.String
		all = append(all, a)
	}
	if err := arts.Close(); err != nil {
		return errorf("re-key speakers: %w", err)
	}
	for _, a := range all {
		var ents []rapporteur.Entity
		_ = json.Unmarshal([]byte(a.entities), &ents) // entities only help; a bad list is no list
		rows, err := tx.QueryContext(ctx, `SELECT id, speaker_type, speaker_name, role, affiliation, mention FROM statements WHERE article_id = ? ORDER BY id`, a.id)
		if err != nil {
			return errorf("re-key speakers: %w", err)
		}
		var sids []int64
		var sts []rapporteur.Statement
		for rows.Next() {
			var sid int64
			var st rapporteur.Statement
			var mention sql.NullString
			if err := rows.Scan(&sid, &st.Speaker.Type, &st.Speaker.Name, &st.Speaker.Role, &st.Speaker.Affiliation, &mention); err != nil {
				rows.Close()
				return errorf("re-key speakers: %w", err)
			}
			if mention.Valid {
				st.Speaker.Mention = &rapporteur.Span{Text: mention.String}
			}
			sids, sts = append(sids, sid), append(sts, st)
		}
		if err := rows.Close(); err != nil {
			return errorf("re-key speakers: %w", err)
		}
		ids, err := w.speakerIDs(a.id, sts, ents, a.date)
		if err != nil {
			return errorf("re-key speakers of article %d: %w", a.id, err)
		}
		for i, id := range ids {
			if id == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE statements SET speaker_id = ? WHERE id = ?`, id, sids[i]); err != nil {
				return errorf("re-key speakers: %w", err)
			}
		}
		if err := w.flushRetype(); err != nil {
			return errorf("re-key speakers: %w", err)
		}
		// Counts as the writer keeps them (copies folded), so the lone
		// surnames of the next articles weigh their namesakes right.
		if _, err := tx.ExecContext(ctx, `UPDATE speakers SET statement_count = statement_count + c.n,
			first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?2)
			FROM (SELECT speaker_id, count(*) AS n FROM statements WHERE article_id = ?1 AND speaker_id IS NOT NULL GROUP BY speaker_id) c
			WHERE speakers.id = c.speaker_id`, a.id, a.date); err != nil {
			return errorf("re-key speakers: %w", err)
		}
	}
	// An old speaker that is gone points to the speaker most of its
	// statements went to (see migration 015), so its address still leads
	// somewhere.
	for _, q := range []string{`INSERT OR REPLACE INTO merged_speakers (id, merged_into)
		SELECT o.speaker_id, s.speaker_id FROM old_speakers o JOIN statements s ON s.id = o.id
		WHERE s.speaker_id IS NOT NULL AND o.speaker_id NOT IN (SELECT id FROM speakers)
		GROUP BY o.speaker_id, s.speaker_id
		HAVING count(*) = (SELECT max(n) FROM (SELECT count(*) AS n FROM old_speakers o2 JOIN statements s2 ON s2.id = o2.id
			WHERE o2.speaker_id = o.speaker_id AND s2.speaker_id IS NOT NULL GROUP BY s2.speaker_id))`,
		`DROP TABLE old_speakers`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return errorf("re-key speakers: %w", err)
		}
	}
	// Copies' statements are not counted: take them off as migration 010 did.
	if _, err := tx.ExecContext(ctx, `UPDATE speakers SET statement_count = (SELECT count(*) FROM statements s
		JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = speakers.id AND a.duplicate_of IS NULL)`); err != nil {
		return errorf("re-key speakers: %w", err)
	}
	if err := w.flushFTS(); err != nil {
		return err
	}
	// The users' corrections are applied again on the new keys, in
	// batches, right after (see ReapplyCorrections).
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET n = 0 WHERE name = 'corrections_applied'`); err != nil {
		return errorf("re-key speakers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET n = ? WHERE name = 'speaker_registry'`, registryVersion); err != nil {
		return errorf("re-key speakers: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return errorf("re-key speakers: %w", err)
	}
	return nil
}
