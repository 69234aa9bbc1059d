-- Name search reads every two-character piece of the name (gg_bigrams): a `contains` or
-- `startsWith` of two or more characters keeps the rows holding all of the text's pieces
-- (the LIKE then checks the order). The trigram index it replaces could not serve a
-- two-character text — a Chinese word (科技, 芜湖) — and read every name for it.
-- Characters, not bytes: substr counts characters in a UTF8 database, as the hub's
-- bigramsOf (src/graphql/analyst/bigrams.ts) does when it writes the condition. Repeated
-- pieces are left in (GIN keeps each key once per row): the function runs for every name
-- written, and sorting them away doubled its cost.
CREATE FUNCTION gg_bigrams(s text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT substr(s, i, 2) FROM generate_series(1, char_length(s) - 1) AS i)
$$;--> statement-breakpoint
-- Dropped IF EXISTS (a first load in progress may have deferred it, src/ingest/deferred-indexes)
-- and its deferral forgotten: the index it stood for is gone.
DELETE FROM "deferred_index" WHERE "index_name" = 'enterprise_name_trgm_idx';--> statement-breakpoint
DROP INDEX IF EXISTS "enterprise_name_trgm_idx";--> statement-breakpoint
CREATE INDEX "enterprise_name_bigram_idx" ON "enterprise" USING gin (gg_bigrams("name"));
