-- Each speaker's statements typed person and organization, for the type
-- vote (qSpeakerType): it counted the speaker's statements on every vote,
-- a cost that grows with the archive (0.77 ms a vote over 5,056 imported
-- articles, 2.7 ms over 20,224; a speaker of a million-article store has
-- thousands). Statement-level triggers keep the counts, so that every
-- writer of statements (puts, corrections, speaker merges, re-keying)
-- keeps them without knowing; each adds a statement's rows by speaker in
-- id order, one row per speaker.
CREATE TABLE speaker_type_counts (
	speaker_id    bigint PRIMARY KEY,
	persons       bigint NOT NULL DEFAULT 0,
	organizations bigint NOT NULL DEFAULT 0
);

INSERT INTO speaker_type_counts (speaker_id, persons, organizations)
SELECT speaker_id, count(*) FILTER (WHERE speaker_type = 'person'), count(*) FILTER (WHERE speaker_type = 'organization')
FROM statements WHERE speaker_id IS NOT NULL AND speaker_type IN ('person', 'organization')
GROUP BY speaker_id;

CREATE FUNCTION speaker_type_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO speaker_type_counts AS c (speaker_id, persons, organizations)
		SELECT speaker_id, count(*) FILTER (WHERE speaker_type = 'person'), count(*) FILTER (WHERE speaker_type = 'organization')
		FROM added WHERE speaker_id IS NOT NULL AND speaker_type IN ('person', 'organization')
		GROUP BY speaker_id ORDER BY speaker_id
		ON CONFLICT (speaker_id) DO UPDATE SET persons = c.persons + excluded.persons,
			organizations = c.organizations + excluded.organizations;
	ELSIF TG_OP = 'DELETE' THEN
		UPDATE speaker_type_counts c SET persons = c.persons - d.p, organizations = c.organizations - d.o
		FROM (SELECT speaker_id, count(*) FILTER (WHERE speaker_type = 'person') AS p,
				count(*) FILTER (WHERE speaker_type = 'organization') AS o
			FROM removed WHERE speaker_id IS NOT NULL AND speaker_type IN ('person', 'organization')
			GROUP BY speaker_id ORDER BY speaker_id) d
		WHERE c.speaker_id = d.speaker_id;
	ELSE
		INSERT INTO speaker_type_counts AS c (speaker_id, persons, organizations)
		SELECT speaker_id, sum(p), sum(o) FROM (
			SELECT speaker_id, (speaker_type = 'person')::int AS p, (speaker_type = 'organization')::int AS o FROM added
			UNION ALL
			SELECT speaker_id, -(speaker_type = 'person')::int, -(speaker_type = 'organization')::int FROM removed) x
		WHERE speaker_id IS NOT NULL
		GROUP BY speaker_id HAVING sum(p) <> 0 OR sum(o) <> 0 ORDER BY speaker_id
		ON CONFLICT (speaker_id) DO UPDATE SET persons = c.persons + excluded.persons,
			organizations = c.organizations + excluded.organizations;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER statements_type_counts_ins AFTER INSERT ON statements
	REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION speaker_type_counts_keep();
CREATE TRIGGER statements_type_counts_del AFTER DELETE ON statements
	REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION speaker_type_counts_keep();
CREATE TRIGGER statements_type_counts_upd AFTER UPDATE ON statements
	REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION speaker_type_counts_keep();
