package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// SpeakerName returns the name of speaker id, or of the speaker it was
// merged into, without the rest of its record (see package sqlite).
func (db *DB) SpeakerName(ctx context.Context, id int64) (string, error) {
	t := wrap(db.pool)
	for hops := 0; hops < 32; hops++ {
		var name string
		err := t.queryRow(ctx, `SELECT name FROM speakers WHERE id = ?`, id).Scan(&name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return "", errorf("speaker %d: %w", id, err)
		}
		var into int64
		if err := t.queryRow(ctx, `SELECT merged_into FROM merged_speakers WHERE id = ?`, id).Scan(&into); err != nil || into == id {
			break
		}
		id = into
	}
	return "", notFound("speaker", id)
}
