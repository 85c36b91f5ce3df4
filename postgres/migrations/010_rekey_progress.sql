-- A re-key of the speakers runs in bounded batches of articles, each its
-- own transaction, with its state in these tables, as package sqlite's
-- migration 022: a crash or a kill goes on where it stopped.
--
-- rekey_state is one row while a re-key runs: the rules version, the last
-- article done, the last it will do, and the progress.
CREATE TABLE rekey_state (
	version      integer NOT NULL,
	last_article bigint  NOT NULL,
	end_article  bigint  NOT NULL,
	done         bigint  NOT NULL,
	total        bigint  NOT NULL
);
-- The speakers as they were when the re-key started: a key seen again
-- claims its old id; an old speaker nobody claims goes at the end.
CREATE TABLE rekey_old (
	id      bigint  PRIMARY KEY,
	key     text    NOT NULL,
	claimed boolean NOT NULL DEFAULT false
);
CREATE INDEX rekey_old_by_key ON rekey_old (key, id);
-- For each old speaker, how many statements each new one took from it.
CREATE TABLE rekey_moves (
	old_id bigint NOT NULL,
	new_id bigint NOT NULL,
	n      bigint NOT NULL,
	PRIMARY KEY (old_id, new_id)
);
-- The type vote of a name typed both ways (registry.go, qSpeakerType)
-- counts a speaker's statements from this index alone.
CREATE INDEX statements_by_speaker_type ON statements (speaker_id, speaker_type);
