-- A re-key of the speakers (a registry rules update, or `corrections apply
-- --all`) runs in bounded batches of articles, each its own transaction
-- (see sqlite/registry.go), so its state lives in tables: a crash or a
-- kill goes on where it stopped instead of starting again.
--
-- rekey_state is one row while a re-key runs: the rules version it keys
-- with, the last article done, the last article it will do (those stored
-- after it started are keyed by the writer already) and how many articles
-- it has done and will do, for the progress bar.
CREATE TABLE rekey_state (
	version      INTEGER NOT NULL,
	last_article INTEGER NOT NULL,
	end_article  INTEGER NOT NULL,
	done         INTEGER NOT NULL,
	total        INTEGER NOT NULL
);
-- rekey_old holds the speakers as they were when the re-key started: a key
-- seen again keeps its old id (claimed), and an old speaker nobody claims
-- is deleted at the end, leaving a pointer to the speaker most of its
-- statements went to.
CREATE TABLE rekey_old (
	id      INTEGER PRIMARY KEY,
	key     TEXT    NOT NULL,
	claimed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rekey_old_by_key ON rekey_old (key, id);
-- rekey_moves counts, for each old speaker, the statements each new one
-- took from it: the old-to-new map the pointers are made of.
CREATE TABLE rekey_moves (
	old_id INTEGER NOT NULL,
	new_id INTEGER NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (old_id, new_id)
) WITHOUT ROWID;
-- A name typed both ways takes the type most of its statements give
-- (registry.go, qSpeakerTypes): counted from this index alone, instead of
-- reading every statement of the speaker from the table, which made the
-- vote on a speaker quoted 50,000 times cost most of a re-key at 1 M
-- articles.
CREATE INDEX statements_by_speaker_type ON statements (speaker_id, speaker_type);
