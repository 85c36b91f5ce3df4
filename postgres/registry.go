package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/registry"
)

// The speaker registry, as package sqlite keeps it (see its registry.go):
// the same rules (package registry), the same tables. rekey works the
// speakers out anew when users' corrections are all applied again, and
// when a store keyed with older rules is opened.

// registryVersion is the version of the registry rules the speakers were
// keyed with; a store keyed with an older one is re-keyed when opened.
const registryVersion = registry.Version

const (
	qAliasByKey = `SELECT sp.id, sp.key, sp.name, sp.type, sp.statement_count FROM speaker_aliases al
		JOIN speakers sp ON sp.id = al.speaker_id WHERE al.key = ?`
	// surname <> '' lets a generic plan use the partial index
	// speakers_by_surname (surname = $1 proves nothing about $1), as in
	// package sqlite: without it, a lone surname may read every speaker.
	qBySurname = `SELECT id, key, name, type, statement_count FROM speakers
		WHERE surname = ? AND surname <> '' AND type = 'person' ORDER BY statement_count DESC, id LIMIT 3`
	qAliasIns = `INSERT INTO speaker_aliases (key, speaker_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`
	// qSpeakerIns writes a new speaker whose id was taken before, and its
	// key's alias.
	qSpeakerIns = `WITH s AS (INSERT INTO speakers (id, key, type, name, surname, first_seen, last_seen, tsv)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7::tsvector) RETURNING id)
		INSERT INTO speaker_aliases (key, speaker_id) SELECT ?2, id FROM s ON CONFLICT (key) DO NOTHING`
	qAliasNames   = `SELECT name, alias_names FROM speakers WHERE id = ?`
	qAliasNameSet = `UPDATE speakers SET alias_names = ?, tsv = ?::tsvector WHERE id = ?`
	// A speaker changes type only when the other type has more than
	// twice the statements of its own, as package sqlite decides it. Its
	// statements by type are counted as they are written
	// (speaker_type_counts, migration 015): counting them on each vote
	// grew with the speaker's statements (0.77 ms a vote over 5,056
	// imported articles, 2.7 ms over 20,224). ?2 and ?3 add the speaker's
	// person and organization statements not stored yet (copy.go).
	qSpeakerType = `UPDATE speakers SET type = CASE WHEN c.p > 2 * c.o THEN 'person'
		WHEN c.o > 2 * c.p THEN 'organization' ELSE speakers.type END
		FROM (SELECT coalesce(sum(persons), 0) + ?2::bigint AS p, coalesce(sum(organizations), 0) + ?3::bigint AS o
			FROM speaker_type_counts WHERE speaker_id = ?1) c
		WHERE speakers.id = ?1 AND NOT speakers.type_fixed`
	qUserKey = `SELECT sp.id, sp.key, sp.name, sp.type, sp.statement_count FROM speaker_aliases al
		JOIN speakers sp ON sp.id = al.speaker_id WHERE al.key = ? AND al.source = 'user'`
)

// lookup reads the registry inside the writer's transaction.
type lookup struct{ w *writer }

// ByKey implements registry.Lookup. Its answers are kept until the
// registry next writes (see writer.forget), since resolving an article
// asks for the same keys several times and each question costs a round
// trip to the server.
func (l lookup) ByKey(key string) (registry.Candidate, bool, error) {
	if r, ok := l.w.keys[key]; ok {
		return r.c, r.ok, nil
	}
	var c registry.Candidate
	err := l.w.queryRow(qAliasByKey, key).Scan(&c.ID, &c.Key, &c.Name, &c.Type, &c.Count)
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return c, false, err
	}
	if l.w.keys == nil {
		l.w.keys = map[string]keyAnswer{}
	}
	l.w.keys[key] = keyAnswer{c, c.ID != 0}
	return c, c.ID != 0, nil
}

// keyAnswer is a kept answer of ByKey.
type keyAnswer struct {
	c  registry.Candidate
	ok bool
}

// forget drops the registry answers kept: the registry or a speaker's
// counts changed. (Other names aliasName set and whose update waits in the
// article's batch are kept apart, in w.pendingNames.)
func (w *writer) forget() { w.keys, w.names, w.surnames = nil, nil, nil }

