package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
)

// The re-key works every speaker out again from the statements with the
// registry's rules, keeping the ids of the keys that stay, in batches of
// articles, each its own transaction under the writer's lock, with its
// state in the tables of migration 010, as package sqlite does (see
// sqlite/registry.go): rekeyStart notes the old speakers and hides them
// from the registry, their rows kept so that readers find every statement
// not re-keyed yet under the speaker it had; rekeyBatch resolves the next
// articles again (a key seen again claims its old id); rekeyFinish drops
// the old speakers no key claimed, each pointing to the speaker most of
// its statements went to. Writers of other processes wait one batch at
// most; the articles they store meanwhile are keyed by them.

// rekeyState marks a writer of a re-key's batch: its new speakers claim
// the old ids of their keys (claimOld).
type rekeyState struct{}

// rekeySpeakers re-keys the speakers of a store keyed with older registry
// rules, or finishes a re-key that was interrupted.
func (db *DB) rekeySpeakers(ctx context.Context) error {
	var v, running int64
	if err := wrap(db.pool).queryRow(ctx, `SELECT n, (SELECT count(*) FROM rekey_state) FROM counters WHERE name = 'speaker_registry'`).Scan(&v, &running); err != nil {
		return errorf("speaker registry version: %w", err)
	}
	if v >= registryVersion && running == 0 {
		return nil
	}
	return db.rekeyIf(ctx, true)
}

// rekey re-keys every speaker, going on with a re-key under way when
// there is one.
func (db *DB) rekey(ctx context.Context) error { return db.rekeyIf(ctx, false) }

