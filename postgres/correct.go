package postgres

import (
	"context"
	"errors"

	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/registry"
)

// Users' corrections of the speakers (issue 10, migration 016).
//
// A correction changes the live tables at once (statements, aliases with
// source 'user', the speaker's name or fixed type, statement pins), which
// is what makes it stick when an article is stored again: the registry
// finds the moved names where the user put them, and the writer gives a
// pinned statement its pinned speaker. It is also kept as a row, with its
// speakers by id and by registry key and its statements by article and
// content, so that it can be applied again when the live state is built
// anew: the re-key of a registry update does so in its own transaction,
// and ReapplyCorrections does so for the whole store in bounded batches.

// maxNameLen bounds a name a user gives, in code points.
const maxNameLen = 200

// speakerRef names a speaker in a stored correction: by id, and by the
// registry key that finds it again after a re-key gave it another id.
type speakerRef struct {
	ID   int64  `json:"id"`
	Key  string `json:"key,omitempty"`
	Name string `json:"name,omitempty"`
}

// statementRef names a statement by its article and content, which a
// re-extraction of the same text keeps.
type statementRef struct {
	ID      int64  `json:"id"`
	Article int64  `json:"article"`
	Content string `json:"content"`
}

// correctionArgs are a stored correction's arguments (the args column).
type correctionArgs struct {
	Speaker    speakerRef     `json:"speaker"`
	Target     *speakerRef    `json:"target,omitempty"`
	Name       string         `json:"name,omitempty"`
	OldName    string         `json:"old_name,omitempty"`
	Type       string         `json:"type,omitempty"`
	Aliases    []string       `json:"aliases,omitempty"` // registry keys
	Names      []string       `json:"names,omitempty"`   // the aliases as the user gave them
	Statements []statementRef `json:"statements,omitempty"`
}

// Correct implements http's SpeakerCorrector: it checks the correction
// against the store, applies it and records it, in one write transaction,
// so that concurrent corrections see each other's results.
func (db *DB) Correct(ctx context.Context, c rapporteur.Correction) (*rapporteur.Correction, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, errorf("correction: %w", err)
	}
	defer tx.rollback()
	// A re-key under way rebuilds the speakers a correction names: it
	// waits until the re-key is done.
	var rekeying bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM rekey_state)`).Scan(&rekeying); err != nil {
		return nil, errorf("correction: %w", err)
	} else if rekeying {
		return nil, rapporteur.Errorf(rapporteur.ECONFLICT, "the speakers are being re-keyed after a registry update: correct them once it is done")
	}
	w := &writer{db: db, ctx: ctx, tx: tx, now: db.now()}
	var args correctionArgs
	var moved int
	switch c.Kind {
	case rapporteur.CorrectMerge:
		args, moved, err = w.correctMerge(c)
	case rapporteur.CorrectSplit:
		args, moved, err = w.correctSplit(c)
	case rapporteur.CorrectRename:
		args, err = w.correctRename(c)
	case rapporteur.CorrectType:
		args, err = w.correctType(c)
	case rapporteur.CorrectReassign:
		args, moved, err = w.correctReassign(c)
	default:
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "unknown correction %q: use one of %s", c.Kind, strings.Join(rapporteur.CorrectionKinds, ", "))
	}
	if err != nil {
		return nil, err
	}
	by := strings.TrimSpace(c.By)
	if by == "" {
		by = "unknown"
	}
	if utf8.RuneCountInString(by) > maxNameLen {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "by: at most %d characters", maxNameLen)
	}
	buf, err := json.Marshal(args)
	if err != nil {
		return nil, errorf("correction: %w", err)
	}
	var target int64
	if args.Target != nil {
		target = args.Target.ID
	}
	var id int64
	if err := tx.queryRow(ctx, `INSERT INTO speaker_corrections (kind, speaker_id, target_id, args, moved, author, created)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Kind, args.Speaker.ID, target, string(buf), moved, by, w.now.Unix()).Scan(&id); err != nil {
		return nil, errorf("correction: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE statement_pins SET correction_id = ? WHERE correction_id = 0`, id); err != nil {
		return nil, errorf("correction: %w", err)
	}
	// The live tables hold this correction; they hold all before it too
	// unless a re-apply is under way (which will apply this one again,
	// changing nothing).
	if _, err := tx.exec(ctx, `UPDATE counters SET n = ?1 WHERE name = 'corrections_applied'
		AND n = (SELECT coalesce(max(id), 0) FROM speaker_corrections WHERE id < ?1)`, id); err != nil {
		return nil, errorf("correction: %w", err)
	}
	if err := tx.commit(ctx); err != nil {
		return nil, errorf("correction: %w", err)
	}
	return toCorrection(id, c.Kind, args, moved, by, w.now.Unix()), nil
}

// toCorrection builds the public form of a stored correction.
func toCorrection(id int64, kind string, a correctionArgs, moved int, by string, created int64) *rapporteur.Correction {
	c := &rapporteur.Correction{ID: id, Kind: kind, SpeakerID: a.Speaker.ID, SpeakerName: a.Speaker.Name,
		Name: a.Name, OldName: a.OldName, Type: a.Type, Aliases: a.Names, Moved: moved, By: by,
		Created: time.Unix(created, 0).UTC()}
	if a.Target != nil {
		c.TargetID, c.TargetName = a.Target.ID, a.Target.Name
	}
	for _, s := range a.Statements {
		c.Statements = append(c.Statements, s.ID)
	}
	return c
}

