CREATE TABLE "api_key" (
	"id" text PRIMARY KEY NOT NULL,
	"department" text NOT NULL,
	"division" text,
	"label" text,
	"secret_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
