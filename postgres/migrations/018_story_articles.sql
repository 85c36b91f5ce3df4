-- The articles of each story in a table of their own, kept by a trigger,
-- in place of the story index of articles (articles_by_story), so that
-- linking a stored article is a HOT update of its row.
--
-- A worker stores an article unlinked and the linker sets its story
-- (story_id) a moment later (package jobs). With story_id in an index, that
-- UPDATE could not be HOT: PostgreSQL wrote a new entry for the row in
-- every index of articles, the GIN indexes of its words among them, and
-- vacuum later removed the old ones: 1.1-1.7 ms of database CPU per job,
-- the words of every article indexed twice (BENCHMARKS.md, issue 14). No
-- index of articles holds story_id now, and the monthly partitions leave
-- half of each page free (fillfactor 50), so that the new versions of the
-- rows fit in their page and no index is touched. Half, because the
-- linker links a link job's articles (up to 64, stored one after the
-- other, so sharing pages) in one transaction: until it commits, the old
-- versions take their room, so a page needs room for a new version of
-- each of its rows (1.4-1.8 kB each). BenchmarkLinkStored, 2,000 articles
-- linked 64 at a time (load 21-25): HOT updates 0 (before) / 31 % with
-- fillfactor 80 / 100 % with 50; server CPU per article, links and the
-- vacuum after them, 0.35 / 0.32 / 0.155 ms; the linker 483-771 / 828 /
-- 1,242-1,392 links/s. The heap of articles (1.5 GB of 19 GB at 1 M
-- articles) grows to about twice its size for the months written from now.
--
-- story_articles holds what reading a story by id needs: its articles'
-- months (date, the partition key) and ids, to read each in its month;
-- their publication dates, so that a story's span and count are counted
-- without reading articles (qUpdateSpan); and their content hashes and
-- whether each is an original (not a wire copy), so that threading, which
-- reads a story's nodes as the linker links, reads story_articles and
-- statements, no partition of articles (planning a read of articles with
-- a month not known in advance locks every month's partition: 0.3-0.9
-- ms a story at 240 months). The trigger also widens the
-- story's span (migration 016's story_dates_widen, which it replaces).
-- An UPDATE that moves a row to another month is a DELETE and an INSERT
-- for row triggers: both are seen here.
CREATE TABLE IF NOT EXISTS story_articles (
	story_id  bigint NOT NULL,
	date      bigint NOT NULL,
	id        bigint NOT NULL,
	published    bigint,
	content_hash bigint NOT NULL,
	original     boolean NOT NULL,
	PRIMARY KEY (story_id, date, id)
);

INSERT INTO story_articles (story_id, date, id, published, content_hash, original)
	SELECT story_id, date, id, published, content_hash, duplicate_of IS NULL FROM articles WHERE story_id IS NOT NULL
	ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION story_articles_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		IF OLD.story_id IS NOT NULL THEN
			DELETE FROM story_articles WHERE story_id = OLD.story_id AND date = OLD.date AND id = OLD.id;
		END IF;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		IF NEW.story_id IS NOT NULL THEN
			INSERT INTO story_articles (story_id, date, id, published, content_hash, original)
				VALUES (NEW.story_id, NEW.date, NEW.id, NEW.published, NEW.content_hash, NEW.duplicate_of IS NULL)
				ON CONFLICT (story_id, date, id) DO UPDATE SET published = excluded.published,
					content_hash = excluded.content_hash, original = excluded.original;
			UPDATE stories SET date_lo = least(coalesce(date_lo, NEW.date), NEW.date), date_hi = greatest(coalesce(date_hi, NEW.date), NEW.date)
				WHERE id = NEW.story_id AND (date_lo IS NULL OR date_lo > NEW.date OR date_hi < NEW.date);
		END IF;
	END IF;
	RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS articles_story_dates ON articles;
DROP FUNCTION IF EXISTS story_dates_widen();
DROP TRIGGER IF EXISTS articles_story_articles_ins ON articles;
DROP TRIGGER IF EXISTS articles_story_articles_upd ON articles;
DROP TRIGGER IF EXISTS articles_story_articles_del ON articles;
CREATE TRIGGER articles_story_articles_ins AFTER INSERT ON articles
	FOR EACH ROW WHEN (NEW.story_id IS NOT NULL) EXECUTE FUNCTION story_articles_keep();
CREATE TRIGGER articles_story_articles_upd AFTER UPDATE OF story_id, date, published, content_hash, duplicate_of ON articles
	FOR EACH ROW WHEN (OLD.story_id IS DISTINCT FROM NEW.story_id OR OLD.date IS DISTINCT FROM NEW.date
		OR (NEW.story_id IS NOT NULL AND (OLD.published IS DISTINCT FROM NEW.published
			OR OLD.content_hash <> NEW.content_hash OR (OLD.duplicate_of IS NULL) <> (NEW.duplicate_of IS NULL))))
	EXECUTE FUNCTION story_articles_keep();
CREATE TRIGGER articles_story_articles_del AFTER DELETE ON articles
	FOR EACH ROW WHEN (OLD.story_id IS NOT NULL) EXECUTE FUNCTION story_articles_keep();

DROP INDEX IF EXISTS articles_by_story;

-- Room in each page for its rows' next versions (see above); new months
-- get it where the store creates them (createMonth).
DO $$
DECLARE p regclass;
BEGIN
	FOR p IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'articles'::regclass LOOP
		EXECUTE format('ALTER TABLE %s SET (fillfactor = 50)', p);
	END LOOP;
END $$;
