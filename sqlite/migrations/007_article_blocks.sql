-- The dates of each block of 1,024 article ids (id >> 10): the oldest and
-- newest date of an article ever stored in the block. A text search with a
-- date range reads here which ids its articles can have and seeks there in
-- the full-text index, instead of testing the date of every newer match.
-- Ids follow the order of ingest and so, roughly, the news; a block's
-- dates only ever widen, so they stay true bounds when an article's date
-- changes or it is deleted.
CREATE TABLE article_blocks (
	block    INTEGER PRIMARY KEY,
	min_date INTEGER NOT NULL,
	max_date INTEGER NOT NULL
);
INSERT INTO article_blocks (block, min_date, max_date)
	SELECT id >> 10, min(date), max(date) FROM articles INDEXED BY articles_narrow GROUP BY id >> 10;
