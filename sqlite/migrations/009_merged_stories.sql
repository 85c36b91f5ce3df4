-- A story merged into another is kept, pointing at it, so that its page
-- and its API address lead to the story it became instead of nowhere: a
-- story's address is shared, bookmarked and cited.
ALTER TABLE stories ADD COLUMN merged_into INTEGER REFERENCES stories (id) ON DELETE SET NULL;
CREATE INDEX stories_by_merged ON stories (merged_into) WHERE merged_into IS NOT NULL;
