-- Storylines (issue 13): the level above stories, events that follow from
-- each other. A story's storyline is the key of the story that names it
-- (the storyline's story that began first); NULL until the linker has
-- said, which reads as a storyline of the story alone. Stories of one
-- storyline are read together, in the order they began.
ALTER TABLE stories ADD COLUMN storyline TEXT;
CREATE INDEX stories_by_storyline ON stories (storyline, first_date, id) WHERE storyline IS NOT NULL;
