-- The read audit is append-only in the database itself: UPDATE, DELETE and TRUNCATE are
-- refused by triggers. Only the table's owner can disable them, and the hub should not
-- run as the owner (README, "An audit an insider cannot quietly rewrite").
CREATE OR REPLACE FUNCTION read_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'read_audit is append-only: % refused', TG_OP USING ERRCODE = '42501';
END
$$;
--> statement-breakpoint
CREATE TRIGGER read_audit_no_rewrite BEFORE UPDATE OR DELETE ON read_audit FOR EACH ROW EXECUTE FUNCTION read_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER read_audit_no_truncate BEFORE TRUNCATE ON read_audit FOR EACH STATEMENT EXECUTE FUNCTION read_audit_append_only();
