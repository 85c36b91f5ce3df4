package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/rapporteur/rapporteur"
)

// roleSample bounds the statements read for a speaker's role in a list:
// the latest ones say the role in use, and a list of 50 speakers must not
// read all the statements of each (the speaker page reads them for one
// speaker, 10.9 s for the most quoted of the 1 M store). For the first
// page of the 1 M store's list (its 50 most quoted speakers) 500 took
// 0.17 s of CPU (0.8 s wall at load 18), 1,000 took 0.29 s and gave 9
// of the 50 another role, 200 took 0.09 s and gave 16 another.
const roleSample = 500

// SpeakerMainRoles returns, for each speaker of ids, the role and
// affiliation used most among its latest roleSample statements, copies
// left out as on the speaker page, ties going to the one seen first (the
// order of the speaker page's roles). A speaker none of whose statements
// has a role or affiliation is not in the map.
func (db *DB) SpeakerMainRoles(ctx context.Context, ids []int64) (map[int64]rapporteur.SpeakerRole, error) {
	out := map[int64]rapporteur.SpeakerRole{}
	if len(ids) == 0 {
		return out, nil
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("speaker roles: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `SELECT role, affiliation, count(*), min(date), max(date) FROM (
		SELECT role, affiliation, date FROM statements s INDEXED BY statements_by_speaker
		WHERE speaker_id = ? AND `+original+` ORDER BY date DESC, id DESC LIMIT `+strconv.Itoa(roleSample)+`)
		WHERE role <> '' OR affiliation <> ''
		GROUP BY role, affiliation ORDER BY count(*) DESC, min(date), role, affiliation LIMIT 1`)
	if err != nil {
		return nil, errorf("speaker roles: %w", err)
	}
	defer st.Close()
	for _, id := range ids {
		var r rapporteur.SpeakerRole
		var first, last int64
		err := st.QueryRowContext(ctx, id).Scan(&r.Role, &r.Affiliation, &r.Count, &first, &last)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, errorf("speaker %d roles: %w", id, err)
		}
		r.FirstSeen, r.LastSeen = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
		out[id] = r
	}
	return out, nil
}
