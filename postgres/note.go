package postgres

import (
	"context"
	"errors"

	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/rapporteur/rapporteur"
)

// AddNote stores a note on an article (StatementID 0) or on a statement
// and sets its ID, ArticleID, Quote and Created (now, unless Created is
// set: an imported note keeps its time). An unknown article or
// statement is ENOTFOUND; a status other than those of rapporteur, or a
// note without author or text, is EINVALID.
func (db *DB) AddNote(ctx context.Context, n *rapporteur.Note) error {
	n.Author, n.Text = strings.TrimSpace(n.Author), strings.TrimSpace(n.Text)
	switch {
	case !rapporteur.ValidNoteStatus(n.Status):
		return rapporteur.Errorf(rapporteur.EINVALID, "note status %q is not verified, disputed or needs-check", n.Status)
	case n.Author == "":
		return rapporteur.Errorf(rapporteur.EINVALID, "a note needs its author's name")
	case n.Text == "" && n.Status == "":
		return rapporteur.Errorf(rapporteur.EINVALID, "a note needs a text or a status")
	}
	t, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("add note: %w", err)
	}
	defer t.rollback()
	n.Quote = ""
	if n.StatementID != 0 {
		err = t.queryRow(ctx, "SELECT article_id, content FROM statements WHERE id = ?", n.StatementID).Scan(&n.ArticleID, &n.Quote)
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound("statement", n.StatementID)
		}
	} else {
		err = t.queryRow(ctx, "SELECT id FROM article_keys WHERE id = ?", n.ArticleID).Scan(&n.ArticleID)
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound("article", n.ArticleID)
		}
	}
	if err != nil {
		return errorf("add note: %w", err)
	}
	if n.Created.IsZero() {
		n.Created = db.now()
	}
	err = t.queryRow(ctx, "INSERT INTO notes (article_id, quote, status, author, body, created) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		n.ArticleID, n.Quote, n.Status, n.Author, n.Text, n.Created.Unix()).Scan(&n.ID)
	if err != nil {
		return errorf("add note: %w", err)
	}
	if err := t.commit(ctx); err != nil {
		return errorf("add note: %w", err)
	}
	return nil
}

// AllNotes lists the notes with ids after afterID, oldest first, up to
// limit, of one status when status is not "": the notes export.
func (db *DB) AllNotes(ctx context.Context, afterID int64, limit int, status string) ([]*rapporteur.Note, error) {
	return db.notes(ctx, "n.id > ? AND (?::text = '' OR n.status = ?) ORDER BY n.id LIMIT ?", afterID, status, status, limit)
}

// Notes returns the notes on an article and on its statements, oldest
// first, each statement's with the statement's current id (0 when the
// article, stored again, no longer has those words).
func (db *DB) Notes(ctx context.Context, articleID int64) ([]*rapporteur.Note, error) {
	return db.notes(ctx, "n.article_id = ? ORDER BY n.id", articleID)
}

// notes reads the notes a condition selects, each statement's with the
// statement's current id.
func (db *DB) notes(ctx context.Context, where string, args ...any) ([]*rapporteur.Note, error) {
	rows, err := wrap(db.pool).query(ctx, `SELECT n.id, n.article_id, n.quote, n.status, n.author, n.body, n.created,
		(SELECT min(s.id) FROM statements s WHERE s.article_id = n.article_id AND s.content = n.quote AND n.quote != '')
		FROM notes n WHERE `+where, args...)
	if err != nil {
		return nil, errorf("notes: %w", err)
	}
	defer rows.Close()
	out := []*rapporteur.Note{}
	for rows.Next() {
		var n rapporteur.Note
		var created, st *int64
		if err := rows.Scan(&n.ID, &n.ArticleID, &n.Quote, &n.Status, &n.Author, &n.Text, &created, &st); err != nil {
			return nil, errorf("notes: %w", err)
		}
		n.Created, n.StatementID = fromUnix(created), deref(st)
		out = append(out, &n)
	}
	return out, rows.Err()
}

// DeleteNote removes a note.
func (db *DB) DeleteNote(ctx context.Context, id int64) error {
	return db.writeOne(ctx, "note", id, "DELETE FROM notes WHERE id = ?", id)
}
