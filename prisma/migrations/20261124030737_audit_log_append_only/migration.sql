-- AuditLog is append-only: every change by anyone is recorded there, so a row must never be
-- rewritten or removed, whichever code path (or person with SQL access) tries. The schema cannot
-- express this; the trigger lives here and Prisma leaves it alone (triggers are not diffed).
-- SQLSTATE 23001 (restrict_violation) lets callers tell this refusal from other failures.

CREATE FUNCTION "enishi_audit_log_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

-- Row-level: UPDATE and DELETE.
CREATE TRIGGER "AuditLog_append_only"
BEFORE UPDATE OR DELETE ON "AuditLog"
FOR EACH ROW EXECUTE FUNCTION "enishi_audit_log_append_only"();

-- TRUNCATE skips row triggers: refuse it separately.
CREATE TRIGGER "AuditLog_no_truncate"
BEFORE TRUNCATE ON "AuditLog"
FOR EACH STATEMENT EXECUTE FUNCTION "enishi_audit_log_append_only"();
