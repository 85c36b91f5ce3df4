package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// facetWindow is how many matching articles the facets of a search count:
// the newest matches, or all of them when there are no more. Counting the
// sources, speakers and credits of that many articles reads a few
// thousand index entries, a few milliseconds whatever the store's size.
var facetWindow = 1000 // a variable so that tests can make it small

// ArticleFacets breaks an article search down by source, speaker, credit,
// language, statement kind and act, up to limit values each, most
// frequent first, over the newest facetWindow matches (see
// rapporteur.Facets). The matches are found as CountArticles finds them:
// among the newest countWindow matches of the text, through a filter's own
// index, or among the newest countWindow articles.
func (db *DB) ArticleFacets(ctx context.Context, f rapporteur.ArticleFilter, limit int) (*rapporteur.Facets, error) {
	l, err := db.articleList(f)
	if err != nil {
		return nil, err
	}
	return db.facets(ctx, l, limit, "facets", func(tx *readTx, set string, t *tallies) error {
		// One pass over the articles' index entries and one over their
		// statements', counted here: grouping in SQL sorted every facet
		// apart, several times the cost of reading the rows.
		err := eachRow(ctx, tx, `SELECT a.source_id, a.language FROM json_each(?) j JOIN articles a INDEXED BY articles_narrow ON a.id = j.value`,
			[]any{set}, func(r scanner) error {
				var src sql.NullInt64
				var lang string
				if err := r.Scan(&src, &lang); err != nil {
					return err
				}
				if src.Valid {
					t.sources.add(strconv.FormatInt(src.Int64, 10), 0)
				}
				if lang != "" {
					t.langs.add(lang, 0)
				}
				return nil
			})
		if err != nil {
			return err
		}
		// A speaker, kind or act counts the articles with at least one such
		// statement, as the filter it narrows to finds them.
		err = eachRow(ctx, tx, `SELECT st.article_id, st.speaker_id, st.kind, st.act FROM json_each(?) j
			JOIN statements st ON st.article_id = j.value`, []any{set}, func(r scanner) error {
			var art int64
			var sp sql.NullInt64
			var kind, act string
			if err := r.Scan(&art, &sp, &kind, &act); err != nil {
				return err
			}
			if sp.Valid {
				t.speakers.add(strconv.FormatInt(sp.Int64, 10), art)
			}
			t.kinds.add(kind, art)
			if act != "" {
				t.acts.add(act, art)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return t.credits(ctx, tx, `SELECT c.article_id, c.name_key, c.name FROM json_each(?) j JOIN credits c ON c.article_id = j.value`, set)
	})
}

// StatementFacets breaks a statement search down by source, speaker,
// credit (of the statement's article), language, kind and act, up to
// limit values each, most frequent first, counting statements, over the
// newest facetWindow matches, found as CountStatements finds them.
func (db *DB) StatementFacets(ctx context.Context, f rapporteur.StatementFilter, limit int) (*rapporteur.Facets, error) {
	l, err := db.statementList(f)
	if err != nil {
		return nil, err
	}
	return db.facets(ctx, l, limit, "statement facets", func(tx *readTx, set string, t *tallies) error {
		// One row per statement: each value counts the statement once.
		err := eachRow(ctx, tx, `SELECT s.source_id, s.speaker_id, a.language, s.kind, s.act FROM json_each(?) j
			JOIN statements s ON s.id = j.value JOIN articles a INDEXED BY articles_narrow ON a.id = s.article_id`,
			[]any{set}, func(r scanner) error {
				var src, sp sql.NullInt64
				var lang, kind, act string
				if err := r.Scan(&src, &sp, &lang, &kind, &act); err != nil {
					return err
				}
				if src.Valid {
					t.sources.add(strconv.FormatInt(src.Int64, 10), 0)
				}
				if sp.Valid {
					t.speakers.add(strconv.FormatInt(sp.Int64, 10), 0)
				}
				if lang != "" {
					t.langs.add(lang, 0)
				}
				t.kinds.add(kind, 0)
				if act != "" {
					t.acts.add(act, 0)
				}
				return nil
			})
		if err != nil {
			return err
		}
		return t.credits(ctx, tx, `SELECT s.id, c.name_key, c.name FROM json_each(?) j JOIN statements s ON s.id = j.value
			JOIN credits c ON c.article_id = s.article_id ORDER BY s.id`, set)
	})
}

// tallies are the counts of each facet of a search's sampled matches.
type tallies struct {
	sources, speakers, langs, kinds, acts, credit tally
	// creditNames names each credit key (its least spelling).
	creditNames map[string]string
}

// credits counts the credits that q lists for the sample set, as rows of
// (the match's id, the credit's key, its name).
func (t *tallies) credits(ctx context.Context, tx *readTx, q, set string) error {
	return eachRow(ctx, tx, q, []any{set}, func(r scanner) error {
		var id int64
		var key, name string
		if err := r.Scan(&id, &key, &name); err != nil {
			return err
		}
		t.credit.add(key, id)
		if old, ok := t.creditNames[key]; !ok || name < old {
			t.creditNames[key] = name
		}
		return nil
	})
}

// facets samples the list's newest matches in one read transaction, has
// count tally them (set is the sample's ids as a JSON array) and returns
// the top limit values of each facet; what names the facets in errors.
func (db *DB) facets(ctx context.Context, l *list, limit int, what string, count func(tx *readTx, set string, t *tallies) error) (*rapporteur.Facets, error) {
	if limit <= 0 {
		limit = 8
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	ids, complete, err := facetSample(ctx, tx, l)
	if err != nil {
		return nil, errorf("%s: %w", what, err)
	}
	out := &rapporteur.Facets{Sample: int64(len(ids)), Complete: complete}
	if len(ids) == 0 {
		return out, nil
	}
	t := &tallies{sources: tally{}, speakers: tally{}, langs: tally{}, kinds: tally{}, acts: tally{}, credit: tally{}, creditNames: map[string]string{}}
	if err := count(tx, idArray(ids), t); err != nil {
		return nil, errorf("%s: %w", what, err)
	}
	plain := func(v string) rapporteur.FacetValue { return rapporteur.FacetValue{Value: v, Name: v} }
	out.Languages = t.langs.top(limit, plain)
	out.Kinds = t.kinds.top(limit, plain)
	out.Acts = t.acts.top(limit, plain)
	out.Credits = t.credit.top(limit, func(v string) rapporteur.FacetValue { return rapporteur.FacetValue{Value: v, Name: t.creditNames[v]} })
	if out.Sources, err = named(ctx, tx, t.sources, limit, "sources"); err != nil {
		return nil, errorf("%s: %w", what, err)
	}
	if out.Speakers, err = named(ctx, tx, t.speakers, limit, "speakers"); err != nil {
		return nil, errorf("%s: %w", what, err)
	}
	return out, nil
}

// facetSample returns the ids of the matches the facets count: the
// newest facetWindow of them, and whether they are all. It looks where
// countList looks.
func facetSample(ctx context.Context, tx querier, l *list) ([]int64, bool, error) {
	if err := l.fitWindow(ctx, tx); err != nil {
		return nil, false, err
	}
	if l.s.match == "" && l.speaker == 0 && l.conds.canDrive() {
		// A filter with an index of its own: its first matches in that
		// index, all of them when they fit.
		dwhere, dargs := l.conds.join(true)
		ids, err := queryIDs(ctx, tx, "SELECT "+l.t.alias+".id FROM "+l.t.countFrom+" WHERE 1 = 1"+
			dwhere+" LIMIT "+strconv.Itoa(facetWindow+1), dargs...)
		if err != nil || len(ids) <= facetWindow {
			return ids, true, err
		}
		return ids[:facetWindow], false, nil
	}
	q, args := l.countWindowQuery()
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var ids []int64
	seen := 0
	for rows.Next() {
		var id int64
		var ok bool
		if err := rows.Scan(&id, &ok); err != nil {
			return nil, false, err
		}
		seen++
		if !ok {
			continue
		}
		if len(ids) == facetWindow {
			return ids, false, nil // one more match than the window holds
		}
		ids = append(ids, id)
	}
	return ids, seen < l.countWindow() || l.whole, rows.Err()
}

// tally counts the articles of each value of a facet.
type tally map[string]*tallied

type tallied struct {
	n    int64
	last int64 // the article counted last: rows of one article come together
	seen map[int64]bool
}

// add counts article art for value v once; art 0 counts every call.
func (t tally) add(v string, art int64) {
	x := t[v]
	if x == nil {
		x = &tallied{}
		t[v] = x
	}
	if art == 0 {
		x.n++
		return
	}
	if x.last == art || x.seen[art] {
		return
	}
	if x.seen == nil {
		x.seen = map[int64]bool{}
	}
	x.seen[art], x.last = true, art
	x.n++
}

// top returns the limit most counted values, ties by value.
func (t tally) top(limit int, value func(string) rapporteur.FacetValue) []rapporteur.FacetValue {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if t[keys[i]].n != t[keys[j]].n {
			return t[keys[i]].n > t[keys[j]].n
		}
		return keys[i] < keys[j]
	})
	out := []rapporteur.FacetValue{}
	for _, k := range keys[:min(limit, len(keys))] {
		v := value(k)
		v.Count = t[k].n
		out = append(out, v)
	}
	return out
}

// named is top for a facet of ids, named from a table (sources or
// speakers), most counted first, ties by name.
func named(ctx context.Context, tx querier, t tally, limit int, table string) ([]rapporteur.FacetValue, error) {
	// The ties at the cut are kept until the names are known.
	all := t.top(len(t), func(k string) rapporteur.FacetValue {
		id, _ := strconv.ParseInt(k, 10, 64)
		return rapporteur.FacetValue{ID: id}
	})
	cut := len(all)
	if limit < cut {
		for cut = limit; cut < len(all) && all[cut].Count == all[limit-1].Count; cut++ {
		}
	}
	all = all[:cut]
	ids := make([]int64, len(all))
	for i, v := range all {
		ids[i] = v.ID
	}
	names := map[int64]string{}
	err := eachRow(ctx, tx, "SELECT id, name FROM "+table+" WHERE id IN (SELECT value FROM json_each(?))", []any{idArray(ids)}, func(r scanner) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, v := range all {
		if n, ok := names[v.ID]; ok {
			v.Name = n
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	return out[:min(limit, len(out))], nil
}

// eachRow runs a query and calls fn on each row.
func eachRow(ctx context.Context, tx querier, q string, args []any, fn func(scanner) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// idArray writes ids as a JSON array, for json_each.
func idArray(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return b.String()
}
