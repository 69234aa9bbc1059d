CREATE TABLE "alert" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_key" text NOT NULL,
	"enterprise_uscc" text,
	"parcel_code" text,
	"division_code" text,
	"source_id" text,
	"title" text NOT NULL,
	"detail" jsonb NOT NULL,
	"fact_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"acknowledge_note" text
);
--> statement-breakpoint
CREATE TABLE "alert_rule" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"params" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"scheduled_through" date
);
--> statement-breakpoint
CREATE TABLE "entity_change" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_key" text NOT NULL,
	"op" text NOT NULL,
	"fields" text[] NOT NULL,
	"source_id" text NOT NULL,
	"enterprise_uscc" text,
	"parcel_code" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alert_dedupe_key" ON "alert" USING btree ("rule_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "alert_kind_idx" ON "alert" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "alert_enterprise_idx" ON "alert" USING btree ("enterprise_uscc","id");--> statement-breakpoint
CREATE INDEX "alert_parcel_idx" ON "alert" USING btree ("parcel_code","id");--> statement-breakpoint
CREATE INDEX "alert_division_idx" ON "alert" USING btree ("division_code","id");--> statement-breakpoint
CREATE INDEX "alert_open_idx" ON "alert" USING btree ("id") WHERE "alert"."acknowledged_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rule_name_key" ON "alert_rule" USING btree ("name");--> statement-breakpoint
CREATE INDEX "entity_change_entity_idx" ON "entity_change" USING btree ("entity_type","entity_key","id");--> statement-breakpoint
CREATE INDEX "entity_change_enterprise_idx" ON "entity_change" USING btree ("enterprise_uscc","id");--> statement-breakpoint
CREATE INDEX "entity_change_parcel_idx" ON "entity_change" USING btree ("parcel_code","id");--> statement-breakpoint
CREATE INDEX "entity_change_changed_at_idx" ON "entity_change" USING btree ("changed_at");--> statement-breakpoint
CREATE INDEX "parcel_event_occurred_idx" ON "parcel_event" USING btree ("occurred_on");