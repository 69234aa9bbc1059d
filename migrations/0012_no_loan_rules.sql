-- The no-loan list's alert rules (src/alerts/rules.ts DEFAULT_RULES): entering the list, and a listed firm's first loan.
INSERT INTO "alert_rule" ("kind", "name", "params", "updated_by") VALUES
  ('NO_LOAN_LISTED', 'Entered the no-loan list (无贷户名单)', '{}', 'system:migration'),
  ('FIRST_LOAN_GRANTED', 'First loan granted to a listed firm (首贷)', '{}', 'system:migration')
ON CONFLICT ("name") DO NOTHING;
