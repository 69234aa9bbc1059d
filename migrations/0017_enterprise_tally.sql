CREATE TABLE "enterprise_tally" (
	"division_code" text,
	"status" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "enterprise_tally_key" UNIQUE NULLS NOT DISTINCT("division_code","status")
);
--> statement-breakpoint
-- The tally follows every change to enterprise, set-based: one statement per writing
-- statement, the changed rows' (division, status) summed and applied in key order (so
-- two writers lock tally rows in the same order). Rows whose two columns did not change
-- cancel out and touch nothing.
CREATE FUNCTION enterprise_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enterprise_tally AS t (division_code, status, n)
      SELECT division_code, status, count(*) FROM tally_new GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ON CONSTRAINT enterprise_tally_key DO UPDATE SET n = t.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO enterprise_tally AS t (division_code, status, n)
      SELECT division_code, status, sum(d) FROM (
        SELECT division_code, status, -1 AS d FROM tally_old
        UNION ALL SELECT division_code, status, 1 FROM tally_new
      ) changed GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
      ON CONFLICT ON CONSTRAINT enterprise_tally_key DO UPDATE SET n = t.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO enterprise_tally AS t (division_code, status, n)
      SELECT division_code, status, -count(*) FROM tally_old GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ON CONSTRAINT enterprise_tally_key DO UPDATE SET n = t.n + excluded.n;
  ELSE
    DELETE FROM enterprise_tally;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER enterprise_tally_insert AFTER INSERT ON enterprise REFERENCING NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION enterprise_tally_apply();
--> statement-breakpoint
CREATE TRIGGER enterprise_tally_update AFTER UPDATE ON enterprise REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION enterprise_tally_apply();
--> statement-breakpoint
CREATE TRIGGER enterprise_tally_delete AFTER DELETE ON enterprise REFERENCING OLD TABLE AS tally_old FOR EACH STATEMENT EXECUTE FUNCTION enterprise_tally_apply();
--> statement-breakpoint
CREATE TRIGGER enterprise_tally_truncate AFTER TRUNCATE ON enterprise FOR EACH STATEMENT EXECUTE FUNCTION enterprise_tally_apply();
--> statement-breakpoint
INSERT INTO enterprise_tally (division_code, status, n) SELECT division_code, status, count(*) FROM enterprise GROUP BY 1, 2;
