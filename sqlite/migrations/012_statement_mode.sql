-- A statement's mode (issue 9): "speech" when it reports words, "stance"
-- when it reports a position. Statements stored before have none: ''.
ALTER TABLE statements ADD COLUMN mode TEXT NOT NULL DEFAULT '';
