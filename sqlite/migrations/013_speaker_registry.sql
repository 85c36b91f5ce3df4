-- The speaker registry (issue 10): one speaker per person or body, found
-- by any of its name keys. speaker_aliases maps each key ever resolved to
-- a speaker ("recep tayyip erdogan", "afterwards trump") to it; source says
-- who made the link, so that users' corrections can later be stored as
-- rows beside the automatic ones. surname finds the full names a lone
-- surname ("Erdogan") can join.
CREATE TABLE speaker_aliases (
	key        TEXT    PRIMARY KEY,
	speaker_id INTEGER NOT NULL REFERENCES speakers (id),
	source     TEXT    NOT NULL DEFAULT 'auto'
);
CREATE INDEX speaker_aliases_by_speaker ON speaker_aliases (speaker_id);
ALTER TABLE speakers ADD COLUMN surname TEXT NOT NULL DEFAULT '';
-- The other names seen, space-separated, for search by alias.
ALTER TABLE speakers ADD COLUMN alias_names TEXT NOT NULL DEFAULT '';
CREATE INDEX speakers_by_surname ON speakers (surname, statement_count) WHERE surname <> '';
-- The name index now holds aliases too, and keeps its own copy of the
-- text so that a speaker's row can be replaced by rowid when an alias
-- joins.
DROP TABLE speakers_fts;
CREATE VIRTUAL TABLE speakers_fts USING fts5 (
	name, aliases,
	tokenize = 'unicode61 remove_diacritics 2'
);
-- The speakers are re-keyed by the Go code when this version is below its
-- own (see sqlite/registry.go): keys need the registry's rules, not SQL.
INSERT INTO counters (name, n) VALUES ('speaker_registry', 0);
