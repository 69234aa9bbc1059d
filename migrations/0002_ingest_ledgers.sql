CREATE TABLE "push_event" (
	"source_id" text NOT NULL,
	"event_id" text NOT NULL,
	"body_sha256" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "push_event_source_id_event_id_pk" PRIMARY KEY("source_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "source_file" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"batch_no" text,
	"status" text NOT NULL,
	"records" integer NOT NULL,
	"detail" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enterprise" ADD COLUMN "source_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credit_record" ADD COLUMN "withdrawn_reason" text;--> statement-breakpoint
ALTER TABLE "credit_record" ADD COLUMN "listed_on" date;--> statement-breakpoint
ALTER TABLE "loan" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "loan" ADD COLUMN "listed_on" date;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "input" jsonb;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "resolution" text;--> statement-breakpoint
CREATE UNIQUE INDEX "source_file_key" ON "source_file" USING btree ("source_id","name","sha256");--> statement-breakpoint
CREATE INDEX "source_file_batch_idx" ON "source_file" USING btree ("source_id","batch_no");--> statement-breakpoint
CREATE INDEX "credit_record_listed_idx" ON "credit_record" USING btree ("source_id","kind","listed_on");--> statement-breakpoint
CREATE INDEX "loan_listed_idx" ON "loan" USING btree ("source_id","listed_on");