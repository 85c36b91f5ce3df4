-- A statement's act, target and replies (issue 11). act is one of assert,
-- accuse, deny, criticize, support, confirm, demand ('' for statements
-- stored before); target and responds_to are the JSON of the extract
-- contract (NULL when absent): responds_to indexes the statements of the
-- same article in text order, under the article's input id.
ALTER TABLE statements ADD COLUMN act TEXT NOT NULL DEFAULT '';
ALTER TABLE statements ADD COLUMN target TEXT;
ALTER TABLE statements ADD COLUMN responds_to TEXT;