// liveSpeaker reads a speaker that exists now. A speaker merged into
// another is ECONFLICT (the user acts on one that is gone), an unknown id
// ENOTFOUND.
func (w *writer) liveSpeaker(id int64) (speakerRef, string, error) {
	r := speakerRef{ID: id}
	var typ string
	err := w.tx.queryRow(w.ctx, `SELECT key, name, type FROM speakers WHERE id = ?`, id).Scan(&r.Key, &r.Name, &typ)
	if errors.Is(err, pgx.ErrNoRows) {
		var into int64
		if err := w.tx.queryRow(w.ctx, `SELECT merged_into FROM merged_speakers WHERE id = ?`, id).Scan(&into); err == nil {
			return r, "", rapporteur.Errorf(rapporteur.ECONFLICT, "speaker %d was merged into speaker %d already", id, into)
		}
		return r, "", notFound("speaker", id)
	}
	if err != nil {
		return r, "", errorf("speaker %d: %w", id, err)
	}
	return r, typ, nil
}

// current finds the speaker a stored reference names now: the one that
// holds its key, else the id itself or the speaker it was merged into.
// ok is false when none is left.
func (w *writer) current(r speakerRef) (int64, bool, error) {
	if r.Key != "" {
		var id int64
		err := w.tx.queryRow(w.ctx, `SELECT speaker_id FROM speaker_aliases WHERE key = ?`, r.Key).Scan(&id)
		if err == nil {
			return id, true, nil
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return 0, false, err
		}
	}
	return w.follow(r.ID)
}

// follow returns id when it is a speaker, else the speaker it was merged
// into, through a bounded chain of pointers (a cycle ends it).
func (w *writer) follow(id int64) (int64, bool, error) {
	for range 32 {
		var n int
		if err := w.tx.queryRow(w.ctx, `SELECT count(*) FROM speakers WHERE id = ?`, id).Scan(&n); err != nil {
			return 0, false, err
		}
		if n > 0 {
			return id, true, nil
		}
		var into int64
		err := w.tx.queryRow(w.ctx, `SELECT merged_into FROM merged_speakers WHERE id = ?`, id).Scan(&into)
		if errors.Is(err, pgx.ErrNoRows) || into == id {
			return 0, false, nil
		} else if err != nil {
			return 0, false, err
		}
		id = into
	}
	return 0, false, nil
}

// recount sets the counts and dates of speakers from their statements,
// copies folded as everywhere (see original).
func (w *writer) recount(ids ...int64) error {
	w.forget()
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if _, err := w.tx.exec(w.ctx, `UPDATE speakers SET
			statement_count = (SELECT count(*) FROM statements s WHERE s.speaker_id = ?1 AND `+original+`),
			first_seen = coalesce((SELECT min(date) FROM statements WHERE speaker_id = ?1), first_seen),
			last_seen = coalesce((SELECT max(date) FROM statements WHERE speaker_id = ?1), last_seen)
			WHERE id = ?1`, id); err != nil {
			return errorf("recount speaker %d: %w", id, err)
		}
	}
	return nil
}

// nameKey is the registry key of a name a user gives for a speaker.
func nameKey(name, typ string) string {
	if k, ok := registry.Key(name, typ); ok {
		return k
	}
	return canon.Name(name)
}

// userName checks a name a user gives.
func userName(what, name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "" || canon.Name(name) == "":
		return "", rapporteur.Errorf(rapporteur.EINVALID, "%s: give a name", what)
	case utf8.RuneCountInString(name) > maxNameLen:
		return "", rapporteur.Errorf(rapporteur.EINVALID, "%s: at most %d characters", what, maxNameLen)
	}
	return name, nil
}

// userType checks a type a user gives; "" is def.
func userType(typ, def string) (string, error) {
	if typ == "" {
		typ = def
	}
	if typ != rapporteur.Person && typ != rapporteur.Organization {
		return "", rapporteur.Errorf(rapporteur.EINVALID, "type %q: a speaker is a person or an organization", typ)
	}
	return typ, nil
}

// correctMerge merges c.SpeakerID into c.TargetID.
func (w *writer) correctMerge(c rapporteur.Correction) (correctionArgs, int, error) {
	var a correctionArgs
	if c.SpeakerID == c.TargetID {
		return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "speaker %d cannot be merged into itself", c.SpeakerID)
	}
	if c.TargetID == 0 {
		return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "merge: give the speaker to merge into")
	}
	from, _, err := w.liveSpeaker(c.SpeakerID)
	if err != nil {
		return a, 0, err
	}
	to, _, err := w.liveSpeaker(c.TargetID)
	if err != nil {
		return a, 0, err
	}
	keys, err := w.aliasKeys(from.ID)
	if err != nil {
		return a, 0, err
	}
	a = correctionArgs{Speaker: from, Target: &to, Aliases: keys}
	n, err := w.merge(from.ID, to.ID)
	return a, n, err
}

