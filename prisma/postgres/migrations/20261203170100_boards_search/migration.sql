-- Board search (what the SQLite migration 20261203140000_boards_review does with an FTS5 trigram table and
-- triggers): a trigram GIN index on the posts' text, which PostgreSQL keeps itself, so `content ILIKE
-- '%term%'` of 3+ characters is an index lookup. Prisma's schema does not describe it (raw SQL only):
-- scripts/pg-migrate.mjs lists it in RAW_ONLY so the schema check knows it is meant to be there.
-- The first-account isAdmin update of 20261203130000_boards has no counterpart: a PostgreSQL database
-- starts empty (npm run migrate-data copies isAdmin with the accounts), and the first signup gets it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "BoardPost_content_trgm_idx" ON "BoardPost" USING gin ("content" gin_trgm_ops);
