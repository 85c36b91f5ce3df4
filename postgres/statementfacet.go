package postgres

import (
	"context"
	"strconv"

	"github.com/rapporteur/rapporteur"
)

// The count and facets of a statement search (issue 15: the Statements
// tab of the search page), as package sqlite gives them: from a window of
// the newest statementCountWindow candidates (the text's matches, the speaker
// filter's statements, or the newest statements), each tested against the
// list's other conditions.

// statementCountWindow is how many candidates a statement count looks at,
// as in package sqlite: fewer than an article count's, since each is
// tested on its row.
var statementCountWindow = 2000

// wholeStore is how many statements a store holds at most for a count
// and the facets to read every candidate, as in package sqlite: exact
// figures at the size of the demo or a newsroom's first weeks, where
// reading them all costs milliseconds; the window above past it.
var wholeStore = 10000

// statementWindowSize is how many candidates a statement count or its
// facets read: every statement of a store of at most wholeStore (its
// highest id tells, one step down the primary key at any size), else
// statementCountWindow.
func statementWindowSize(ctx context.Context, t *tx) (int, error) {
	var hi int64
	if err := t.queryRow(ctx, "SELECT coalesce(max(id), 0) FROM statements").Scan(&hi); err != nil {
		return 0, err
	}
	if hi <= int64(wholeStore) {
		return wholeStore + 1, nil
	}
	return statementCountWindow, nil
}

// statementWindow returns the query of the newest size candidates of a
// statement list, each as (id, pass), and its arguments.
func statementWindow(l *list, speaker int64, size int) (string, []any) {
	w := strconv.Itoa(size)
	where, wargs := l.conds.where()
	q := "SELECT s.id AS id, coalesce((1 = 1" + where + "), false) AS pass FROM " + statementsTarget.windowFrom
	switch {
	case l.s.match != "":
		return q + " WHERE s.tsv @@ ?::tsquery ORDER BY s.id DESC LIMIT " + w, append(wargs, l.s.match)
	case speaker != 0:
		// The speaker's newest statements, from the speaker's index.
		return q + " WHERE s.speaker_id = ? ORDER BY s.speaker_id, s.date DESC, s.id DESC LIMIT " + w, append(wargs, speaker)
	}
	return q + " ORDER BY s.id DESC LIMIT " + w, wargs
}

// CountStatements counts the statements a StatementFilter lists (its
// Cursor and Limit aside) within a bounded cost: exactly when the
// candidates fit in the window, otherwise "about N", the window's rate of
// passing candidates over all the speaker's statements (the speaker
// filter) or over the share of statement ids the window spans.
func (db *DB) CountStatements(ctx context.Context, f rapporteur.StatementFilter) (n int64, exact bool, err error) {
	l, err := db.statementList(f)
	if err != nil {
		return 0, false, err
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return 0, false, errorf("count statements: %w", err)
	}
	defer t.rollback()
	speaker := f.SpeakerID
	if l.s.match != "" {
		speaker = 0
	}
	size, err := statementWindowSize(ctx, t)
	if err != nil {
		return 0, false, errorf("count statements: %w", err)
	}
	q, args := statementWindow(l, speaker, size)
	var seen, passed int64
	var lo *int64
	if err := t.queryRow(ctx, "SELECT count(*), min(id), coalesce(sum(CASE WHEN pass THEN 1 ELSE 0 END), 0)::bigint FROM ("+q+") x",
		args...).Scan(&seen, &lo, &passed); err != nil {
		return 0, false, errorf("count statements: %w", err)
	}
	if seen < int64(size) {
		return passed, true, nil
	}
	if speaker != 0 {
		var total int64
		if err := t.queryRow(ctx, "SELECT count(*) FROM statements WHERE speaker_id = ?", speaker).Scan(&total); err != nil {
			return 0, false, errorf("count statements: %w", err)
		}
		return roundCount(passed * total / seen), false, nil
	}
	var hi int64
	if err := t.queryRow(ctx, "SELECT coalesce(max(id), 0) FROM statements").Scan(&hi); err != nil {
		return 0, false, errorf("count statements: %w", err)
	}
	if hi < deref(lo) {
		return passed, false, nil
	}
	return roundCount(passed * hi / (hi - deref(lo) + 1)), false, nil
}

// StatementFacets breaks a statement search down by source, speaker,
// credit (of the statement's article), language, kind and act, up to
// limit values each, most frequent first, counting statements, over the
// newest facetWindow matches.
func (db *DB) StatementFacets(ctx context.Context, f rapporteur.StatementFilter, limit int) (*rapporteur.Facets, error) {
	l, err := db.statementList(f)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 8
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("statement facets: %w", err)
	}
	defer t.rollback()
	speaker := f.SpeakerID
	if l.s.match != "" {
		speaker = 0
	}
	size, err := statementWindowSize(ctx, t)
	if err != nil {
		return nil, errorf("statement facets: %w", err)
	}
	q, args := statementWindow(l, speaker, size)
	var ids []int64
	seen, full := 0, false
	err = eachRow(ctx, t, q, args, func(r scanner) error {
		var id int64
		var ok bool
		if err := r.Scan(&id, &ok); err != nil {
			return err
		}
		seen++
		if !ok || full {
			return nil
		}
		if len(ids) == facetWindow {
			full = true
			return nil
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return nil, errorf("statement facets: %w", err)
	}
	out := &rapporteur.Facets{Sample: int64(len(ids)), Complete: !full && seen < size}
	if len(ids) == 0 {
		return out, nil
	}
	tl := newTallies()
	sources, speakers, langs, kinds, acts := tl.sources, tl.speakers, tl.langs, tl.kinds, tl.acts
	err = eachRow(ctx, t, `SELECT s.source_id, s.speaker_id, a.language, s.kind, s.act FROM statements s
		JOIN articles a ON a.id = s.article_id AND a.date = s.date WHERE s.id = ANY(?)`, []any{ids}, func(r scanner) error {
		var src, sp *int64
		var lang, kind, act string
		if err := r.Scan(&src, &sp, &lang, &kind, &act); err != nil {
			return err
		}
		if src != nil {
			sources.add(strconv.FormatInt(*src, 10), 0)
		}
		if sp != nil {
			speakers.add(strconv.FormatInt(*sp, 10), 0)
		}
		if lang != "" {
			langs.add(lang, 0)
		}
		kinds.add(kind, 0)
		if act != "" {
			acts.add(act, 0)
		}
		return nil
	})
	if err != nil {
		return nil, errorf("statement facets: %w", err)
	}
	if err := tl.credits(ctx, t, `SELECT s.id, c.name_key, c.name FROM statements s JOIN credits c ON c.article_id = s.article_id
		WHERE s.id = ANY(?) ORDER BY s.id`, ids); err != nil {
		return nil, errorf("statement facets: %w", err)
	}
	if err := tl.fill(ctx, t, limit, out); err != nil {
		return nil, errorf("statement facets: %w", err)
	}
	return out, nil
}
