-- A speaker merged into another (a lone surname that joined the full name)
-- keeps a pointer to it, so that its page and its API address lead to the
-- speaker it became instead of nowhere: a speaker's address is shared and
-- bookmarked, as a story's is (migration 009).
CREATE TABLE merged_speakers (
	id          INTEGER PRIMARY KEY,
	merged_into INTEGER NOT NULL
);
CREATE INDEX merged_speakers_into ON merged_speakers (merged_into);
