CREATE TABLE "deferred_index" (
	"index_name" text PRIMARY KEY NOT NULL,
	"table_name" text NOT NULL,
	"definition" text NOT NULL,
	"source_id" text NOT NULL,
	"run_id" integer NOT NULL,
	"held_until" timestamp with time zone NOT NULL
);
