package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/registry"
)

// registryVersion is the version of the registry rules the speakers were
// keyed with; a store keyed with an older one is re-keyed when opened.
const registryVersion = registry.Version

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
	// what it was first seen as. The counts come from the index
	// statements_by_speaker_type alone (migration 022).
	qSpeakerTypes = `SELECT type, type_fixed, (SELECT count(*) FROM statements WHERE speaker_id = ?1 AND speaker_type = 'person'),
		(SELECT count(*) FROM statements WHERE speaker_id = ?1 AND speaker_type = 'organization')
		FROM speakers WHERE id = ?1`
	qSpeakerType   = `UPDATE speakers SET type = ? WHERE id = ? AND type_fixed = 0`
	qSpeakerFTSPut = `INSERT INTO speakers_fts (rowid, name, aliases) VALUES (?, ?, ?)`
	// A new speaker, or an old one a re-key claims (rekeyBatch): every
	// column as for a new one.
	qSpeakerIns = `INSERT INTO speakers (id, key, type, name, surname, first_seen, last_seen)
		VALUES (coalesce(?, ` + nextSpeakerID + `), ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET key = excluded.key, type = excluded.type, name = excluded.name,
		surname = excluded.surname, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
		statement_count = 0, alias_names = '', type_fixed = 0
		RETURNING id`
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
		var typ string
		var fixed bool
		var persons, orgs int
		err := w.stmt(qSpeakerTypes).QueryRowContext(w.ctx, id).Scan(&typ, &fixed, &persons, &orgs)
		if err == sql.ErrNoRows || err == nil && fixed {
			continue // merged away meanwhile, or typed by a user
		} else if err != nil {
			return err
		}
		to := typ
		switch {
		case persons > 2*orgs:
			to = rapporteur.Person
		case orgs > 2*persons:
			to = rapporteur.Organization
		}
		if to != typ {
			if err := w.exec(qSpeakerType, to, id); err != nil {
				return err
			}
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
		// A key seen again keeps its old id: its old row is written anew.
		if preset, err = w.claimOld(r.Key); err != nil {
			return 0, err
		}
	}
	if err := w.stmt(qSpeakerIns).QueryRowContext(w.ctx, preset, r.Key, r.Type, r.Name, r.Surname, date, date).Scan(&id); err != nil {
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

// The re-key works every speaker out again from the statements with the
// registry's rules, keeping the ids of the keys that stay. It runs in
// batches of articles, each its own transaction, with its state in the
// tables of migration 022, so that a crash or a kill goes on where it
// stopped (see rapporteur.RekeyOptions):
//
//   - rekeyStart notes the old speakers (rekey_old) and hides them from
//     the registry: their aliases go, their keys and surnames are blanked.
//     Their rows stay, so that a reader meanwhile finds every statement
//     not re-keyed yet under the speaker it had.
//   - rekeyBatch resolves the next articles' statements again, in the
//     order the articles came. A key seen again claims its old id (the
//     row is written anew); a new key gets an id above every old one.
//   - rekeyFinish deletes the old speakers no key claimed, each leaving a
//     pointer to the speaker most of its statements went to (rekey_moves),
//     and records the rules version.

// rekeySpeakers re-keys the speakers of a store keyed with older registry
// rules, or finishes a re-key that was interrupted.
func (db *DB) rekeySpeakers(ctx context.Context) error {
	var v, running int64
	if err := db.write.QueryRowContext(ctx, `SELECT n, (SELECT count(*) FROM rekey_state) FROM counters WHERE name = 'speaker_registry'`).Scan(&v, &running); err != nil {
		return errorf("speaker registry version: %w", err)
	}
	if v >= registryVersion && running == 0 {
		return nil
	}
	return db.rekey(ctx)
}

// rekey re-keys every speaker, going on with a re-key under way when
// there is one, in batches as ctx's rapporteur.RekeyOptions say.
func (db *DB) rekey(ctx context.Context) error {
	o := rapporteur.RekeyOptionsFrom(ctx)
	for {
		done, total, err := db.rekeyStart(ctx)
		if err != nil {
			return errorf("re-key speakers: %w", err)
		}
		if o.Progress != nil {
			o.Progress(done, total)
		}
		for more := true; more; {
			if err := ctx.Err(); err != nil {
				return errorf("re-key speakers: %w", err)
			}
			if done, total, more, err = db.rekeyBatch(ctx, o.Batch); err != nil {
				return errorf("re-key speakers: %w", err)
			}
			if o.Progress != nil {
				o.Progress(done, total)
			}
		}
		version, err := db.rekeyFinish(ctx)
		if err != nil {
			return errorf("re-key speakers: %w", err)
		}
		if version >= registryVersion {
			return nil
		}
		// An interrupted re-key begun with older rules was finished (its
		// first articles were keyed with those): key them all again.
	}
}

// rekeyStart starts a re-key unless one is under way, and returns its
// progress.
func (db *DB) rekeyStart(ctx context.Context) (done, total int64, err error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT done, total FROM rekey_state`).Scan(&done, &total)
	switch {
	case err == nil:
		// Under way: it goes on, with the rules of this binary; if it
		// began with older ones, its finish records those, and the
		// current rules key every article again (rekey).
		return done, total, nil
	case err != sql.ErrNoRows:
		return 0, 0, err
	default:
		if _, err := tx.ExecContext(ctx, `INSERT INTO rekey_old (id, key) SELECT id, key FROM speakers`); err != nil {
			return 0, 0, err
		}
	}
	for _, q := range []string{
		// Keys unique per row, out of the way of every real key (which
		// has no spaces at its ends), and no surname a lone one can join.
		`UPDATE speakers SET key = ' ' || id, surname = '' WHERE id IN (SELECT id FROM rekey_old)`,
		`DELETE FROM speaker_aliases`,
		// The users' corrections are applied again on the new keys, in
		// batches, right after (see ReapplyCorrections).
		`UPDATE counters SET n = 0 WHERE name = 'corrections_applied'`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, 0, err
		}
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO rekey_state (version, last_article, end_article, done, total)
		SELECT ?, 0, coalesce(max(id), 0), 0, count(*) FROM articles RETURNING done, total`, registryVersion).Scan(&done, &total); err != nil {
		return 0, 0, err
	}
	return done, total, tx.Commit()
}

