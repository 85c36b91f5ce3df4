-- A statement speaker's further roles (issue 10, item 1; SQLite migration
-- 021_statement_more_roles): "AU chairperson and Egyptian President" keeps
-- President, Egypt beside the role and affiliation columns, which hold the
-- first. The JSON of the extract contract's speaker.more_roles
-- ([{"role", "affiliation"}]), NULL when there are none. The speaker page
-- counts them among the roles.
ALTER TABLE statements ADD COLUMN more_roles text;
