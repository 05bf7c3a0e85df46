-- With one login per service (deploy/postgres/service-roles.sql), the notifier's role may read the one view of
-- this schema it uses, and nothing else here. Where that role does not exist (one shared login), nothing changes.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${notifier_role}') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA api TO %I', '${notifier_role}');
        EXECUTE format('GRANT SELECT ON webhook_signing_keys TO %I', '${notifier_role}');
    END IF;
END $$;
