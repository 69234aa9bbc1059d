DROP INDEX "entity_change_enterprise_idx";--> statement-breakpoint
DROP INDEX "entity_change_parcel_idx";--> statement-breakpoint
DROP INDEX "entity_change_changed_at_idx";--> statement-breakpoint
CREATE INDEX "entity_change_enterprise_idx" ON "entity_change" USING btree ("enterprise_uscc","id") WHERE "entity_change"."enterprise_uscc" is not null;--> statement-breakpoint
CREATE INDEX "entity_change_parcel_idx" ON "entity_change" USING btree ("parcel_code","id") WHERE "entity_change"."parcel_code" is not null;--> statement-breakpoint
CREATE INDEX "entity_change_changed_at_idx" ON "entity_change" USING brin ("changed_at");