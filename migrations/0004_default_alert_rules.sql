-- The alert rules a new database starts with (src/alerts/rules.ts DEFAULT_RULES).
-- Managed afterwards through the createAlertRule / updateAlertRule / deleteAlertRule mutations.
INSERT INTO "alert_rule" ("kind", "name", "params", "updated_by") VALUES
  ('LICENSE_EXPIRING', 'License expires within 30 days', '{"daysBefore":30}', 'system:migration'),
  ('ADMIN_PENALTY', 'New administrative penalty', '{"maxAgeDays":90,"minFine":0}', 'system:migration'),
  ('COURT_DEFAULTER', 'Put on the court defaulters list', '{"maxAgeDays":90}', 'system:migration'),
  ('TAX_ARREARS', 'Tax arrears', '{"minAmount":0}', 'system:migration'),
  ('TAX_RATING_D', 'Tax credit rating fell to D', '{"maxAgeYears":1}', 'system:migration'),
  ('NEW_MORTGAGE', 'New mortgage on a parcel', '{"maxAgeDays":90,"minSecuredAmount":0}', 'system:migration'),
  ('DEREGISTERED_WITH_VALID_LICENSES', 'Deregistered with valid licenses', '{}', 'system:migration'),
  ('PARCEL_STALLED', 'Parcel lifecycle stalled for a year', '{"days":365,"finalStages":["REGISTRATION"]}', 'system:migration')
ON CONFLICT ("name") DO NOTHING;
