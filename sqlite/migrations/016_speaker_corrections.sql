-- Users' corrections of the speakers (issue 10): merge, split, rename,
-- retype, reassign one statement. Each is kept as a row (what, by whom,
-- when, its arguments as JSON), so that the list of corrections can be
-- shown and every correction applied again after the speakers are worked
-- out anew (a registry re-key drops the aliases it made). args holds the
-- speakers by id and by registry key, and the statements by article and
-- content, which outlive the ids a re-key or a re-extraction changes.
CREATE TABLE speaker_corrections (
	id         INTEGER PRIMARY KEY,
	kind       TEXT    NOT NULL,
	speaker_id INTEGER NOT NULL DEFAULT 0,
	target_id  INTEGER NOT NULL DEFAULT 0,
	args       TEXT    NOT NULL DEFAULT '{}',
	moved      INTEGER NOT NULL DEFAULT 0,
	author     TEXT    NOT NULL,
	created    INTEGER NOT NULL
);
CREATE INDEX speaker_corrections_by_speaker ON speaker_corrections (speaker_id, id);
CREATE INDEX speaker_corrections_by_target ON speaker_corrections (target_id, id);
-- A statement a user gave another speaker (a reassign, or a split by
-- statement) keeps that speaker when its article is stored again: the
-- writer looks the article's pins up by content, which a re-extraction
-- keeps, where the statement's id does not survive.
CREATE TABLE statement_pins (
	article_id    INTEGER NOT NULL,
	content       TEXT    NOT NULL,
	speaker_id    INTEGER NOT NULL,
	speaker_key   TEXT    NOT NULL DEFAULT '',
	correction_id INTEGER NOT NULL,
	PRIMARY KEY (article_id, content)
);
-- A type a user set is kept: the registry no longer retypes the speaker
-- from its statements.
ALTER TABLE speakers ADD COLUMN type_fixed INTEGER NOT NULL DEFAULT 0;
-- The highest correction whose effect the live tables hold (with all
-- before it): a re-key sets it to 0, and the corrections above it are
-- applied again in batches (sqlite/correct.go).
INSERT INTO counters (name, n) VALUES ('corrections_applied', 0);
