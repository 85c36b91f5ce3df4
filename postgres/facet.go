package postgres

import (
	"context"
	"sort"
	"strconv"

	"github.com/rapporteur/rapporteur"
)

// facetWindow is how many matching articles the facets of a search count,
// as in package sqlite.
var facetWindow = 1000

// ArticleFacets breaks an article search down by source, speaker, credit,
// language, statement kind and act, up to limit values each, most
// frequent first, over the newest facetWindow matches, as package sqlite
// does (see rapporteur.Facets).
func (db *DB) ArticleFacets(ctx context.Context, f rapporteur.ArticleFilter, limit int) (*rapporteur.Facets, error) {
	l, err := db.articleList(f)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 8
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("facets: %w", err)
	}
	defer t.rollback()
	tl := newTallies()
	ids, complete, err := db.facetSample(ctx, t, l, tl)
	if err != nil {
		return nil, errorf("facets: %w", err)
	}
	out := &rapporteur.Facets{Sample: int64(len(ids)), Complete: complete}
	if len(ids) == 0 {
		return out, nil
	}
	speakers, kinds, acts := tl.speakers, tl.kinds, tl.acts
	err = eachRow(ctx, t, `SELECT st.article_id, st.speaker_id, st.kind, st.act FROM statements st
		WHERE st.article_id = ANY(?) ORDER BY st.article_id`, []any{ids}, func(r scanner) error {
		var art int64
		var sp *int64
		var kind, act string
		if err := r.Scan(&art, &sp, &kind, &act); err != nil {
			return err
		}
		if sp != nil {
			speakers.add(strconv.FormatInt(*sp, 10), art)
		}
		kinds.add(kind, art)
		if act != "" {
			acts.add(act, art)
		}
		return nil
	})
	if err != nil {
		return nil, errorf("facets: %w", err)
	}
	if err := tl.credits(ctx, t, `SELECT c.article_id, c.name_key, c.name FROM credits c WHERE c.article_id = ANY(?) ORDER BY c.article_id`, ids); err != nil {
		return nil, errorf("facets: %w", err)
	}
	if err := tl.fill(ctx, t, limit, out); err != nil {
		return nil, errorf("facets: %w", err)
	}
	return out, nil
}

// tallies are the counts of each facet of a search's sampled matches,
// article or statement facets alike.
type tallies struct {
	sources, speakers, langs, kinds, acts, credit tally
	// creditNames names each credit key (its least spelling).
	creditNames map[string]string
}

func newTallies() *tallies {
	return &tallies{sources: tally{}, speakers: tally{}, langs: tally{}, kinds: tally{}, acts: tally{}, credit: tally{},
		creditNames: map[string]string{}}
}

// credits counts the credits q lists for the sampled ids, as rows of (the
// match's id, the credit's key, its name).
func (tl *tallies) credits(ctx context.Context, t *tx, q string, ids []int64) error {
	return eachRow(ctx, t, q, []any{ids}, func(r scanner) error {
		var id int64
		var key, name string
		if err := r.Scan(&id, &key, &name); err != nil {
			return err
		}
		tl.credit.add(key, id)
		if old, ok := tl.creditNames[key]; !ok || name < old {
			tl.creditNames[key] = name
		}
		return nil
	})
}

// fill sets out's facets to the top limit values of each tally.
func (tl *tallies) fill(ctx context.Context, t *tx, limit int, out *rapporteur.Facets) error {
	plain := func(v string) rapporteur.FacetValue { return rapporteur.FacetValue{Value: v, Name: v} }
	out.Languages = tl.langs.top(limit, plain)
	out.Kinds = tl.kinds.top(limit, plain)
	out.Acts = tl.acts.top(limit, plain)
	out.Credits = tl.credit.top(limit, func(v string) rapporteur.FacetValue { return rapporteur.FacetValue{Value: v, Name: tl.creditNames[v]} })
	var err error
	if out.Sources, err = named(ctx, t, tl.sources, limit, "sources"); err != nil {
		return err
	}
	out.Speakers, err = named(ctx, t, tl.speakers, limit, "speakers")
	return err
}

// facetSample returns the ids of the matches the facets count: the newest
// facetWindow of them by date among the newest countWindow candidates,
// and whether they are all. It looks where countList looks.
func (db *DB) facetSample(ctx context.Context, t *tx, l *list, tl *tallies) (ids []int64, complete bool, err error) {
	w, err := db.newWindow(ctx, t, l)
	if err != nil {
		return nil, false, err
	}
	full := false
	err = w.read(ctx, t, countWindow, facetWindow+1, func(c candidate) int {
		if c.pass {
			if len(ids) == facetWindow {
				full = true // one more match than the window holds
				return 0
			}
			ids = append(ids, c.id)
			// Their sources and languages as they are read: a query of
			// the sample's rows by id read every month's id index.
			if c.source != nil {
				tl.sources.add(strconv.FormatInt(*c.source, 10), 0)
			}
			if c.lang != "" {
				tl.langs.add(c.lang, 0)
			}
		}
		return facetWindow + 1 - len(ids)
	})
	if err != nil || full {
		return ids, false, err
	}
	return ids, w.seen < countWindow, nil
}

// tally counts the articles of each value of a facet.
type tally map[string]*tallied

type tallied struct {
	n    int64
	last int64
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
func named(ctx context.Context, t *tx, tl tally, limit int, table string) ([]rapporteur.FacetValue, error) {
	all := tl.top(len(tl), func(k string) rapporteur.FacetValue {
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
	err := eachRow(ctx, t, "SELECT id, name FROM "+table+" WHERE id = ANY(?)", []any{ids}, func(r scanner) error {
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
func eachRow(ctx context.Context, t *tx, q string, args []any, fn func(scanner) error) error {
	rows, err := t.query(ctx, q, args...)
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
