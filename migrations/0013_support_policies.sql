CREATE TABLE "support_policy" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"current_version" integer NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_policy_version" (
	"policy_id" integer NOT NULL,
	"version" integer NOT NULL,
	"criteria" jsonb NOT NULL,
	"params" jsonb NOT NULL,
	"compiled" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "support_policy_version_policy_id_version_pk" PRIMARY KEY("policy_id","version")
);
--> statement-breakpoint
-- The rule that raises POLICY_ELIGIBLE (src/alerts/rules.ts DEFAULT_RULES).
INSERT INTO "alert_rule" ("kind", "name", "params", "updated_by") VALUES
  ('POLICY_ELIGIBLE', 'Newly eligible for a support policy (免申即享)', '{}', 'system:migration')
ON CONFLICT ("name") DO NOTHING;