// rekeyIf is rekey; with older, only if the store is still keyed with
// older rules or a re-key is under way once it holds the writer's lock
// (another process opening it may have re-keyed it meanwhile).
func (db *DB) rekeyIf(ctx context.Context, older bool) error {
	o := rapporteur.RekeyOptionsFrom(ctx)
	for {
		done, total, started, err := db.rekeyStart(ctx, older)
		if err != nil {
			return errorf("re-key speakers: %w", err)
		}
		if !started {
			return nil
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
		older = true
	}
}

// rekeyStart starts a re-key unless one is under way, and returns its
// progress; started is false when, with older, there is nothing to do.
func (db *DB) rekeyStart(ctx context.Context, older bool) (done, total int64, started bool, err error) {
	t, err := db.beginWrite(ctx)
	if err != nil {
		return 0, 0, false, err
	}
	defer t.rollback()
	err = t.queryRow(ctx, `SELECT done, total FROM rekey_state`).Scan(&done, &total)
	switch {
	case err == nil:
		// Under way: it goes on, with the rules of this binary; if it
		// began with older ones, its finish records those, and the
		// current rules key every article again (rekeyIf).
		return done, total, true, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return 0, 0, false, err
	default:
		if older {
			var v int64
			if err := t.queryRow(ctx, `SELECT n FROM counters WHERE name = 'speaker_registry'`).Scan(&v); err != nil {
				return 0, 0, false, err
			}
			if v >= registryVersion {
				return 0, 0, false, nil
			}
		}
		if _, err := t.exec(ctx, `INSERT INTO rekey_old (id, key) SELECT id, key FROM speakers`); err != nil {
			return 0, 0, false, err
		}
	}
	for _, q := range []string{
		// Keys unique per row, out of the way of every real key, and no
		// surname a lone one can join.
		`UPDATE speakers SET key = ' ' || id, surname = '' WHERE id IN (SELECT id FROM rekey_old)`,
		`DELETE FROM speaker_aliases`,
		// The users' corrections are applied again on the new keys.
		`UPDATE counters SET n = 0 WHERE name = 'corrections_applied'`,
	} {
		if _, err := t.exec(ctx, q); err != nil {
			return 0, 0, false, err
		}
	}
	if err := t.queryRow(ctx, `INSERT INTO rekey_state (version, last_article, end_article, done, total)
		SELECT ?, 0, coalesce(max(id), 0), 0, count(*) FROM articles RETURNING done, total`, registryVersion).Scan(&done, &total); err != nil {
		return 0, 0, false, err
	}
	return done, total, true, t.commit(ctx)
}

// rekeyBatch re-keys the next batch articles of the re-key under way, in
// one transaction, and returns the progress and whether articles are
// left.
func (db *DB) rekeyBatch(ctx context.Context, batch int) (done, total int64, more bool, err error) {
	t, err := db.beginWrite(ctx)
	if err != nil {
		return 0, 0, false, err
	}
	defer t.rollback()
	var last, end int64
	if err := t.queryRow(ctx, `SELECT last_article, end_article, done, total FROM rekey_state`).Scan(&last, &end, &done, &total); errors.Is(err, pgx.ErrNoRows) {
		return done, total, false, nil // another process finished it
	} else if err != nil {
		return 0, 0, false, err
	}
	type art struct {
		id, date int64
		entities string
		copy     bool
	}
	var arts []art
	rows, err := t.query(ctx, `SELECT id, date, entities, duplicate_of IS NOT NULL FROM articles
		WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`, last, end, batch)
	if err != nil {
		return 0, 0, false, err
	}
	for rows.Next() {
		var a art
		if err := rows.Scan(&a.id, &a.date, &a.entities, &a.copy); err != nil {
			rows.Close()
			return 0, 0, false, err
		}
		arts = append(arts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, false, err
	}
	w := &writer{db: db, ctx: ctx, tx: t, now: db.now(), rekey: &rekeyState{}}
	// The batch's statements in one read. A statement's old speaker read
	// here may have been merged into another by an article before it in
	// the batch: the speaker it was given before the re-key is the one
	// the moves want, and a merged-away id is never given again, so
	// comparing with it writes every change.
	type stmt struct {
		id  int64
		old *int64
		st  rapporteur.Statement
	}
	byArticle := map[int64][]stmt{}
	if len(arts) > 0 {
		rows, err := t.query(ctx, `SELECT article_id, id, speaker_id, speaker_type, speaker_name, role, affiliation, mention
			FROM statements WHERE article_id >= ? AND article_id <= ? ORDER BY article_id, id`, arts[0].id, arts[len(arts)-1].id)
		if err != nil {
			return 0, 0, false, err
		}
		for rows.Next() {
			var aid int64
			var s stmt
			var mention *string
			if err := rows.Scan(&aid, &s.id, &s.old, &s.st.Speaker.Type, &s.st.Speaker.Name, &s.st.Speaker.Role, &s.st.Speaker.Affiliation, &mention); err != nil {
				rows.Close()
				return 0, 0, false, err
			}
			if mention != nil {
				s.st.Speaker.Mention = &rapporteur.Span{Text: *mention}
			}
			byArticle[aid] = append(byArticle[aid], s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, 0, false, err
		}
	}
	moves := map[[2]int64]int64{}
	var sts []rapporteur.Statement
	for _, a := range arts {
		var ents []rapporteur.Entity
		_ = json.Unmarshal([]byte(a.entities), &ents) // entities only help; a bad list is no list
		ss := byArticle[a.id]
		sts = sts[:0]
		for _, s := range ss {
			sts = append(sts, s.st)
		}
		w.forget() // the counts change after each article
		ids, err := w.speakerIDs(a.id, sts, ents, a.date)
		if err != nil {
			return 0, 0, false, fmt.Errorf("article %d: %w", a.id, err)
		}
		// The article's writes go with the names and counts the registry
		// queued, in one round trip.
		for i, id := range ids {
			old := ss[i].old
			if id == nil {
				if old != nil {
					w.later(`UPDATE statements SET speaker_id = NULL WHERE id = ?`, ss[i].id)
				}
				continue
			}
			if old != nil && *old == id.(int64) {
				continue // kept its speaker: nothing to write
			}
			w.later(`UPDATE statements SET speaker_id = ? WHERE id = ?`, id, ss[i].id)
			if old != nil {
				moves[[2]int64{*old, id.(int64)}]++
			}
		}
		for _, id := range w.typeVoted() {
			w.later(qSpeakerType, id, 0, 0)
		}
		// Counts as the writer keeps them: a copy's statements are not
		// counted.
		w.later(`UPDATE speakers SET statement_count = statement_count + (CASE WHEN ?3 THEN 0 ELSE c.n END),
			first_seen = LEAST(first_seen, ?2), last_seen = GREATEST(last_seen, ?2)
			FROM (SELECT speaker_id, count(*) AS n FROM statements WHERE article_id = ?1 AND speaker_id IS NOT NULL GROUP BY speaker_id) c
			WHERE speakers.id = c.speaker_id`, a.id, a.date, a.copy)
		if err := w.flush(); err != nil {
			return 0, 0, false, fmt.Errorf("article %d: %w", a.id, err)
		}
	}
	for m, n := range moves {
		if _, err := t.exec(ctx, `INSERT INTO rekey_moves (old_id, new_id, n) VALUES (?, ?, ?)
			ON CONFLICT (old_id, new_id) DO UPDATE SET n = rekey_moves.n + excluded.n`, m[0], m[1], n); err != nil {
			return 0, 0, false, err
		}
	}
	done += int64(len(arts))
	if len(arts) > 0 {
		last = arts[len(arts)-1].id
	}
	more = len(arts) == batch && last < end
	if _, err := t.exec(ctx, `UPDATE rekey_state SET last_article = ?, done = ?`, last, done); err != nil {
		return 0, 0, false, err
	}
	return done, max(total, done), more, t.commit(ctx)
}

// claimOld returns the old id of a key the re-key under way sees again,
// the first time it does (nil otherwise), and claims it.
func (w *writer) claimOld(key string) (any, error) {
	var id int64
	err := w.queryRow(`UPDATE rekey_old SET claimed = true
		WHERE id = (SELECT id FROM rekey_old WHERE key = ? ORDER BY id LIMIT 1) AND NOT claimed RETURNING id`, key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return id, err
}

// rekeyFinish ends the re-key under way once every article is done: an
// old speaker no key claimed goes, leaving a pointer to the speaker most
// of its statements went to, so that its address still leads somewhere.
func (db *DB) rekeyFinish(ctx context.Context) (version int64, err error) {
	t, err := db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer t.rollback()
	var left bool
	if err := t.queryRow(ctx, `SELECT version, EXISTS (SELECT 1 FROM articles WHERE id > last_article AND id <= end_article) FROM rekey_state`).Scan(&version, &left); errors.Is(err, pgx.ErrNoRows) {
		return registryVersion, nil // another process finished it
	} else if err != nil {
		return 0, err
	} else if left {
		return 0, fmt.Errorf("finish: articles are left to re-key")
	}
	for _, q := range []string{
		`INSERT INTO merged_speakers (id, merged_into)
		SELECT DISTINCT ON (m.old_id) m.old_id, m.new_id FROM rekey_moves m JOIN rekey_old o ON o.id = m.old_id AND NOT o.claimed
		ORDER BY m.old_id, m.n DESC, m.new_id
		ON CONFLICT (id) DO UPDATE SET merged_into = excluded.merged_into`,
		// No statement is left on them (each was re-keyed); this is for
		// articles a process stored under older rules meanwhile.
		`UPDATE statements SET speaker_id = (SELECT merged_into FROM merged_speakers WHERE id = statements.speaker_id)
		WHERE speaker_id IN (SELECT id FROM rekey_old WHERE NOT claimed)`,
		`DELETE FROM speaker_aliases WHERE speaker_id IN (SELECT id FROM rekey_old WHERE NOT claimed)`,
		`DELETE FROM speakers WHERE id IN (SELECT id FROM rekey_old WHERE NOT claimed)`,
		// The total of speakers right again, whether kept in one row or
		// in shards (issue 14): the difference goes to one of its rows.
		`UPDATE counters SET n = n + (SELECT count(*) FROM speakers) - (SELECT sum(n) FROM counters WHERE name = 'speakers')
		WHERE ctid = (SELECT ctid FROM counters WHERE name = 'speakers' LIMIT 1)`,
		`DELETE FROM rekey_old`, `DELETE FROM rekey_moves`, `DELETE FROM rekey_state`,
	} {
		if _, err := t.exec(ctx, q); err != nil {
			return 0, err
		}
	}
	// The rules it began with: the first articles were keyed with them.
	if _, err := t.exec(ctx, `UPDATE counters SET n = ? WHERE name = 'speaker_registry'`, version); err != nil {
		return 0, err
	}
	return version, t.commit(ctx)
}
