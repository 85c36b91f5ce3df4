-- Users' corrections of the speakers (issue 10; SQLite migration 016):
-- each correction kept as a row so that it can be applied again after the
-- speakers are worked out anew, the statements users gave another speaker
-- pinned by article and content, and the types users set kept.
CREATE TABLE speaker_corrections (
	id         bigserial PRIMARY KEY,
	kind       text    NOT NULL,
	speaker_id bigint  NOT NULL DEFAULT 0,
	target_id  bigint  NOT NULL DEFAULT 0,
	args       text    NOT NULL DEFAULT '{}',
	moved      integer NOT NULL DEFAULT 0,
	author     text    NOT NULL,
	created    bigint  NOT NULL
);
CREATE INDEX speaker_corrections_by_speaker ON speaker_corrections (speaker_id, id);
CREATE INDEX speaker_corrections_by_target ON speaker_corrections (target_id, id);
CREATE TABLE statement_pins (
	article_id    bigint NOT NULL,
	content       text   NOT NULL,
	speaker_id    bigint NOT NULL,
	speaker_key   text   NOT NULL DEFAULT '',
	correction_id bigint NOT NULL,
	PRIMARY KEY (article_id, content)
);
ALTER TABLE speakers ADD COLUMN type_fixed boolean NOT NULL DEFAULT false;
INSERT INTO counters (name, n) VALUES ('corrections_applied', 0), ('speaker_registry', 1);
