CREATE TABLE "enterprise" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uscc" text,
	"reg_no" text,
	"name" text NOT NULL,
	"entity_type" text,
	"legal_rep_name" text,
	"legal_rep_id_type" text,
	"legal_rep_person_hash" text,
	"registered_capital" numeric(18, 4),
	"established_on" date,
	"status" text NOT NULL,
	"address" text,
	"division_code" text,
	"industry_code" text,
	"registration_authority" text,
	"approved_on" date,
	"deregistered_on" date,
	"warnings" jsonb,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	CONSTRAINT "enterprise_has_key" CHECK ("enterprise"."uscc" is not null or "enterprise"."reg_no" is not null)
);
--> statement-breakpoint
CREATE TABLE "enterprise_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uscc" text,
	"reg_no" text,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"seq" text,
	"detail" jsonb,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person" (
	"person_hash" text PRIMARY KEY NOT NULL,
	"masked_id" text NOT NULL,
	"name" text,
	"holder_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_identity" (
	"person_hash" text PRIMARY KEY NOT NULL,
	"id_number" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "land_parcel" (
	"parcel_code" text PRIMARY KEY NOT NULL,
	"division_code" text NOT NULL,
	"location" text,
	"area_m2" numeric(16, 2),
	"land_use" text,
	"land_use_name" text,
	"right_type" text,
	"ownership" text NOT NULL,
	"source_updated_at" timestamp with time zone,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parcel_document" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"doc_no" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parcel_event" (
	"event_id" bigint PRIMARY KEY NOT NULL,
	"parcel_code" text NOT NULL,
	"stage" text NOT NULL,
	"doc_no" text,
	"occurred_on" date,
	"enterprise_uscc" text,
	"project_code" text,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project" (
	"project_code" text PRIMARY KEY NOT NULL,
	"scheme" text NOT NULL,
	"division_code" text NOT NULL,
	"year" bigint NOT NULL,
	"sector_code" text NOT NULL,
	"type_code" text NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "real_estate_unit" (
	"unit_code" text PRIMARY KEY NOT NULL,
	"parcel_code" text NOT NULL,
	"fixture_type" text NOT NULL,
	"usage" text,
	"area_m2" numeric(16, 2),
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration" (
	"ywh" text PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"certificate_no" text,
	"kind" text NOT NULL,
	"registered_at" timestamp with time zone,
	"usage" text,
	"area_m2" numeric(16, 2),
	"mortgagee_name" text,
	"mortgagee_uscc" text,
	"secured_amount" numeric(18, 4),
	"cancels_ywh" text,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_holder" (
	"ywh" text NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"holder_uscc" text,
	"holder_person_hash" text,
	"share_mode" text,
	"share_pct" numeric(7, 4),
	CONSTRAINT "registration_holder_ywh_seq_pk" PRIMARY KEY("ywh","seq")
);
--> statement-breakpoint
CREATE TABLE "license" (
	"license_id" text PRIMARY KEY NOT NULL,
	"type_code" text NOT NULL,
	"type_name" text NOT NULL,
	"holder_name" text NOT NULL,
	"holder_id_type" text NOT NULL,
	"holder_uscc" text,
	"holder_person_hash" text,
	"issuer" text,
	"issuer_uscc" text,
	"issued_on" date,
	"valid_from" date,
	"valid_to" date,
	"status" text NOT NULL,
	"source_updated_at" timestamp with time zone NOT NULL,
	"fields" jsonb,
	"warnings" jsonb,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"doc_no" text NOT NULL,
	"subject_name" text NOT NULL,
	"uscc" text,
	"category" text,
	"content" text,
	"fine_amount" numeric(18, 4),
	"decided_on" date,
	"authority" text,
	"authority_uscc" text,
	"publicity_until" date,
	"court" text,
	"filed_on" date,
	"published_on" date,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"borrower_uscc" text NOT NULL,
	"borrower_name" text NOT NULL,
	"lender_name" text NOT NULL,
	"lender_code" text NOT NULL,
	"contract_no" text NOT NULL,
	"disbursed_on" date,
	"matures_on" date,
	"amount" numeric(18, 4) NOT NULL,
	"loan_type" text NOT NULL,
	"first_loan" boolean NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_arrears" (
	"id" bigint PRIMARY KEY NOT NULL,
	"tin" text NOT NULL,
	"tax_item" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"since" date,
	"status" text NOT NULL,
	"source_updated_at" timestamp with time zone NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_payment" (
	"tin" text NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"tax_item" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"source_updated_at" timestamp with time zone NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	CONSTRAINT "tax_payment_tin_year_month_tax_item_pk" PRIMARY KEY("tin","year","month","tax_item")
);
--> statement-breakpoint
CREATE TABLE "tax_rating" (
	"tin" text NOT NULL,
	"year" integer NOT NULL,
	"rating" text NOT NULL,
	"source_updated_at" timestamp with time zone NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	CONSTRAINT "tax_rating_tin_year_pk" PRIMARY KEY("tin","year")
);
--> statement-breakpoint
CREATE TABLE "taxpayer" (
	"tin" text PRIMARY KEY NOT NULL,
	"uscc" text,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"tax_office" text,
	"industry_code" text,
	"source_updated_at" timestamp with time zone NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text,
	"record_kind" text NOT NULL,
	"reason_code" text NOT NULL,
	"reason" text NOT NULL,
	"raw" text NOT NULL,
	"raw_hash" text NOT NULL,
	"run_id" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_run" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text NOT NULL,
	"counts" jsonb NOT NULL,
	"cursor" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"source_id" text PRIMARY KEY NOT NULL,
	"cursor" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_uscc_key" ON "enterprise" USING btree ("uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_reg_no_key" ON "enterprise" USING btree ("reg_no");--> statement-breakpoint
CREATE INDEX "enterprise_division_idx" ON "enterprise" USING btree ("division_code","id");--> statement-breakpoint
CREATE INDEX "enterprise_status_idx" ON "enterprise" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "enterprise_legal_rep_idx" ON "enterprise" USING btree ("legal_rep_person_hash");--> statement-breakpoint
CREATE INDEX "enterprise_name_trgm_idx" ON "enterprise" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "enterprise_event_uscc_idx" ON "enterprise_event" USING btree ("uscc","occurred_on");--> statement-breakpoint
CREATE INDEX "enterprise_event_reg_no_idx" ON "enterprise_event" USING btree ("reg_no");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_event_natural_key" ON "enterprise_event" USING btree ("source_id","source_key");--> statement-breakpoint
CREATE INDEX "land_parcel_division_idx" ON "land_parcel" USING btree ("division_code","parcel_code");--> statement-breakpoint
CREATE INDEX "land_parcel_land_use_idx" ON "land_parcel" USING btree ("land_use","parcel_code");--> statement-breakpoint
CREATE UNIQUE INDEX "parcel_document_key" ON "parcel_document" USING btree ("event_id","kind","doc_no");--> statement-breakpoint
CREATE INDEX "parcel_event_parcel_idx" ON "parcel_event" USING btree ("parcel_code","event_id");--> statement-breakpoint
CREATE INDEX "parcel_event_enterprise_idx" ON "parcel_event" USING btree ("enterprise_uscc");--> statement-breakpoint
CREATE INDEX "parcel_event_project_idx" ON "parcel_event" USING btree ("project_code");--> statement-breakpoint
CREATE INDEX "project_division_idx" ON "project" USING btree ("division_code");--> statement-breakpoint
CREATE INDEX "real_estate_unit_parcel_idx" ON "real_estate_unit" USING btree ("parcel_code","unit_code");--> statement-breakpoint
CREATE INDEX "registration_unit_idx" ON "registration" USING btree ("unit_code","registered_at");--> statement-breakpoint
CREATE INDEX "registration_mortgagee_idx" ON "registration" USING btree ("mortgagee_uscc");--> statement-breakpoint
CREATE INDEX "registration_cancels_idx" ON "registration" USING btree ("cancels_ywh");--> statement-breakpoint
CREATE INDEX "registration_holder_uscc_idx" ON "registration_holder" USING btree ("holder_uscc");--> statement-breakpoint
CREATE INDEX "registration_holder_person_idx" ON "registration_holder" USING btree ("holder_person_hash");--> statement-breakpoint
CREATE INDEX "license_holder_uscc_idx" ON "license" USING btree ("holder_uscc");--> statement-breakpoint
CREATE INDEX "license_holder_person_idx" ON "license" USING btree ("holder_person_hash");--> statement-breakpoint
CREATE INDEX "license_valid_to_idx" ON "license" USING btree ("valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_record_key" ON "credit_record" USING btree ("kind","doc_no");--> statement-breakpoint
CREATE INDEX "credit_record_uscc_idx" ON "credit_record" USING btree ("uscc","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_key" ON "loan" USING btree ("lender_code","contract_no");--> statement-breakpoint
CREATE INDEX "loan_borrower_idx" ON "loan" USING btree ("borrower_uscc");--> statement-breakpoint
CREATE INDEX "tax_arrears_tin_idx" ON "tax_arrears" USING btree ("tin");--> statement-breakpoint
CREATE INDEX "taxpayer_uscc_idx" ON "taxpayer" USING btree ("uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_raw_key" ON "quarantine" USING btree ("source_id","raw_hash","reason_code");--> statement-breakpoint
CREATE INDEX "quarantine_source_idx" ON "quarantine" USING btree ("source_id","id");--> statement-breakpoint
CREATE INDEX "sync_run_source_idx" ON "sync_run" USING btree ("source_id","id");