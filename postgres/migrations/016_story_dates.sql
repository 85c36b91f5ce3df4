-- The dates (the partition key: published, or stored when undated) that a
-- story's articles span, so that reading a story's articles (its page, its
-- thread, threading as it links) reads only their months: by story_id
-- alone it probed the story index of every monthly partition (203 at 1 M
-- articles: 73-325 ms to plan, 4-10 ms to run once planned). first_date
-- and last_date cannot bound it: they span publication dates, and an
-- undated article sits in the month it was stored.
--
-- A trigger keeps the span, so that every way an article joins a story or
-- changes its date (linking, merging stories, an article written again
-- with a new date, which moves its row to another month) widens it. It
-- never narrows: a span too wide reads a few months more, never fewer
-- than the story's. NULL: no article yet.
ALTER TABLE stories ADD COLUMN IF NOT EXISTS date_lo bigint;
ALTER TABLE stories ADD COLUMN IF NOT EXISTS date_hi bigint;

CREATE OR REPLACE FUNCTION story_dates_widen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE stories SET date_lo = least(coalesce(date_lo, NEW.date), NEW.date), date_hi = greatest(coalesce(date_hi, NEW.date), NEW.date)
		WHERE id = NEW.story_id AND (date_lo IS NULL OR date_lo > NEW.date OR date_hi < NEW.date);
	RETURN NULL;
END
$$;

-- A row that moves to another month on UPDATE is deleted and inserted:
-- AFTER INSERT sees it there.
DROP TRIGGER IF EXISTS articles_story_dates ON articles;
CREATE TRIGGER articles_story_dates AFTER INSERT OR UPDATE OF story_id, date ON articles
	FOR EACH ROW WHEN (NEW.story_id IS NOT NULL) EXECUTE FUNCTION story_dates_widen();

UPDATE stories st SET date_lo = x.lo, date_hi = x.hi
	FROM (SELECT story_id, min(date) AS lo, max(date) AS hi FROM articles WHERE story_id IS NOT NULL GROUP BY story_id) x
	WHERE st.id = x.story_id;