// aliasKeys lists the registry keys that find a speaker.
func (w *writer) aliasKeys(id int64) ([]string, error) {
	rows, err := w.tx.query(w.ctx, `SELECT key FROM speaker_aliases WHERE speaker_id = ? ORDER BY key`, id)
	if err != nil {
		return nil, errorf("aliases of speaker %d: %w", id, err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// merge merges speaker from into to, as a user's correction: the names
// that found from find to (marked as the user's), and to's search names
// take in from's. It returns how many statements moved.
func (w *writer) merge(from, to int64) (int, error) {
	var fromName, fromNames string
	var moved int
	if err := w.tx.queryRow(w.ctx, `SELECT name, alias_names, (SELECT count(*) FROM statements WHERE speaker_id = ?1)
		FROM speakers WHERE id = ?1`, from).Scan(&fromName, &fromNames, &moved); err != nil {
		return 0, errorf("merge speaker %d: %w", from, err)
	}
	if _, err := w.tx.exec(w.ctx, `UPDATE speaker_aliases SET source = 'user' WHERE speaker_id = ?`, from); err != nil {
		return 0, errorf("merge speaker %d: %w", from, err)
	}
	if _, err := w.tx.exec(w.ctx, `UPDATE statement_pins SET speaker_id = ?1, speaker_key = (SELECT key FROM speakers WHERE id = ?1)
		WHERE speaker_id = ?2`, to, from); err != nil {
		return 0, errorf("merge speaker %d: %w", from, err)
	}
	if err := w.mergeSpeaker(from, to); err != nil {
		return 0, err
	}
	if err := w.addNames(to, append([]string{fromName}, splitNames(fromNames)...)); err != nil {
		return 0, err
	}
	return moved, w.recount(to)
}

func splitNames(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// addNames adds names to the search names of a speaker (its alias_names
// and its full-text row), leaving out its own and those it has.
func (w *writer) addNames(id int64, names []string) error {
	var name, have string
	if err := w.tx.queryRow(w.ctx, `SELECT name, alias_names FROM speakers WHERE id = ?`, id).Scan(&name, &have); err != nil {
		return errorf("names of speaker %d: %w", id, err)
	}
	return w.setNames(id, name, append(splitNames(have), names...))
}

// setNames sets the search names of a speaker: names without its own and
// without repeats (by key).
func (w *writer) setNames(id int64, name string, names []string) error {
	seen := map[string]bool{canon.Name(name): true}
	var keep []string
	for _, n := range names {
		k := canon.Name(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		keep = append(keep, n)
	}
	joined := strings.Join(keep, "\n")
	if _, err := w.tx.exec(w.ctx, `UPDATE speakers SET alias_names = ? WHERE id = ?`, joined, id); err != nil {
		return errorf("names of speaker %d: %w", id, err)
	}
	if _, err := w.tx.exec(w.ctx, `UPDATE speakers SET tsv = ?::tsvector WHERE id = ?`, speakerVector(name, joined), id); err != nil {
		return errorf("names of speaker %d: %w", id, err)
	}
	return nil
}

// correctRename gives a speaker a new display name; the name finds it too.
func (w *writer) correctRename(c rapporteur.Correction) (correctionArgs, error) {
	var a correctionArgs
	sp, typ, err := w.liveSpeaker(c.SpeakerID)
	if err != nil {
		return a, err
	}
	name, err := userName("rename", c.Name)
	if err != nil {
		return a, err
	}
	if name == sp.Name {
		return a, rapporteur.Errorf(rapporteur.EINVALID, "speaker %d is named %q already", sp.ID, name)
	}
	k := nameKey(name, typ)
	var holder int64
	err = w.tx.queryRow(w.ctx, `SELECT speaker_id FROM speaker_aliases WHERE key = ?`, k).Scan(&holder)
	if err == nil && holder != sp.ID {
		return a, rapporteur.Errorf(rapporteur.ECONFLICT, "speaker %d is called %q already: merge into it instead", holder, name)
	} else if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return a, errorf("rename: %w", err)
	}
	a = correctionArgs{Speaker: sp, Name: name, OldName: sp.Name}
	return a, w.rename(sp.ID, name, typ)
}

// rename sets a speaker's name, keeps the old one among its search names
// and makes the new one find it (unless another speaker has that name).
func (w *writer) rename(id int64, name, typ string) error {
	var old, names string
	if err := w.tx.queryRow(w.ctx, `SELECT name, alias_names FROM speakers WHERE id = ?`, id).Scan(&old, &names); err != nil {
		return errorf("rename speaker %d: %w", id, err)
	}
	if _, err := w.tx.exec(w.ctx, `UPDATE speakers SET name = ? WHERE id = ?`, name, id); err != nil {
		return errorf("rename speaker %d: %w", id, err)
	}
	if _, err := w.tx.exec(w.ctx, `INSERT INTO speaker_aliases (key, speaker_id, source) VALUES (?, ?, 'user')
		ON CONFLICT (key) DO NOTHING`, nameKey(name, typ), id); err != nil {
		return errorf("rename speaker %d: %w", id, err)
	}
	return w.setNames(id, name, append(splitNames(names), old))
}

// correctType sets a speaker's type, which the registry then keeps.
func (w *writer) correctType(c rapporteur.Correction) (correctionArgs, error) {
	var a correctionArgs
	sp, typ, err := w.liveSpeaker(c.SpeakerID)
	if err != nil {
		return a, err
	}
	want, err := userType(c.Type, "")
	if err != nil {
		return a, err
	}
	if want == typ {
		return a, rapporteur.Errorf(rapporteur.EINVALID, "speaker %d is a%s %s already", sp.ID, map[bool]string{true: "n"}[want == rapporteur.Organization], want)
	}
	if err := w.retype(sp.ID, want); err != nil {
		return a, err
	}
	return correctionArgs{Speaker: sp, Type: want}, nil
}

// retype sets a speaker's type and fixes it. Another speaker with the same
// key and that type makes it ECONFLICT.
func (w *writer) retype(id int64, typ string) error {
	var other int64
	err := w.tx.queryRow(w.ctx, `SELECT o.id FROM speakers o JOIN speakers sp ON sp.key = o.key
		WHERE sp.id = ? AND o.type = ? AND o.id <> sp.id`, id, typ).Scan(&other)
	if err == nil {
		return rapporteur.Errorf(rapporteur.ECONFLICT, "speaker %d has the same name and is a %s: merge into it instead", other, typ)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return errorf("type of speaker %d: %w", id, err)
	}
	if _, err := w.tx.exec(w.ctx, `UPDATE speakers SET type = ?, type_fixed = true WHERE id = ?`, typ, id); err != nil {
		return errorf("type of speaker %d: %w", id, err)
	}
	return nil
}

// statementOf reads a statement's reference and speaker (0 for none).
func (w *writer) statementOf(id int64) (statementRef, int64, error) {
	r := statementRef{ID: id}
	var speaker *int64
	err := w.tx.queryRow(w.ctx, `SELECT article_id, content, speaker_id FROM statements WHERE id = ?`, id).Scan(&r.Article, &r.Content, &speaker)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, 0, notFound("statement", id)
	} else if err != nil {
		return r, 0, errorf("statement %d: %w", id, err)
	}
	return r, deref(speaker), nil
}

// correctReassign gives one statement another speaker.
func (w *writer) correctReassign(c rapporteur.Correction) (correctionArgs, int, error) {
	var a correctionArgs
	if len(c.Statements) != 1 {
		return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "reassign: give one statement")
	}
	st, was, err := w.statementOf(c.Statements[0])
	if err != nil {
		return a, 0, err
	}
	if c.TargetID == 0 {
		return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "reassign: give the speaker the statement is by")
	}
	to, _, err := w.liveSpeaker(c.TargetID)
	if err != nil {
		return a, 0, err
	}
	if was == to.ID {
		return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "statement %d is by speaker %d already", st.ID, to.ID)
	}
	a = correctionArgs{Target: &to, Statements: []statementRef{st}}
	if was != 0 {
		if a.Speaker, _, err = w.liveSpeaker(was); err != nil {
			return a, 0, err
		}
	}
	if err := w.move([]int64{st.ID}, was, to.ID); err != nil {
		return a, 0, err
	}
	return a, 1, w.pin(st, to)
}

