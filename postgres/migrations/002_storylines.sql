-- Storylines (issue 13; SQLite migration 019): a story's storyline is the
-- key of the story that names it, NULL until the linker has said.
ALTER TABLE stories ADD COLUMN storyline text;
CREATE INDEX stories_by_storyline ON stories (storyline, first_date, id) WHERE storyline IS NOT NULL;
