-- Documents are stored as the text the studio wrote (json) rather than parsed into jsonb: the
-- studio never looks inside a document in SQL, and json spares Postgres a parse into jsonb's
-- binary form on every save and a rendering back to text on every read.
ALTER TABLE design_revisions ALTER COLUMN document TYPE json USING document::json;
