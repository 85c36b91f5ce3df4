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
// the same rules (package registry), the same tables. A store created here
// is keyed with the current rules from the start, so there is no re-keying.

const (
	qAliasByKey = `SELECT sp.id, sp.key, sp.name, sp.type, sp.statement_count FROM speaker_aliases al
		JOIN speakers sp ON sp.id = al.speaker_id WHERE al.key = ?`
	qBySurname = `SELECT id, key, name, type, statement_count FROM speakers
		WHERE surname = ? AND type = 'person' ORDER BY statement_count DESC, id LIMIT 3`
	qAliasIns     = `INSERT INTO speaker_aliases (key, speaker_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`
	qAliasNames   = `SELECT name, alias_names FROM speakers WHERE id = ?`
	qAliasNameSet = `UPDATE speakers SET alias_names = ?, tsv = ?::tsvector WHERE id = ?`
	qSpeakerType  = `UPDATE speakers SET type = coalesce((SELECT speaker_type FROM statements WHERE speaker_id = ?
		AND speaker_type IN ('person', 'organization') GROUP BY speaker_type ORDER BY count(*) DESC, speaker_type DESC LIMIT 1), type)
		WHERE id = ?`
)

// lookup reads the registry inside the writer's transaction.
type lookup struct{ w *writer }

func (l lookup) ByKey(key string) (registry.Candidate, bool, error) {
	var c registry.Candidate
	err := l.w.queryRow(qAliasByKey, key).Scan(&c.ID, &c.Key, &c.Name, &c.Type, &c.Count)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

func (l lookup) BySurname(s string) ([]registry.Candidate, error) {
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
	rs, err := registry.Resolve(sts, entities, articleID, lookup{w})
	if err != nil {
		return nil, errorf("speaker registry: %w", err)
	}
	ids := make([]any, len(sts))
	known := map[string]int64{}
	for i, r := range rs {
		if r.Skip {
			continue
		}
		id, ok := known[r.Key]
		if !ok {
			if id, err = w.registrySpeaker(r, date); err != nil {
				return nil, errorf("speaker %q: %w", sts[i].Speaker.Name, err)
			}
			known[r.Key] = id
		}
		ids[i] = id
		if r.Alias != "" {
			if err := w.exec(qAliasIns, r.Alias, id); err != nil {
				return nil, errorf("speaker alias: %w", err)
			}
		}
		if err := w.aliasName(id, r.Key, sts[i].Speaker.Name, r.Type); err != nil {
			return nil, errorf("speaker alias: %w", err)
		}
	}
	return ids, nil
}

// registrySpeaker finds the speaker of a key or creates it; a new full
// name takes in the lone-surname speaker of its surname when it is the
// only full name with that surname.
func (w *writer) registrySpeaker(r registry.Resolved, date int64) (int64, error) {
	c, ok, err := lookup{w}.ByKey(r.Key)
	if err != nil || ok {
		if err == nil && c.Type != r.Type && registry.Type(c.Name, r.Type) == r.Type {
			err = w.exec(qSpeakerType, c.ID, c.ID)
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
	if err := w.queryRow(`INSERT INTO speakers (key, type, name, surname, first_seen, last_seen, tsv)
		VALUES (?, ?, ?, ?, ?, ?, ?::tsvector) RETURNING id`, r.Key, r.Type, r.Name, r.Surname, date, date,
		speakerVector(r.Name, "")).Scan(&id); err != nil {
		return 0, err
	}
	if err := w.exec(qAliasIns, r.Key, id); err != nil {
		return 0, err
	}
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
// onto speaker to, and deletes from, leaving a pointer.
func (w *writer) mergeSpeaker(from, to int64) error {
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
	if err := w.queryRow(qAliasNames, id).Scan(&canonical, &names); err != nil {
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
	return w.exec(qAliasNameSet, names, speakerVector(canonical, names), id)
}
