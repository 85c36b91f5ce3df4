package sqlite

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/rapporteur/rapporteur"
)

// countWindow is how many candidate articles a count looks at: the newest
// matches of the text, or the newest articles. Testing that many costs a
// few milliseconds whatever the size of the store, like the ranking
// window of a search (defaultRankWindow) that it accompanies.
var countWindow = 10000 // a variable so that tests can make it small

// statementCountWindow is countWindow for statements. A statement
// candidate is tested on its row (its article, its columns), which no
// narrow index holds as articles_narrow holds an article's, so a window
// costs several times an article window: at 6.4 million statements a
// window of 10,000 text matches took 450-900 ms, so it is smaller.
var statementCountWindow = 2000

// wholeStore is how many articles or statements a store holds at most
// for its counts, facets and attention charts to read every candidate:
// exact figures at the size of the demo or a newsroom's first weeks,
// where reading them all costs a few milliseconds, and the bounded
// windows above past it.
var wholeStore = 10000 // a variable so that tests can make it small

// countWindow is how many candidates a count of the list looks at.
func (l *list) countWindow() int {
	if l.whole {
		return wholeStore
	}
	if l.t == statementsTarget {
		return statementCountWindow
	}
	return countWindow
}

// fitWindow sets l.whole when the list's table holds at most wholeStore
// rows (ids count from 1, so a highest id within it says so), reading
// the table's highest id: one step down its primary key at any size.
func (l *list) fitWindow(ctx context.Context, tx querier) error {
	var hi int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM "+l.t.table).Scan(&hi); err != nil {
		return err
	}
	l.whole = hi <= int64(wholeStore)
	return nil
}

// CountArticles counts the articles an ArticleFilter lists (its Cursor,
// Limit and Order aside) within a bounded cost. The count is exact when
// the candidates fit in a window of countWindow: the text's matches, the
// articles of a rare filter (source, speaker, credit), or the whole store.
// Otherwise it extrapolates from the newest countWindow candidates, whose
// ids span a share of the store's: ids grow in storing order, so that
// share of all candidates passing at the window's rate is "about N".
// A filter with an index of its own (source:, speaker:, credit:) is
// counted through it, exactly up to countWindow. An estimate of 0 means
// none of the window's candidates passed: there may be matches, older.
func (db *DB) CountArticles(ctx context.Context, f rapporteur.ArticleFilter) (n int64, exact bool, err error) {
	l, err := db.articleList(f)
	if err != nil {
		return 0, false, err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return 0, false, errorf("count articles: %w", err)
	}
	defer tx.Rollback()
	n, exact, err = countList(ctx, tx, l)
	if err != nil {
		return 0, false, errorf("count articles: %w", err)
	}
	return n, exact, nil
}

// CountStatements counts the statements a StatementFilter lists (its
// Cursor and Limit aside) within a bounded cost, as CountArticles counts
// articles: exactly when the candidates fit in a window of
// statementCountWindow (the text's matches, the statements of the speaker
// filter, the whole store), otherwise "about N" from the newest of them. A
// speaker's statements are extrapolated from their count in the speaker's
// index, the others from the share of statement ids the window spans.
func (db *DB) CountStatements(ctx context.Context, f rapporteur.StatementFilter) (n int64, exact bool, err error) {
	l, err := db.statementList(f)
	if err != nil {
		return 0, false, err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return 0, false, errorf("count statements: %w", err)
	}
	defer tx.Rollback()
	n, exact, err = countList(ctx, tx, l)
	if err != nil {
		return 0, false, errorf("count statements: %w", err)
	}
	return n, exact, nil
}

func countList(ctx context.Context, tx querier, l *list) (int64, bool, error) {
	t := l.t
	if err := l.fitWindow(ctx, tx); err != nil {
		return 0, false, err
	}
	if l.s.match == "" && l.speaker == 0 && l.conds.canDrive() {
		// The set form leads through the filter's own index; the
		// LIMIT stops the count once it is past the window, and the
		// window of newest articles below estimates the rest.
		dwhere, dargs := l.conds.join(true)
		var n int64
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+t.countFrom+" WHERE 1 = 1"+
			dwhere+" LIMIT "+strconv.Itoa(l.countWindow()+1)+")", dargs...).Scan(&n)
		if err != nil || n <= int64(l.countWindow()) {
			return n, true, err
		}
	}
	q, args := l.countWindowQuery()
	var seen, passed int64
	var lo sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT count(*), min(id), coalesce(sum(pass), 0) FROM ("+q+")", args...).Scan(&seen, &lo, &passed); err != nil {
		return 0, false, err
	}
	if seen < int64(l.countWindow()) || l.whole {
		return passed, true, nil
	}
	if l.s.match == "" && l.speaker != 0 {
		// The window is the speaker's newest statements: all of the
		// speaker's, in the index, passing at its rate.
		var total int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM statements INDEXED BY statements_by_speaker WHERE speaker_id = ?", l.speaker).Scan(&total); err != nil {
			return 0, false, err
		}
		return roundCount(passed * total / seen), false, nil
	}
	var hi int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM "+t.table).Scan(&hi); err != nil {
		return 0, false, err
	}
	if hi < lo.Int64 {
		return passed, false, nil
	}
	return roundCount(passed * hi / (hi - lo.Int64 + 1)), false, nil
}

// countWindowQuery returns the query of the newest countWindow candidates of a
// list, each as (id, pass): pass says whether it meets the list's other
// conditions. The candidates are the full-text matches when the list has a
// text query, the newest statements of a statement list's speaker, else
// the newest articles or statements. Counts and facets read the same
// window.
func (l *list) countWindowQuery() (string, []any) {
	t, w := l.t, strconv.Itoa(l.countWindow())
	where, wargs := l.conds.where()
	// A condition on a NULL column (a.feed_id = ?) is NULL, not false.
	pass := "coalesce((1 = 1" + where + "), 0)"
	if l.s.match != "" {
		return "SELECT " + t.alias + ".id AS id, " + pass + " AS pass FROM " + t.windowFrom + " WHERE " + t.fts +
			" MATCH ? ORDER BY " + t.fts + ".rowid DESC LIMIT " + w, append(wargs, l.s.match) // pass comes first in the SQL
	}
	if l.speaker != 0 {
		// Statements of one speaker: the newest of them, from the
		// speaker's index.
		return "SELECT s.id AS id, " + pass + " AS pass FROM statements s INDEXED BY statements_by_speaker " +
			"JOIN articles a INDEXED BY articles_narrow ON a.id = s.article_id WHERE s.speaker_id = ? " +
			"ORDER BY s.date DESC, s.id DESC LIMIT " + w, append(wargs, l.speaker)
	}
	return "SELECT " + t.alias + ".id AS id, " + pass + " AS pass FROM " + t.countFrom + " ORDER BY " + t.alias + ".id DESC LIMIT " + w, wargs
}

// roundCount keeps two significant digits of an estimate: "about
// 48,000", not "about 48,213".
func roundCount(n int64) int64 {
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	return (n + p/2) / p * p
}