// UserKey implements registry.UserLookup: the speaker a user's
// correction gave one of the keys.
func (l lookup) UserKey(keys ...string) (registry.Candidate, bool, error) {
	if l.w.userAliases == 0 {
		var any bool
		if err := l.w.queryRow(`SELECT EXISTS (SELECT 1 FROM speaker_aliases WHERE source = 'user')`).Scan(&any); err != nil {
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
		var c registry.Candidate
		err := l.w.queryRow(qUserKey, k).Scan(&c.ID, &c.Key, &c.Name, &c.Type, &c.Count)
		if err == nil {
			return c, true, nil
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return c, false, err
		}
	}
	return registry.Candidate{}, false, nil
}

func (l lookup) BySurname(s string) ([]registry.Candidate, error) {
	if cs, ok := l.w.surnames[s]; ok {
		return cs, nil
	}
	rows, err := l.w.tx.query(l.w.ctx, qBySurname, s)
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
	if err := w.prefetch(sts, entities); err != nil {
		return nil, errorf("speaker registry: %w", err)
	}
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
			if a, known := w.keys[r.Alias]; !known || a.c.ID != id {
				// With the article's batch (its speaker may be in it
				// too); the alias answers from then on unless another
				// speaker has it.
				w.later(qAliasIns, r.Alias, id)
				if c, ok := w.keys[r.Key]; known && !a.ok && ok && c.c.ID == id {
					w.keys[r.Alias] = c
				} else if !known {
					delete(w.keys, r.Alias)
				}
			}
		}
		if err := w.aliasName(id, r.Key, sts[i].Speaker.Name, r.Type); err != nil {
			return nil, errorf("speaker alias: %w", err)
		}
	}
	// A statement a user gave another speaker keeps it (correct.go).
	if err := w.applyPins(articleID, sts, ids); err != nil {
		return nil, err
	}
	return ids, nil
}

// typeVoted returns, and forgets, the speakers whose names came typed both
// ways in the article being stored: each takes the type most of its
// statements give (qSpeakerType), voted once the article's statements are
// stored, so that an interview whose first answer the extractor typed an
// organization makes no organization of the person who gives the hundred
// others.
func (w *writer) typeVoted() []int64 {
	ids := w.typeVotes
	w.typeVotes = nil
	return ids
}

// prefetch reads in one round trip what the registry will ask of the
// keys an article's speakers' names give, and their surnames: the speaker
// each finds (or that none does), with its name and other names, kept as
// ByKey and aliasName keep their answers. Resolving an article asked for
// them one round trip each. An article write queues the same reads in its
// first batch instead (queuePrefetch), with its other reads.
func (w *writer) prefetch(sts []rapporteur.Statement, entities []rapporteur.Entity) error {
	keys, names, surnames := w.prefetchKeys(sts, entities)
	if len(keys) == 0 && len(surnames) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	w.queuePrefetch(b, keys, names, surnames)
	return w.tx.tx.SendBatch(w.ctx, b).Close()
}

// prefetchKeys returns the registry keys the registry will ask about
// that the transaction has no answer for yet: names holds the keys of the
// article's speakers' names and of its named persons and organizations,
// keys those and their surnames (a lone surname is a key too), surnames
// the surnames whose namesakes it has not read.
func (w *writer) prefetchKeys(sts []rapporteur.Statement, entities []rapporteur.Entity) (keys, names, surnames []string) {
	seen, seenSurname := map[string]bool{}, map[string]bool{}
	add := func(k string) bool {
		if _, known := w.keys[k]; k != "" && !seen[k] && !known {
			seen[k] = true
			keys = append(keys, k)
			return true
		}
		return false
	}
	name := func(n, typ string) {
		k, ok := registry.Key(n, typ)
		if !ok {
			return
		}
		if add(k) {
			names = append(names, k)
		}
		s := registry.Surname(k)
		add(s)
		if _, known := w.surnames[s]; s != "" && !known && !seenSurname[s] {
			seenSurname[s] = true
			surnames = append(surnames, s)
		}
	}
	for _, st := range sts {
		name(st.Speaker.Name, st.Speaker.Type)
	}
	for _, e := range entities {
		if e.Type == rapporteur.Person || e.Type == rapporteur.Organization {
			name(e.Name, e.Type)
		}
	}
	return keys, names, surnames
}

// queuePrefetch queues the reads of prefetch in b: the speakers of keys
// (with ids for names no speaker has: queueKeys), and the persons of each
// surname as BySurname reads them (a new speaker asks for them).
func (w *writer) queuePrefetch(b *pgx.Batch, keys, names, surnames []string) {
	if w.keys == nil {
		w.keys = map[string]keyAnswer{}
	}
	if w.names == nil {
		w.names = map[int64][2]string{}
	}
	if len(keys) > 0 {
		w.queueKeys(b, keys, names)
	}
	if len(surnames) > 0 {
		w.queueSurnames(b, surnames)
	}
}