const (
	qRekeyArticles = `SELECT id, date, entities, duplicate_of IS NOT NULL FROM articles
		WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`
	qRekeyStatements = `SELECT id, speaker_id, speaker_type, speaker_name, role, affiliation, mention
		FROM statements WHERE article_id = ? ORDER BY id`
	qRekeySpeaker = `UPDATE statements SET speaker_id = ? WHERE id = ?`
	// Counts as the writer keeps them: a copy's statements are not
	// counted, so that the lone surnames of the next articles weigh
	// their namesakes right and the counts are final at the end.
	qRekeyCount = `UPDATE speakers SET statement_count = statement_count + (CASE WHEN ?3 THEN 0 ELSE c.n END),
		first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?2)
		FROM (SELECT speaker_id, count(*) AS n FROM statements WHERE article_id = ?1 AND speaker_id IS NOT NULL GROUP BY speaker_id) c
		WHERE speakers.id = c.speaker_id`
	qRekeyMove = `INSERT INTO rekey_moves (old_id, new_id, n) VALUES (?, ?, ?)
		ON CONFLICT (old_id, new_id) DO UPDATE SET n = n + excluded.n`
	qRekeyOld   = `SELECT id, claimed FROM rekey_old WHERE key = ? ORDER BY id LIMIT 1`
	qRekeyClaim = `UPDATE rekey_old SET claimed = 1 WHERE id = ?`
)

// rekeyBatch re-keys the next batch articles of the re-key under way, in
// one transaction, and returns the progress and whether articles are
// left.
func (db *DB) rekeyBatch(ctx context.Context, batch int) (done, total int64, more bool, err error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, 0, false, err
	}
	defer tx.Rollback()
	var last, end int64
	if err := tx.QueryRowContext(ctx, `SELECT last_article, end_article, done, total FROM rekey_state`).Scan(&last, &end, &done, &total); err == sql.ErrNoRows {
		return done, total, false, nil // another process finished it
	} else if err != nil {
		return 0, 0, false, err
	}
	w := &writer{db: db, ctx: ctx, tx: tx, now: db.now(), rekey: &rekeyState{}}
	type art struct {
		id, date int64
		entities string
		copy     bool
	}
	var arts []art
	rows, err := w.stmt(qRekeyArticles).QueryContext(ctx, last, end, batch)
	if err != nil {
		return 0, 0, false, err
	}
	for rows.Next() {
		var a art
		var ents sql.NullString
		if err := rows.Scan(&a.id, &a.date, &ents, &a.copy); err != nil {
			rows.Close()
			return 0, 0, false, err
		}
		a.entities = ents.String
		arts = append(arts, a)
	}
	if err := rows.Close(); err != nil {
		return 0, 0, false, err
	}
	moves := map[[2]int64]int64{}
	var sids []int64
	var olds []sql.NullInt64
	var sts []rapporteur.Statement
	for _, a := range arts {
		var ents []rapporteur.Entity
		_ = json.Unmarshal([]byte(a.entities), &ents) // entities only help; a bad list is no list
		rows, err := w.stmt(qRekeyStatements).QueryContext(ctx, a.id)
		if err != nil {
			return 0, 0, false, err
		}
		sids, olds, sts = sids[:0], olds[:0], sts[:0]
		for rows.Next() {
			var sid int64
			var old sql.NullInt64
			var st rapporteur.Statement
			var mention sql.NullString
			if err := rows.Scan(&sid, &old, &st.Speaker.Type, &st.Speaker.Name, &st.Speaker.Role, &st.Speaker.Affiliation, &mention); err != nil {
				rows.Close()
				return 0, 0, false, err
			}
			if mention.Valid {
				st.Speaker.Mention = &rapporteur.Span{Text: mention.String}
			}
			sids, olds, sts = append(sids, sid), append(olds, old), append(sts, st)
		}
		if err := rows.Close(); err != nil {
			return 0, 0, false, err
		}
		ids, err := w.speakerIDs(a.id, sts, ents, a.date)
		if err != nil {
			return 0, 0, false, fmt.Errorf("article %d: %w", a.id, err)
		}
		for i, id := range ids {
			old := olds[i]
			if id == nil {
				if old.Valid {
					if err := w.exec(qRekeySpeaker, nil, sids[i]); err != nil {
						return 0, 0, false, err
					}
				}
				continue
			}
			if old.Valid && old.Int64 == id.(int64) {
				continue // kept its speaker: nothing to write
			}
			if err := w.exec(qRekeySpeaker, id, sids[i]); err != nil {
				return 0, 0, false, err
			}
			if old.Valid {
				moves[[2]int64{old.Int64, id.(int64)}]++
			}
		}
		if err := w.flushRetype(); err != nil {
			return 0, 0, false, err
		}
		if err := w.exec(qRekeyCount, a.id, a.date, a.copy); err != nil {
			return 0, 0, false, err
		}
	}
	for m, n := range moves {
		if err := w.exec(qRekeyMove, m[0], m[1], n); err != nil {
			return 0, 0, false, err
		}
	}
	if err := w.flushFTS(); err != nil {
		return 0, 0, false, err
	}
	done += int64(len(arts))
	if len(arts) > 0 {
		last = arts[len(arts)-1].id
	}
	more = len(arts) == batch && last < end
	if _, err := tx.ExecContext(ctx, `UPDATE rekey_state SET last_article = ?, done = ?`, last, done); err != nil {
		return 0, 0, false, err
	}
	return done, max(total, done), more, tx.Commit()
}

