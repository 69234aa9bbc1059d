CREATE TABLE "list_gap" (
	"source_id" text NOT NULL,
	"list" text NOT NULL,
	"day" text NOT NULL,
	"reason" text NOT NULL,
	"rows" integer NOT NULL,
	CONSTRAINT "list_gap_source_id_list_day_pk" PRIMARY KEY("source_id","list","day")
);
--> statement-breakpoint
ALTER TABLE "credit_record" ADD COLUMN "withdrawn_on" date;--> statement-breakpoint
ALTER TABLE "credit_record" ADD COLUMN "warnings" jsonb;--> statement-breakpoint
ALTER TABLE "loan" ADD COLUMN "withdrawn_reason" text;--> statement-breakpoint
ALTER TABLE "loan" ADD COLUMN "withdrawn_on" date;--> statement-breakpoint
ALTER TABLE "loan" ADD COLUMN "warnings" jsonb;--> statement-breakpoint
ALTER TABLE "sync_run" ADD COLUMN "withdrawals_skipped" jsonb;--> statement-breakpoint
UPDATE "loan" SET "withdrawn_reason" = 'MISSING_FROM_LIST', "withdrawn_on" = ("withdrawn_at" AT TIME ZONE 'Asia/Shanghai')::date WHERE "withdrawn";--> statement-breakpoint
UPDATE "credit_record" SET "withdrawn_on" = ("withdrawn_at" AT TIME ZONE 'Asia/Shanghai')::date WHERE "withdrawn";
