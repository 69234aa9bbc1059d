-- pg_trgm backs the "name contains" filters (GIN trigram indexes). PGlite loads it as an extension at start.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
