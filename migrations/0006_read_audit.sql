CREATE TABLE "read_audit" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"principal_id" text NOT NULL,
	"department" text,
	"transport" text NOT NULL,
	"operation_type" text NOT NULL,
	"operation_name" text,
	"document_sha256" text NOT NULL,
	"variables" text NOT NULL,
	"entities" text[] NOT NULL,
	"entity_count" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"error_codes" text[] NOT NULL,
	"purpose" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "read_audit_entities_idx" ON "read_audit" USING gin ("entities");--> statement-breakpoint
CREATE INDEX "read_audit_principal_idx" ON "read_audit" USING btree ("principal_id","seq");