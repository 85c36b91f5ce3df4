package postgres

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
)

const speakerCols = `sp.id, sp.name, sp.type, sp.statement_count, sp.first_seen, sp.last_seen`

func scanSpeaker(r scanner, extra ...any) (*rapporteur.StoredSpeaker, error) {
	var sp rapporteur.StoredSpeaker
	var first, last int64
	if err := r.Scan(append([]any{&sp.ID, &sp.Name, &sp.Type, &sp.StatementCount, &first, &last}, extra...)...); err != nil {
		return nil, err
	}
	sp.FirstSeen, sp.LastSeen = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
	return &sp, nil
}

// original keeps the statements of original articles only (s is the
// statement), as package sqlite counts them.
const original = `NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id AND a.duplicate_of IS NOT NULL)`

// aliasSample bounds the statements read for a speaker's aliases.
const aliasSample = 5000

// Speaker implements rapporteur.Store.
func (db *DB) Speaker(ctx context.Context, id int64) (*rapporteur.StoredSpeaker, error) {
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("speaker %d: %w", id, err)
	}
	defer t.rollback()
	sp, err := scanSpeaker(t.queryRow(ctx, `SELECT `+speakerCols+` FROM speakers sp WHERE sp.id = ?`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		var into int64
		if err := t.queryRow(ctx, `SELECT merged_into FROM merged_speakers WHERE id = ?`, id).Scan(&into); err == nil && into != id {
			t.rollback()
			return db.Speaker(ctx, into)
		}
		return nil, notFound("speaker", id)
	} else if err != nil {
		return nil, errorf("speaker %d: %w", id, err)
	}
	if err := aliases(ctx, t, sp); err != nil {
		return nil, errorf("speaker %d aliases: %w", id, err)
	}
	// A statement's further roles ("AU chairperson and Egyptian
	// President") count as roles seen too.
	rows, err := t.query(ctx, `SELECT role, affiliation, count(*), min(date), max(date) FROM (
		SELECT role, affiliation, date FROM statements s
		WHERE speaker_id = ? AND (role <> '' OR affiliation <> '') AND `+original+`
		UNION ALL
		SELECT coalesce(j.value ->> 'role', ''), coalesce(j.value ->> 'affiliation', ''), s.date
		FROM statements s, json_array_elements(s.more_roles::json) j
		WHERE s.speaker_id = ? AND s.more_roles IS NOT NULL AND `+original+`) r
		GROUP BY role, affiliation ORDER BY count(*) DESC, min(date), role, affiliation LIMIT 100`, id, id)
	if err != nil {
		return nil, errorf("speaker %d roles: %w", id, err)
	}
	for rows.Next() {
		var r rapporteur.SpeakerRole
		var first, last int64
		if err := rows.Scan(&r.Role, &r.Affiliation, &r.Count, &first, &last); err != nil {
			rows.Close()
			return nil, errorf("speaker %d roles: %w", id, err)
		}
		r.FirstSeen, r.LastSeen = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
		sp.Roles = append(sp.Roles, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errorf("speaker %d roles: %w", id, err)
	}
	rows, err = t.query(ctx, `SELECT `+sourceCols+`, c.n
		FROM (SELECT source_id, count(*) AS n FROM statements s WHERE speaker_id = ? AND source_id IS NOT NULL AND `+original+` GROUP BY source_id) c
		JOIN sources src ON src.id = c.source_id ORDER BY c.n DESC, src.name COLLATE "C" LIMIT 100`, id)
	if err != nil {
		return nil, errorf("speaker %d outlets: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		src, err := scanSource(rows, &n)
		if err != nil {
			return nil, errorf("speaker %d outlets: %w", id, err)
		}
		sp.Outlets = append(sp.Outlets, rapporteur.SourceCount{Source: src, Count: n})
	}
	if err := rows.Err(); err != nil {
		return nil, errorf("speaker %d outlets: %w", id, err)
	}
	return sp, nil
}

// aliases collects the other names of a speaker, as package sqlite does.
func aliases(ctx context.Context, t *tx, sp *rapporteur.StoredSpeaker) error {
	rows, err := t.query(ctx, `SELECT DISTINCT name FROM (
		SELECT speaker_name AS name FROM (SELECT speaker_name FROM statements WHERE speaker_id = ? ORDER BY date DESC, id DESC LIMIT ?) x
		UNION ALL
		SELECT mention AS name FROM (SELECT mention FROM statements WHERE speaker_id = ? AND mention IS NOT NULL ORDER BY date DESC, id DESC LIMIT ?) y
	) z`, sp.ID, aliasSample, sp.ID, aliasSample)
	if err != nil {
		return err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Strings(names) // in byte order, as SQLite sorts them
	words := map[string]bool{}
	for _, w := range strings.Fields(canon.Name(sp.Name)) {
		words[w] = true
	}
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" || name == sp.Name || !startsUpper(name) {
			continue
		}
		ws := strings.Fields(canon.Name(name))
		ok := len(ws) > 0
		for _, w := range ws {
			ok = ok && words[w]
		}
		if ok {
			sp.Aliases = append(sp.Aliases, name)
		}
	}
	return rows.Err()
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// Speakers implements rapporteur.Store. Speakers whose statements were all
// replaced away (count 0) are not listed.
func (db *DB) Speakers(ctx context.Context, f rapporteur.SpeakerFilter) (rapporteur.Page[*rapporteur.StoredSpeaker], error) {
	var page rapporteur.Page[*rapporteur.StoredSpeaker]
	var c conds
	c.add("sp.statement_count > 0")
	if f.Type != "" {
		c.add("sp.type = ?", f.Type)
	}
	if m := prefixQuery(f.Query); m != "" {
		c.add("sp.tsv @@ ?::tsquery", m)
	}
	cur, err := decodeCursor(f.Cursor, "count")
	if err != nil {
		return page, err
	}
	if cur != nil {
		c.add("(sp.statement_count, sp.id) < (?, ?)", cur.Count, cur.ID)
	}
	n := limit(f.Limit)
	where, args := c.where()
	rows, err := wrap(db.pool).query(ctx, `SELECT `+speakerCols+` FROM speakers sp WHERE 1 = 1`+where+
		` ORDER BY sp.statement_count DESC, sp.id DESC LIMIT ?`, append(args, n+1)...)
	if err != nil {
		return page, errorf("speakers: %w", err)
	}
	defer rows.Close()
	page.Items = []*rapporteur.StoredSpeaker{}
	for rows.Next() {
		sp, err := scanSpeaker(rows)
		if err != nil {
			return page, errorf("speakers: %w", err)
		}
		page.Items = append(page.Items, sp)
	}
	if err := rows.Err(); err != nil {
		return page, errorf("speakers: %w", err)
	}
	if len(page.Items) > n {
		page.Items = page.Items[:n]
		last := page.Items[n-1]
		page.Next = cursor{Kind: "count", Count: int64(last.StatementCount), ID: last.ID}.encode()
	}
	return page, nil
}

// SpeakerTimeline implements rapporteur.Store.
func (db *DB) SpeakerTimeline(ctx context.Context, id int64, from, to time.Time) ([]rapporteur.DayCount, error) {
	var c conds
	c.add("speaker_id = ?", id)
	c.add(original)
	if !from.IsZero() {
		c.add("date >= ?", from.Unix())
	}
	if !to.IsZero() {
		c.add("date < ?", to.Unix())
	}
	where, args := c.where()
	rows, err := wrap(db.pool).query(ctx, `SELECT floor(date / 86400.0)::bigint AS day, count(*)
		FROM statements s WHERE 1 = 1`+where+` GROUP BY day ORDER BY day`, args...)
	if err != nil {
		return nil, errorf("speaker %d timeline: %w", id, err)
	}
	defer rows.Close()
	days := []rapporteur.DayCount{}
	for rows.Next() {
		var day int64
		var n int
		if err := rows.Scan(&day, &n); err != nil {
			return nil, errorf("speaker %d timeline: %w", id, err)
		}
		days = append(days, rapporteur.DayCount{Day: time.Unix(day*86400, 0).UTC(), Count: n})
	}
	return days, rows.Err()
}

// TopSpeakers implements rapporteur.Store.
func (db *DB) TopSpeakers(ctx context.Context, from, to time.Time, limit int) ([]rapporteur.SpeakerCount, error) {
	if limit <= 0 {
		limit = 10
	}
	var c conds
	c.add("speaker_id IS NOT NULL")
	c.add(original)
	if !from.IsZero() {
		c.add("date >= ?", from.Unix())
	}
	if !to.IsZero() {
		c.add("date < ?", to.Unix())
	}
	where, args := c.where()
	rows, err := wrap(db.pool).query(ctx, `SELECT `+speakerCols+`, t.n FROM
		(SELECT speaker_id, count(*) AS n FROM statements s WHERE 1 = 1`+where+` GROUP BY speaker_id) t
		JOIN speakers sp ON sp.id = t.speaker_id ORDER BY t.n DESC, sp.name COLLATE "C", sp.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, errorf("top speakers: %w", err)
	}
	defer rows.Close()
	top := []rapporteur.SpeakerCount{}
	for rows.Next() {
		var n int
		sp, err := scanSpeaker(rows, &n)
		if err != nil {
			return nil, errorf("top speakers: %w", err)
		}
		top = append(top, rapporteur.SpeakerCount{Speaker: sp, Count: n})
	}
	return top, rows.Err()
}