// move gives statements the speaker to and recounts both speakers.
func (w *writer) move(ids []int64, from, to int64) error {
	for _, id := range ids {
		if _, err := w.tx.exec(w.ctx, `UPDATE statements SET speaker_id = ? WHERE id = ?`, to, id); err != nil {
			return errorf("move statement %d: %w", id, err)
		}
	}
	return w.recount(from, to)
}

// pin keeps a statement with speaker to when its article is stored again
// (the correction's id is set when the correction is recorded).
func (w *writer) pin(st statementRef, to speakerRef) error {
	w.pins = 2
	if _, err := w.tx.exec(w.ctx, `INSERT INTO statement_pins (article_id, content, speaker_id, speaker_key, correction_id)
		VALUES (?, ?, ?, ?, 0) ON CONFLICT (article_id, content) DO UPDATE SET speaker_id = excluded.speaker_id,
		speaker_key = excluded.speaker_key, correction_id = 0`, st.Article, st.Content, to.ID, to.Key); err != nil {
		return errorf("pin statement %d: %w", st.ID, err)
	}
	return nil
}

// correctSplit moves names and statements of a speaker to a new one.
func (w *writer) correctSplit(c rapporteur.Correction) (correctionArgs, int, error) {
	var a correctionArgs
	sp, typ, err := w.liveSpeaker(c.SpeakerID)
	if err != nil {
		return a, 0, err
	}
	name, err := userName("split", c.Name)
	if err != nil {
		return a, 0, err
	}
	newType, err := userType(c.Type, typ)
	if err != nil {
		return a, 0, err
	}
	if len(c.Aliases) == 0 && len(c.Statements) == 0 {
		return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "split: choose the names or the statements that go to %q", name)
	}
	newKey := nameKey(name, newType)
	if newKey == sp.Key {
		return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "split: %q is the name of speaker %d: give the new speaker a name of its own", name, sp.ID)
	}
	var holder int64
	err = w.tx.queryRow(w.ctx, `SELECT speaker_id FROM speaker_aliases WHERE key = ?`, newKey).Scan(&holder)
	if err == nil && holder != sp.ID {
		return a, 0, rapporteur.Errorf(rapporteur.ECONFLICT, "speaker %d is called %q already: reassign the statements to it or merge", holder, name)
	} else if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return a, 0, errorf("split: %w", err)
	}
	a = correctionArgs{Speaker: sp, Name: name, Type: newType}
	var quoted map[string]bool
	if len(c.Aliases) > 0 {
		if quoted, err = w.quotedKeys(sp.ID); err != nil {
			return a, 0, err
		}
	}
	for _, n := range c.Aliases {
		k := nameKey(n, typ)
		var owner int64
		err := w.tx.queryRow(w.ctx, `SELECT speaker_id FROM speaker_aliases WHERE key = ?`, k).Scan(&owner)
		switch {
		case err == nil && owner != sp.ID || errors.Is(err, pgx.ErrNoRows) && !quoted[k]:
			// A name finds the speaker (an alias) or its statements were
			// quoted under it ("Biden" alone, joined by surname).
			return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "split: %q is not a name of speaker %d", n, sp.ID)
		case err != nil && !errors.Is(err, pgx.ErrNoRows):
			return a, 0, errorf("split: %w", err)
		case k == sp.Key:
			return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "split: %q is the name of speaker %d itself: rename it instead", n, sp.ID)
		}
		if !slices.Contains(a.Aliases, k) {
			a.Aliases = append(a.Aliases, k)
			a.Names = append(a.Names, n)
		}
	}
	for _, id := range c.Statements {
		st, by, err := w.statementOf(id)
		if err != nil {
			return a, 0, err
		}
		if by != sp.ID {
			return a, 0, rapporteur.Errorf(rapporteur.EINVALID, "split: statement %d is not by speaker %d", id, sp.ID)
		}
		if !slices.ContainsFunc(a.Statements, func(s statementRef) bool { return s.ID == id }) {
			a.Statements = append(a.Statements, st)
		}
	}
	target, n, err := w.split(sp.ID, 0, name, newKey, newType, a.Aliases, a.Statements)
	a.Target = &target
	return a, n, err
}

