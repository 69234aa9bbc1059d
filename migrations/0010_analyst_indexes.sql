CREATE INDEX "enterprise_established_idx" ON "enterprise" USING btree ("established_on","id");--> statement-breakpoint
CREATE INDEX "enterprise_capital_idx" ON "enterprise" USING btree ("registered_capital","id");--> statement-breakpoint
CREATE INDEX "enterprise_industry_idx" ON "enterprise" USING btree ("industry_code","id");--> statement-breakpoint
CREATE INDEX "credit_record_decided_idx" ON "credit_record" USING btree ("decided_on");--> statement-breakpoint
CREATE INDEX "loan_disbursed_idx" ON "loan" USING btree ("disbursed_on");