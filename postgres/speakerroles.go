package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rapporteur/rapporteur"
)

// roleSample bounds the statements read for a speaker's role in a list:
// the latest ones say the role in use, and a list of 50 speakers must not
// read all the statements of each.
const roleSample = 500

// SpeakerMainRoles returns, for each speaker of ids, the role and
// affiliation used most among its latest roleSample statements, copies
// left out as on the speaker page, ties going to the one seen first. A
// speaker none of whose statements has a role or affiliation is not in
// the map. The contract is storetest.RunSpeakerMainRoles.
func (db *DB) SpeakerMainRoles(ctx context.Context, ids []int64) (map[int64]rapporteur.SpeakerRole, error) {
	out := map[int64]rapporteur.SpeakerRole{}
	if len(ids) == 0 {
		return out, nil
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("speaker roles: %w", err)
	}
	defer t.rollback()
	for _, id := range ids {
		var r rapporteur.SpeakerRole
		var first, last int64
		err := t.queryRow(ctx, `SELECT role, affiliation, count(*), min(date), max(date) FROM (
			SELECT role, affiliation, date FROM statements s
			WHERE speaker_id = ? AND `+original+` ORDER BY date DESC, id DESC LIMIT `+strconv.Itoa(roleSample)+`) r
			WHERE role <> '' OR affiliation <> ''
			GROUP BY role, affiliation ORDER BY count(*) DESC, min(date), role, affiliation LIMIT 1`, id).
			Scan(&r.Role, &r.Affiliation, &r.Count, &first, &last)
		if errors.Is(err, pgx.ErrNoRows) {
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