// split moves the names (alias keys) and statements of speaker from to a
// new speaker (id 0: the next free one; else that id) named name, or to
// the speaker that holds newKey when another one does (a re-applied split
// after a re-key). It returns the speaker and how many statements moved.
func (w *writer) split(from, id int64, name, newKey, typ string, keys []string, sts []statementRef) (speakerRef, int, error) {
	to := speakerRef{Key: newKey, Name: name}
	var holder int64
	moving := map[string]bool{}
	err := w.tx.queryRow(w.ctx, `SELECT speaker_id FROM speaker_aliases WHERE key = ?`, newKey).Scan(&holder)
	switch {
	case err == nil && holder != from:
		to.ID = holder
	case err != nil && !errors.Is(err, pgx.ErrNoRows):
		return to, 0, errorf("split: %w", err)
	default:
		// When the new name was one of from's, it goes too.
		moving[newKey] = err == nil
		// A split applied again gets its speaker's id back, even when a
		// re-key made it a pointer to another speaker: the address is the
		// split speaker's.
		var taken int
		if id != 0 {
			if err := w.tx.queryRow(w.ctx, `SELECT count(*) FROM speakers WHERE id = ?`, id).Scan(&taken); err != nil {
				return to, 0, errorf("split: %w", err)
			}
		}
		var preset any
		if id != 0 && taken == 0 {
			preset = id
			if _, err := w.tx.exec(w.ctx, `DELETE FROM merged_speakers WHERE id = ?`, id); err != nil {
				return to, 0, errorf("split: %w", err)
			}
		}
		surname := ""
		if typ == rapporteur.Person {
			surname = registry.Surname(newKey)
			if surname == newKey {
				surname = ""
			}
		}
		if err := w.tx.queryRow(w.ctx, `INSERT INTO speakers (id, key, type, type_fixed, name, surname, first_seen, last_seen)
			VALUES (coalesce(?::bigint, `+nextSpeakerID+`), ?, ?, true, ?, ?, ?, ?) RETURNING id`,
			preset, newKey, typ, name, surname, w.now.Unix(), w.now.Unix()).Scan(&to.ID); err != nil {
			return to, 0, errorf("split: new speaker: %w", err)
		}
		if err := w.exec(qCounter, 1, "speakers"); err != nil {
			return to, 0, err
		}
		if _, err := w.tx.exec(w.ctx, `INSERT INTO speaker_aliases (key, speaker_id, source) VALUES (?, ?, 'user')
			ON CONFLICT (key) DO UPDATE SET speaker_id = excluded.speaker_id, source = 'user'`, newKey, to.ID); err != nil {
			return to, 0, errorf("split: %w", err)
		}
		if _, err := w.tx.exec(w.ctx, `UPDATE speakers SET tsv = ?::tsvector WHERE id = ?`, speakerVector(name, ""), to.ID); err != nil {
			return to, 0, errorf("split: %w", err)
		}
	}
	for _, k := range keys {
		// The name finds the new speaker from now on, whether it was an
		// alias of from or only the name some of its statements had.
		res, err := w.tx.exec(w.ctx, `INSERT INTO speaker_aliases (key, speaker_id, source) VALUES (?1, ?2, 'user')
			ON CONFLICT (key) DO UPDATE SET speaker_id = excluded.speaker_id, source = 'user' WHERE speaker_aliases.speaker_id = ?3`, k, to.ID, from)
		if err != nil {
			return to, 0, errorf("split: %w", err)
		}
		if res.RowsAffected() > 0 {
			moving[k] = true
		}
	}
	// The statements quoted under a moved name go, and those chosen.
	rows, err := w.tx.query(w.ctx, `SELECT id, article_id, content, speaker_name, speaker_type FROM statements WHERE speaker_id = ?`, from)
	if err != nil {
		return to, 0, errorf("split: %w", err)
	}
	var ids []int64
	var pinned []statementRef
	for rows.Next() {
		var st statementRef
		var sname, stype string
		if err := rows.Scan(&st.ID, &st.Article, &st.Content, &sname, &stype); err != nil {
			rows.Close()
			return to, 0, errorf("split: %w", err)
		}
		chosen := slices.ContainsFunc(sts, func(s statementRef) bool {
			return s.ID == st.ID || s.Article == st.Article && s.Content == st.Content
		})
		if chosen {
			pinned = append(pinned, st)
		}
		if k, ok := registry.Key(sname, stype); chosen || ok && moving[k] {
			ids = append(ids, st.ID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return to, 0, errorf("split: %w", err)
	}
	if err := w.move(ids, from, to.ID); err != nil {
		return to, 0, err
	}
	for _, st := range pinned {
		if err := w.pin(st, to); err != nil {
			return to, 0, err
		}
	}
	// The search names follow the names moved.
	var fromName, names string
	if err := w.tx.queryRow(w.ctx, `SELECT name, alias_names FROM speakers WHERE id = ?`, from).Scan(&fromName, &names); err != nil {
		return to, 0, errorf("split: %w", err)
	}
	var stay, gone []string
	for _, n := range splitNames(names) {
		if k, ok := registry.Key(n, rapporteur.Person); ok && moving[k] || moving[canon.Name(n)] {
			gone = append(gone, n)
		} else {
			stay = append(stay, n)
		}
	}
	if err := w.setNames(from, fromName, stay); err != nil {
		return to, 0, err
	}
	return to, len(ids), w.addNames(to.ID, gone)
}

// quotedKeys returns the registry keys of the names a speaker's statements
// were quoted under.
func (w *writer) quotedKeys(id int64) (map[string]bool, error) {
	rows, err := w.tx.query(w.ctx, `SELECT DISTINCT speaker_name, speaker_type FROM statements WHERE speaker_id = ?`, id)
	if err != nil {
		return nil, errorf("names of speaker %d: %w", id, err)
	}
	defer rows.Close()
	keys := map[string]bool{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		if k, ok := registry.Key(name, typ); ok {
			keys[k] = true
		}
	}
	return keys, rows.Err()
}

// nextSpeakerID is the id a new speaker gets: above every speaker and
// every id merged away, so that an old address never names a new speaker.
const nextSpeakerID = `nextval(pg_get_serial_sequence('speakers', 'id'))`

// applyPins gives the statements of an article that users pinned their
// pinned speaker (ids as speakerIDs returns them).
func (w *writer) applyPins(articleID int64, sts []rapporteur.Statement, ids []any) error {
	// Asked once per transaction: a store without pins pays one round
	// trip per group of puts, not one per article.
	if w.pins == 0 {
		var any bool
		if err := w.tx.queryRow(w.ctx, `SELECT EXISTS (SELECT 1 FROM statement_pins)`).Scan(&any); err != nil {
			return errorf("statement pins: %w", err)
		}
		w.pins = 1
		if any {
			w.pins = 2
		}
	}
	if w.pins == 1 {
		return nil
	}
	rows, err := w.tx.query(w.ctx, qPins, articleID)
	if err != nil {
		return errorf("statement pins: %w", err)
	}
	pins := map[string]speakerRef{}
	for rows.Next() {
		var content string
		var r speakerRef
		if err := rows.Scan(&content, &r.ID, &r.Key); err != nil {
			rows.Close()
			return errorf("statement pins: %w", err)
		}
		pins[content] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(pins) == 0 {
		return err
	}
	for i, st := range sts {
		r, ok := pins[st.Content.Text]
		if !ok {
			continue
		}
		id, ok, err := w.current(r)
		if err != nil {
			return errorf("statement pins: %w", err)
		}
		if ok {
			ids[i] = id
		}
	}
	return nil
}

const qPins = `SELECT content, speaker_id, speaker_key FROM statement_pins WHERE article_id = ?`

// reapply applies a stored correction again to the live tables. It
// reports whether it changed anything; a correction whose speakers or
// statements are gone changes nothing (and skipped is true).
func (w *writer) reapply(id int64, kind string, a correctionArgs) (changed, skipped bool, err error) {
	sp, ok, err := w.current(a.Speaker)
	if err != nil {
		return false, false, err
	}
	if !ok && kind != rapporteur.CorrectReassign {
		return false, true, nil
	}
	switch kind {
	case rapporteur.CorrectMerge:
		to, ok, err := w.current(*a.Target)
		if err != nil || !ok {
			return false, !ok, err
		}
		// Whoever the registry gave a name the merged speaker had goes
		// into the target. A name a user placed (source 'user': this
		// merge in effect, or a later split that took the name out again)
		// stays where it is, so that applying again changes nothing.
		from := map[int64]bool{}
		for _, k := range append([]string{a.Speaker.Key}, a.Aliases...) {
			var holder int64
			err := w.tx.queryRow(w.ctx, `SELECT speaker_id FROM speaker_aliases WHERE key = ? AND source = 'auto'`, k).Scan(&holder)
			if err == nil && holder != to {
				from[holder] = true
			} else if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return false, false, err
			}
		}
		if id, ok, err := w.follow(a.Speaker.ID); err != nil {
			return false, false, err
		} else if ok && id == a.Speaker.ID && id != to {
			from[id] = true
		}
		for _, f := range slices.Sorted(maps.Keys(from)) {
			if _, err := w.merge(f, to); err != nil {
				return false, false, err
			}
		}
		return len(from) > 0, false, nil
	case rapporteur.CorrectRename:
		var name, typ string
		if err := w.tx.queryRow(w.ctx, `SELECT name, type FROM speakers WHERE id = ?`, sp).Scan(&name, &typ); err != nil {
			return false, false, err
		}
		if name == a.Name {
			return false, false, nil
		}
		return true, false, w.rename(sp, a.Name, typ)
	case rapporteur.CorrectType:
		var typ string
		var fixed bool
		if err := w.tx.queryRow(w.ctx, `SELECT type, type_fixed FROM speakers WHERE id = ?`, sp).Scan(&typ, &fixed); err != nil {
			return false, false, err
		}
		if typ == a.Type && fixed {
			return false, false, nil
		}
		if err := w.retype(sp, a.Type); rapporteur.ErrorCode(err) == rapporteur.ECONFLICT {
			return false, true, nil
		} else if err != nil {
			return false, false, err
		}
		return true, false, nil
	case rapporteur.CorrectSplit:
		var sts []statementRef
		for _, s := range a.Statements {
			if cur, by, ok, err := w.statementByContent(s); err != nil {
				return false, false, err
			} else if ok && by == sp {
				sts = append(sts, cur)
			}
		}
		var keys []string
		for _, k := range a.Aliases {
			var holder int64
			err := w.tx.queryRow(w.ctx, `SELECT speaker_id FROM speaker_aliases WHERE key = ?`, k).Scan(&holder)
			if err == nil && holder == sp || errors.Is(err, pgx.ErrNoRows) {
				keys = append(keys, k)
			} else if err != nil {
				return false, false, err
			}
		}
		if len(keys) == 0 && len(sts) == 0 {
			return false, false, nil
		}
		to, _, err := w.split(sp, a.Target.ID, a.Name, a.Target.Key, a.Type, keys, sts)
		if err != nil {
			return false, false, err
		}
		if to.ID != a.Target.ID {
			// The split's speaker got another id: the correction and its
			// pins name it from now on.
			a.Target.ID = to.ID
			buf, _ := json.Marshal(a)
			if _, err := w.tx.exec(w.ctx, `UPDATE speaker_corrections SET target_id = ?, args = ? WHERE id = ?`, to.ID, string(buf), id); err != nil {
				return false, false, err
			}
		}
		return true, false, nil
	case rapporteur.CorrectReassign:
		to, ok, err := w.current(*a.Target)
		if err != nil || !ok || len(a.Statements) == 0 {
			return false, !ok, err
		}
		st, by, found, err := w.statementByContent(a.Statements[0])
		if err != nil || !found {
			return false, !found, err
		}
		if err := w.pin(st, speakerRef{ID: to, Key: a.Target.Key}); err != nil {
			return false, false, err
		}
		if _, err := w.tx.exec(w.ctx, `UPDATE statement_pins SET correction_id = ? WHERE correction_id = 0`, id); err != nil {
			return false, false, err
		}
		if by == to {
			return false, false, nil
		}
		return true, false, w.move([]int64{st.ID}, by, to)
	}
	return false, true, nil
}

// statementByContent finds a statement again by its article and content
// (its id changes when the article is stored again).
func (w *writer) statementByContent(r statementRef) (statementRef, int64, bool, error) {
	var speaker *int64
	cur := r
	err := w.tx.queryRow(w.ctx, `SELECT id, speaker_id FROM statements WHERE article_id = ? AND content = ? ORDER BY id LIMIT 1`,
		r.Article, r.Content).Scan(&cur.ID, &speaker)
	if errors.Is(err, pgx.ErrNoRows) {
		return cur, 0, false, nil
	}
	return cur, deref(speaker), err == nil, err
}

// reapplyFrom applies again the stored corrections with ids above after,
// at most n of them, in order; it returns the last id applied (0 when
// none was left).
func (w *writer) reapplyFrom(after int64, n int, res *rapporteur.ReapplyResult) (int64, error) {
	rows, err := w.tx.query(w.ctx, `SELECT id, kind, args FROM speaker_corrections WHERE id > ? ORDER BY id LIMIT ?`, after, n)
	if err != nil {
		return 0, errorf("corrections: %w", err)
	}
	type stored struct {
		id   int64
		kind string
		args correctionArgs
	}
	var all []stored
	for rows.Next() {
		var s stored
		var buf string
		if err := rows.Scan(&s.id, &s.kind, &buf); err != nil {
			rows.Close()
			return 0, errorf("corrections: %w", err)
		}
		if err := json.Unmarshal([]byte(buf), &s.args); err != nil {
			rows.Close()
			return 0, errorf("correction %d: %w", s.id, err)
		}
		all = append(all, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, errorf("corrections: %w", err)
	}
	var last int64
	for _, s := range all {
		changed, skipped, err := w.reapply(s.id, s.kind, s.args)
		if err != nil {
			return 0, errorf("re-apply correction %d: %w", s.id, err)
		}
		res.Corrections++
		switch {
		case skipped:
			res.Skipped++
		case changed:
			res.Changed++
		}
		last = s.id
	}
	return last, nil
}

// reapplyBatch is how many corrections one transaction of
// ReapplyCorrections re-applies: a transaction stays short, so that puts
// wait little between two.
const reapplyBatch = 100

// ReapplyCorrections implements http's SpeakerCorrector: it applies again
// the stored corrections the live tables do not hold (those after the
// corrections_applied mark, which a re-key sets to 0), oldest first; with
// all, it first re-keys every statement with the registry (the speakers
// as the registry alone would make them) and then applies all. It works
// in transactions of reapplyBatch and tells progress the count done and
// the total after each. Each transaction moves the mark, so an
// interrupted run goes on where it stopped.
func (db *DB) ReapplyCorrections(ctx context.Context, all bool, progress func(done, total int)) (rapporteur.ReapplyResult, error) {
	var res rapporteur.ReapplyResult
	// Work the speakers out anew from the statements, as a registry
	// update does, with all; else finish a re-key that was interrupted
	// (or that rules newer than the store's ask for). That sets the mark
	// to 0.
	rekey := db.rekeySpeakers
	if all {
		rekey = db.rekey
	}
	if err := rekey(ctx); err != nil {
		return res, err
	}
	var after int64
	var total int
	if err := wrap(db.pool).queryRow(ctx, `SELECT n, (SELECT count(*) FROM speaker_corrections WHERE id > n)
		FROM counters WHERE name = 'corrections_applied'`).Scan(&after, &total); err != nil {
		return res, errorf("corrections: %w", err)
	}
	if total == 0 {
		// Nothing to apply: no write, so that opening a store that holds
		// its corrections never waits for the writer (as package sqlite).
		return res, nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		tx, err := db.beginWrite(ctx)
		if err != nil {
			return res, errorf("corrections: %w", err)
		}
		w := &writer{db: db, ctx: ctx, tx: tx, now: db.now()}
		last, err := w.reapplyFrom(after, reapplyBatch, &res)
		if err == nil && last != 0 {
			_, err = tx.exec(ctx, `UPDATE counters SET n = ? WHERE name = 'corrections_applied'`, last)
		}
		if err == nil {
			err = tx.commit(ctx)
		}
		tx.rollback()
		if err != nil {
			return res, errorf("corrections: %w", err)
		}
		if last == 0 {
			return res, nil
		}
		after = last
		if progress != nil {
			progress(res.Corrections, max(total, res.Corrections))
		}
	}
}

// Corrections implements http's SpeakerCorrector: the stored corrections,
// newest first.
func (db *DB) Corrections(ctx context.Context, f rapporteur.CorrectionFilter) (rapporteur.Page[*rapporteur.Correction], error) {
	var page rapporteur.Page[*rapporteur.Correction]
	var c conds
	if f.SpeakerID != 0 {
		c.add("(speaker_id = ? OR target_id = ?)", f.SpeakerID, f.SpeakerID)
	}
	cur, err := decodeCursor(f.Cursor, "id")
	if err != nil {
		return page, err
	}
	if cur != nil {
		c.add("id < ?", cur.ID)
	}
	n := limit(f.Limit)
	where, args := c.where()
	rows, err := wrap(db.pool).query(ctx, `SELECT id, kind, args, moved, author, created FROM speaker_corrections WHERE 1 = 1`+where+
		` ORDER BY id DESC LIMIT ?`, append(args, n+1)...)
	if err != nil {
		return page, errorf("corrections: %w", err)
	}
	defer rows.Close()
	page.Items = []*rapporteur.Correction{}
	for rows.Next() {
		var id, created int64
		var kind, buf, by string
		var moved int
		if err := rows.Scan(&id, &kind, &buf, &moved, &by, &created); err != nil {
			return page, errorf("corrections: %w", err)
		}
		var a correctionArgs
		if err := json.Unmarshal([]byte(buf), &a); err != nil {
			return page, errorf("correction %d: %w", id, err)
		}
		page.Items = append(page.Items, toCorrection(id, kind, a, moved, by, created))
	}
	if err := rows.Err(); err != nil {
		return page, errorf("corrections: %w", err)
	}
	if len(page.Items) > n {
		page.Items = page.Items[:n]
		page.Next = cursor{Kind: "id", ID: page.Items[n-1].ID}.encode()
	}
	return page, nil
}

// StatementByID implements http's SpeakerCorrector: one statement, for the
// form that gives it another speaker.
func (db *DB) StatementByID(ctx context.Context, id int64) (*rapporteur.StoredStatement, error) {
	st, err := scanStatement(wrap(db.pool).queryRow(ctx, `SELECT `+statementCols+` FROM statements s
		JOIN articles a ON a.id = s.article_id AND a.date = s.date LEFT JOIN sources src ON src.id = s.source_id WHERE s.id = ?`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("statement", id)
	} else if err != nil {
		return nil, errorf("statement %d: %w", id, err)
	}
	return st, nil
}

// QuotedNames implements http's SpeakerCorrector: the names a speaker's
// statements were quoted under, one per registry key (its most used
// spelling), most statements first, the speaker's own name left out.
func (db *DB) QuotedNames(ctx context.Context, id int64) ([]rapporteur.QuotedName, error) {
	var key string
	if err := wrap(db.pool).queryRow(ctx, `SELECT key FROM speakers WHERE id = ?`, id).Scan(&key); errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("speaker", id)
	} else if err != nil {
		return nil, errorf("speaker %d: %w", id, err)
	}
	rows, err := wrap(db.pool).query(ctx, `SELECT speaker_name, speaker_type, count(*) AS n FROM statements
		WHERE speaker_id = ? GROUP BY speaker_name, speaker_type ORDER BY n DESC, speaker_name`, id)
	if err != nil {
		return nil, errorf("names of speaker %d: %w", id, err)
	}
	defer rows.Close()
	at := map[string]int{}
	names := []rapporteur.QuotedName{}
	for rows.Next() {
		var name, typ string
		var n int
		if err := rows.Scan(&name, &typ, &n); err != nil {
			return nil, errorf("names of speaker %d: %w", id, err)
		}
		k, ok := registry.Key(name, typ)
		if !ok || k == key {
			continue
		}
		if i, seen := at[k]; seen {
			names[i].Count += n
			continue
		}
		at[k] = len(names)
		clean, _ := registry.Clean(name, typ)
		names = append(names, rapporteur.QuotedName{Name: clean, Count: n})
	}
	if err := rows.Err(); err != nil {
		return nil, errorf("names of speaker %d: %w", id, err)
	}
	slices.SortStableFunc(names, func(a, b rapporteur.QuotedName) int { return b.Count - a.Count })
	return names, nil
}