// rekeyState marks a writer of a re-key's batch: its new speakers claim
// the old ids of their keys (claimOld). What the re-key knows lives in
// its tables, so that it survives the process.
type rekeyState struct{}

// claimOld returns the old id of a key the re-key under way sees again,
// the first time it does (nil otherwise), and claims it.
func (w *writer) claimOld(key string) (any, error) {
	var id int64
	var claimed bool
	if err := w.stmt(qRekeyOld).QueryRowContext(w.ctx, key).Scan(&id, &claimed); err == sql.ErrNoRows || err == nil && claimed {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return id, w.exec(qRekeyClaim, id)
}

// rekeyFinish ends the re-key under way once every article is done: an
// old speaker no key claimed goes, leaving a pointer to the speaker most
// of its statements went to (see migration 015), so that its address
// still leads somewhere.
func (db *DB) rekeyFinish(ctx context.Context) (version int64, err error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var left bool
	if err := tx.QueryRowContext(ctx, `SELECT version, EXISTS (SELECT 1 FROM articles WHERE id > last_article AND id <= end_article) FROM rekey_state`).Scan(&version, &left); err == sql.ErrNoRows {
		return registryVersion, nil // another process finished it
	} else if err != nil {
		return 0, err
	} else if left {
		return 0, fmt.Errorf("finish: articles are left to re-key")
	}
	for _, q := range []string{
		`INSERT OR REPLACE INTO merged_speakers (id, merged_into)
		SELECT m.old_id, min(m.new_id) FROM rekey_moves m
		WHERE m.old_id IN (SELECT id FROM rekey_old WHERE claimed = 0)
		AND m.n = (SELECT max(n) FROM rekey_moves WHERE old_id = m.old_id)
		GROUP BY m.old_id`,
		`DELETE FROM speakers_fts WHERE rowid IN (SELECT id FROM rekey_old WHERE claimed = 0)`,
		// No statement is left on them (each was re-keyed); this is for
		// articles a process stored under older rules meanwhile.
		`UPDATE statements SET speaker_id = (SELECT merged_into FROM merged_speakers WHERE id = statements.speaker_id)
		WHERE speaker_id IN (SELECT id FROM rekey_old WHERE claimed = 0)`,
		`DELETE FROM speakers WHERE id IN (SELECT id FROM rekey_old WHERE claimed = 0)`,
		`UPDATE counters SET n = (SELECT count(*) FROM speakers) WHERE name = 'speakers'`,
		`DELETE FROM rekey_old`, `DELETE FROM rekey_moves`, `DELETE FROM rekey_state`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	// The rules it began with: the first articles were keyed with them.
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET n = ? WHERE name = 'speaker_registry'`, version); err != nil {
		return 0, err
	}
	return version, tx.Commit()
}

func init() {
	writeQueries = append(writeQueries, qSpeakerIns, qSpeakerTypes, qRekeyArticles, qRekeyStatements, qRekeySpeaker,
		qRekeyCount, qRekeyMove, qRekeyOld, qRekeyClaim)
}