// queueKeys queues the reading of the speakers of keys, and the taking
// of an id for each of names (among keys) that no speaker has: a speaker
// the article creates gets one and is written with the article's batch
// instead of in a round trip of its own (a name that turns out another
// speaker's leaves its id unused). Each key is read through the indexes,
// one after the other (LATERAL): a plan made while the tables were small
// would otherwise hash whole tables.
func (w *writer) queueKeys(b *pgx.Batch, keys, names []string) {
	isName := make([]bool, len(keys))
	if w.rekey == nil {
		set := map[string]bool{}
		for _, n := range names {
			set[n] = true
		}
		for i, k := range keys {
			isName[i] = set[k]
		}
	}
	b.Queue(`SELECT u.k, sp.id, sp.key, sp.name, sp.type, sp.statement_count, sp.alias_names,
		CASE WHEN sp.id IS NULL AND u.name THEN `+nextSpeakerID+` END
		FROM unnest($1::text[], $2::boolean[]) AS u (k, name) LEFT JOIN LATERAL (
			SELECT s.id, s.key, s.name, s.type, s.statement_count, s.alias_names
			FROM speaker_aliases al JOIN speakers s ON s.id = al.speaker_id WHERE al.key = u.k OFFSET 0) sp ON true`,
		keys, isName).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var k string
			var id *int64
			var key, name, typ, names *string
			var count *int
			var free *int64
			if err := rows.Scan(&k, &id, &key, &name, &typ, &count, &names, &free); err != nil {
				return err
			}
			if free != nil {
				w.freeIDs = append(w.freeIDs, *free)
			}
			if id == nil {
				w.keys[k] = keyAnswer{} // no speaker has the key
				continue
			}
			c := registry.Candidate{ID: *id, Key: *key, Name: *name, Type: *typ, Count: *count}
			w.keys[k] = keyAnswer{c, true}
			w.names[c.ID] = [2]string{c.Name, *names}
		}
		return rows.Err()
	})
}

func (w *writer) queueSurnames(b *pgx.Batch, surnames []string) {
	if w.surnames == nil {
		w.surnames = map[string][]registry.Candidate{}
	}
	b.Queue(`SELECT s.surname, sp.id, sp.key, sp.name, sp.type, sp.statement_count FROM unnest($1::text[]) s (surname)
		CROSS JOIN LATERAL (`+number(strings.Replace(qBySurname, "surname = ?", "surname = s.surname", 1))+`) sp`, surnames).Query(func(rows pgx.Rows) error {
		for _, s := range surnames {
			w.surnames[s] = []registry.Candidate{}
		}
		for rows.Next() {
			var s string
			var c registry.Candidate
			if err := rows.Scan(&s, &c.ID, &c.Key, &c.Name, &c.Type, &c.Count); err != nil {
				return err
			}
			w.surnames[s] = append(w.surnames[s], c)
		}
		return rows.Err()
	})
}

