package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/snippet"
)

// statementCols are the columns of a statement row with its article's
// summary; s is the statement, a its article, src the source.
const statementCols = `s.id, s.article_id, s.speaker_id, s.date, s.source_id, s.kind, s.confidence,
	s.content_start, s.content_end, s.cue_start, s.cue_end, s.cue, s.speaker_type, s.speaker_name, s.role,
	s.affiliation, s.mention_start, s.mention_end, s.mention, s.source_start, s.source_end, s.source_text,
	s.via, s.content, s.mode, s.act, s.target, s.responds_to, s.more_roles, a.title, a.url, src.name,
	(SELECT name FROM speakers WHERE id = s.speaker_id),
	(SELECT l.parent_id FROM thread_links l WHERE l.statement_id = s.id),
	(SELECT p.article_id FROM thread_links l JOIN statements p ON p.id = l.parent_id WHERE l.statement_id = s.id)`

func scanStatement(r scanner, extra ...any) (*rapporteur.StoredStatement, error) {
	var (
		st                                rapporteur.StoredStatement
		speakerID, sourceID               *int64
		date                              int64
		cueStart, cueEnd, mStart, mEnd    *int64
		srcStart, srcEnd                  *int64
		cue, mention, srcText, sourceName *string
		canonical                         *string
		target, replies, moreRoles        *string
		answers, answersArticle           *int64
	)
	dest := []any{&st.ID, &st.ArticleID, &speakerID, &date, &sourceID, &st.Kind, &st.Confidence,
		&st.Content.Start, &st.Content.End, &cueStart, &cueEnd, &cue, &st.Speaker.Type, &st.Speaker.Name,
		&st.Speaker.Role, &st.Speaker.Affiliation, &mStart, &mEnd, &mention, &srcStart, &srcEnd, &srcText,
		&st.Via, &st.Content.Text, &st.Mode, &st.Act, &target, &replies, &moreRoles, &st.ArticleTitle, &st.ArticleURL, &sourceName, &canonical, &answers, &answersArticle}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	st.SpeakerID, st.SourceID, st.SourceName = deref(speakerID), deref(sourceID), derefS(sourceName)
	st.SpeakerCanonical = derefS(canonical)
	st.Date = time.Unix(date, 0).UTC()
	st.Cue = span(cueStart, cueEnd, cue)
	st.Speaker.Mention = span(mStart, mEnd, mention)
	st.Speaker.Source = span(srcStart, srcEnd, srcText)
	if target != nil {
		if err := json.Unmarshal([]byte(*target), &st.Target); err != nil {
			return nil, fmt.Errorf("statement %d: target: %w", st.ID, err)
		}
	}
	if replies != nil {
		if err := json.Unmarshal([]byte(*replies), &st.RespondsTo); err != nil {
			return nil, fmt.Errorf("statement %d: responds_to: %w", st.ID, err)
		}
	}
	if moreRoles != nil {
		if err := json.Unmarshal([]byte(*moreRoles), &st.Speaker.MoreRoles); err != nil {
			return nil, fmt.Errorf("statement %d: more_roles: %w", st.ID, err)
		}
	}
	if answers != nil {
		st.Answers = &rapporteur.StatementRef{ArticleID: *answersArticle, StatementID: *answers}
	}
	return &st, nil
}

// moreRolesColumn returns the stored form of a speaker's further roles:
// their JSON, or nil (NULL) when there are none.
func moreRolesColumn(sp rapporteur.Speaker) (any, error) {
	if len(sp.MoreRoles) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(sp.MoreRoles)
	if err != nil {
		return nil, errorf("statement speaker roles: %w", err)
	}
	return string(b), nil
}

// actColumns returns the stored forms of a statement's target and replies:
// their JSON, or nil (NULL) when absent.
func actColumns(st rapporteur.Statement) (target, replies any, err error) {
	if st.Target != nil {
		b, err := json.Marshal(st.Target)
		if err != nil {
			return nil, nil, errorf("statement target: %w", err)
		}
		target = string(b)
	}
	if len(st.RespondsTo) > 0 {
		b, err := json.Marshal(st.RespondsTo)
		if err != nil {
			return nil, nil, errorf("statement replies: %w", err)
		}
		replies = string(b)
	}
	return target, replies, nil
}

func span(start, end *int64, text *string) *rapporteur.Span {
	if start == nil {
		return nil
	}
	return &rapporteur.Span{Start: int(*start), End: int(deref(end)), Text: derefS(text)}
}

// Statements implements rapporteur.Store. Statements of one article
// (ArticleID set, no text query) come in text order; others newest first,
// or by relevance for a text query.
func (db *DB) Statements(ctx context.Context, f rapporteur.StatementFilter) (rapporteur.Page[*rapporteur.StoredStatement], error) {
	var page rapporteur.Page[*rapporteur.StoredStatement]
	l, err := db.statementList(f)
	if err != nil {
		return page, err
	}
	s := l.s
	order, err := f.ListOrder(s.match != "")
	if err != nil {
		return page, err
	}
	l.asc = order == rapporteur.OrderOldest
	cur, err := decodeCursor(f.Cursor, order)
	if err != nil {
		return page, err
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return page, errorf("statements: %w", err)
	}
	defer t.rollback()
	var next *cursor
	switch order {
	case rapporteur.OrderRelevance:
		page.Items, next, err = byRelevance(ctx, t, l, cur, scanStatement)
	case rapporteur.OrderText:
		page.Items, next, err = byID(ctx, t, l, cur, true, order, scanStatement)
	default:
		page.Items, next, err = byDate(ctx, t, l, cur, scanStatement)
	}
	if err != nil {
		return page, errorf("statements: %w", err)
	}
	if next != nil {
		page.Next = next.encode()
	}
	if page.Items == nil {
		page.Items = []*rapporteur.StoredStatement{}
	}
	h := snippet.New(s.root)
	for _, st := range page.Items {
		if snip, ok := h.Cut(st.Content.Text); ok {
			st.Snippet = snip
		}
	}
	return page, nil
}

// statementList translates a statement filter: the query and every filter
// as conditions. Statements lists it and StatementDays counts it.
func (db *DB) statementList(f rapporteur.StatementFilter) (*list, error) {
	now := f.Now
	if now.IsZero() {
		now = db.now()
	}
	s, err := parse(statementsTarget, f.Query, now)
	if err != nil {
		return nil, err
	}
	l := &list{t: statementsTarget, s: s, conds: s.conds, n: limit(f.Limit), now: now.Unix(), window: db.rankWindow, common: db.commonTerm}
	if f.SpeakerID != 0 {
		l.conds.add("s.speaker_id = ?", f.SpeakerID)
	}
	if f.ArticleID != 0 {
		l.conds.add("s.article_id = ?", f.ArticleID)
	} else if !f.Duplicates {
		l.conds.add("a.duplicate_of IS NULL")
	}
	if f.SourceID != 0 {
		l.conds.add("s.source_id = ?", f.SourceID)
	}
	if f.Kind != "" {
		switch f.Kind {
		case rapporteur.Direct, rapporteur.Indirect, rapporteur.Mixed:
		default:
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "unknown statement kind %q: use direct, indirect or mixed", f.Kind)
		}
		l.conds.add("s.kind = ?", f.Kind)
	}
	if d := (&query.Date{From: f.From, To: f.To}); !d.From.IsZero() || !d.To.IsZero() {
		c := dateClause("s", d)
		l.conds.add(c.sql, c.args...)
		l.s.dates = append(l.s.dates, d) // for StatementDays
	}
	return l, nil
}
