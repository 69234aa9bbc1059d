-- Every field an analyst connection sorts by gets a btree index on (field, tiebreak), so a
-- page in any order reads its 100 rows from an index at a million rows (test/sortable-indexes).
-- Five indexes gain the tiebreak: dropped IF EXISTS (a first load in progress may have deferred
-- them, src/ingest/deferred-indexes) and their deferral forgotten, as they are built here.
DELETE FROM "deferred_index" WHERE "index_name" IN ('project_division_idx', 'license_valid_to_idx', 'credit_record_decided_idx', 'loan_disbursed_idx', 'registration_unit_idx');--> statement-breakpoint
DROP INDEX IF EXISTS "project_division_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "registration_unit_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "license_valid_to_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "credit_record_decided_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "loan_disbursed_idx";--> statement-breakpoint
CREATE INDEX "enterprise_name_idx" ON "enterprise" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "enterprise_approved_idx" ON "enterprise" USING btree ("approved_on","id");--> statement-breakpoint
CREATE INDEX "enterprise_uscc_order_idx" ON "enterprise" USING btree ("uscc","id");--> statement-breakpoint
CREATE INDEX "land_parcel_area_idx" ON "land_parcel" USING btree ("area_m2","parcel_code");--> statement-breakpoint
CREATE INDEX "project_year_idx" ON "project" USING btree ("year","project_code");--> statement-breakpoint
CREATE INDEX "registration_registered_idx" ON "registration" USING btree ("registered_at","ywh");--> statement-breakpoint
CREATE INDEX "license_issued_idx" ON "license" USING btree ("issued_on","license_id");--> statement-breakpoint
CREATE INDEX "license_valid_from_idx" ON "license" USING btree ("valid_from","license_id");--> statement-breakpoint
CREATE INDEX "license_type_idx" ON "license" USING btree ("type_code","license_id");--> statement-breakpoint
CREATE INDEX "credit_record_fine_idx" ON "credit_record" USING btree ("fine_amount","id");--> statement-breakpoint
CREATE INDEX "credit_record_publicity_idx" ON "credit_record" USING btree ("publicity_until","id");--> statement-breakpoint
CREATE INDEX "credit_record_kind_idx" ON "credit_record" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "loan_matures_idx" ON "loan" USING btree ("matures_on","id");--> statement-breakpoint
CREATE INDEX "loan_amount_idx" ON "loan" USING btree ("amount","id");--> statement-breakpoint
CREATE INDEX "loan_lender_idx" ON "loan" USING btree ("lender_code","id");--> statement-breakpoint
CREATE INDEX "taxpayer_name_idx" ON "taxpayer" USING btree ("name","tin");--> statement-breakpoint
CREATE INDEX "taxpayer_industry_idx" ON "taxpayer" USING btree ("industry_code","tin");--> statement-breakpoint
CREATE INDEX "project_division_idx" ON "project" USING btree ("division_code","project_code");--> statement-breakpoint
CREATE INDEX "registration_unit_idx" ON "registration" USING btree ("unit_code","ywh");--> statement-breakpoint
CREATE INDEX "license_valid_to_idx" ON "license" USING btree ("valid_to","license_id");--> statement-breakpoint
CREATE INDEX "credit_record_decided_idx" ON "credit_record" USING btree ("decided_on","id");--> statement-breakpoint
CREATE INDEX "loan_disbursed_idx" ON "loan" USING btree ("disbursed_on","id");