// registrySpeaker finds the speaker of a key or creates it; a new full
// name takes in the lone-surname speaker of its surname when it is the
// only full name with that surname.
func (w *writer) registrySpeaker(r registry.Resolved, date int64) (int64, error) {
	c, ok, err := lookup{w}.ByKey(r.Key)
	if err != nil || ok {
		if err == nil && c.Type != r.Type && registry.Type(c.Name, r.Type) == r.Type {
			// The extractor typed the name both ways: the speaker takes
			// the type most of its statements give, counted once this
			// article's statements are stored (typeVoted).
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
		// A key seen again keeps its old id: its old row is written anew
		// (rekey.go).
		if preset, err = w.claimOld(r.Key); err != nil {
			return 0, err
		}
	}
	// The speaker and its key's alias in one statement, with the
	// article's batch when an id was taken for it in the first round
	// trip (queueKeys), else at once. Its key is locked (lockKeys)
	// unless the registry reached it by another name than the article's:
	// two writers creating one speaker then fail on its unique key, and
	// the second's transaction is tried again.
	if preset == nil && len(w.freeIDs) > 0 {
		id, w.freeIDs = w.freeIDs[0], w.freeIDs[1:]
		w.later(qSpeakerIns, id, r.Key, r.Type, r.Name, r.Surname, date, speakerVector(r.Name, ""))
	} else if err := w.queryRow(`WITH s AS (INSERT INTO speakers (id, key, type, name, surname, first_seen, last_seen, tsv)
		VALUES (coalesce(?::bigint, `+nextSpeakerID+`), ?2, ?3, ?4, ?5, ?6, ?6, ?7::tsvector)
		ON CONFLICT (id) DO UPDATE SET key = excluded.key, type = excluded.type, name = excluded.name,
		surname = excluded.surname, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
		tsv = excluded.tsv, statement_count = 0, alias_names = '', type_fixed = false
		RETURNING id),
		a AS (INSERT INTO speaker_aliases (key, speaker_id) SELECT ?2, id FROM s ON CONFLICT (key) DO NOTHING)
		SELECT id FROM s`, preset, r.Key, r.Type, r.Name, r.Surname, date,
		speakerVector(r.Name, "")).Scan(&id); err != nil {
		return 0, err
	}
	w.count("speakers", 1)
	// What the transaction knew of the registry stays true but for the
	// new speaker, its key, and its surname's namesakes.
	if w.keys == nil {
		w.keys = map[string]keyAnswer{}
	}
	w.keys[r.Key] = keyAnswer{registry.Candidate{ID: id, Key: r.Key, Name: r.Name, Type: r.Type}, true}
	if w.names == nil {
		w.names = map[int64][2]string{}
	}
	w.names[id] = [2]string{r.Name, ""}
	// Its surname's namesakes as BySurname would read them now: the new
	// person comes last (no statements yet, the highest id), of three.
	if cs, ok := w.surnames[r.Surname]; ok && r.Type == rapporteur.Person {
		if len(cs) < 3 {
			w.surnames[r.Surname] = append(cs, registry.Candidate{ID: id, Key: r.Key, Name: r.Name, Type: r.Type})
		}
	} else {
		delete(w.surnames, r.Surname)
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
// onto speaker to, and deletes from, leaving a pointer.
func (w *writer) mergeSpeaker(from, to int64) error {
	w.forget()
	if err := w.sendQueued(); err != nil { // to may wait in the batch
		return errorf("merge speaker %d into %d: %w", from, to, err)
	}
	if err := w.copyFlush(); err != nil { // and from's statements in the COPY
		return errorf("merge speaker %d into %d: %w", from, to, err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE speakers SET statement_count = speakers.statement_count + f.statement_count,
			first_seen = LEAST(speakers.first_seen, f.first_seen), last_seen = GREATEST(speakers.last_seen, f.last_seen)
			FROM (SELECT statement_count, first_seen, last_seen FROM speakers WHERE id = $1) f WHERE speakers.id = $2`, []any{from, to}},
		{`UPDATE statements SET speaker_id = $2 WHERE speaker_id = $1`, []any{from, to}},
		{`UPDATE speaker_aliases SET speaker_id = $2 WHERE speaker_id = $1`, []any{from, to}},
		{`UPDATE merged_speakers SET merged_into = $2 WHERE merged_into = $1`, []any{from, to}},
		{`INSERT INTO merged_speakers (id, merged_into) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET merged_into = excluded.merged_into`, []any{from, to}},
		{`DELETE FROM speakers WHERE id = $1`, []any{from}},
	} {
		if _, err := w.tx.q.Exec(w.ctx, q.sql, q.args...); err != nil {
			return errorf("merge speaker %d into %d: %w", from, to, err)
		}
	}
	return w.exec(qCounter, -1, "speakers")
}

// aliasName records a name seen for a speaker, when its key differs from
// the speaker's, in the names that search by alias finds, cleaned as the
// registry reads it.
func (w *writer) aliasName(id int64, key, name, typ string) error {
	name = strings.TrimSpace(name)
	if c, ok := registry.Clean(name, typ); ok {
		name = c
	}
	nk := canon.Name(name)
	if nk == "" || nk == key {
		return nil
	}
	var canonical, names string
	if n, ok := w.pendingNames[id]; ok {
		canonical, names = n[0], n[1]
	} else if n, ok := w.names[id]; ok {
		canonical, names = n[0], n[1]
	} else if err := w.queryRow(qAliasNames, id).Scan(&canonical, &names); err != nil {
		return err
	}
	if w.names == nil {
		w.names = map[int64][2]string{}
	}
	w.names[id] = [2]string{canonical, names}
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
	w.names[id] = [2]string{canonical, names}
	// Nothing reads the names before the article's end: the update goes
	// with its batch (kept in pendingNames until then, which forget does
	// not drop).
	if w.pendingNames == nil {
		w.pendingNames = map[int64][2]string{}
	}
	w.pendingNames[id] = w.names[id]
	w.later(qAliasNameSet, names, speakerVector(canonical, names), id)
	return nil
}
