-- One PostgreSQL login per service, each granted only what it uses. Run by the database's owner (a superuser or
-- the role that owns the database and property_data) before the services start, and again after an upgrade: every
-- statement is idempotent. Passwords are set apart (ALTER ROLE ... PASSWORD), from each service's own secret.
--
--   api-service       bulk_export_api       owns schema api (its Flyway migrates it); reads property_data
--   export-worker     bulk_export_worker    reads property_data; reads and writes the Iceberg catalog's two tables
--                                           in api (api.iceberg_tables, api.iceberg_namespace_properties), granted
--                                           by the api's own migration
--   notifier-service  bulk_export_notifier  owns schema notifier (its Flyway migrates it); reads the one view
--                                           api.webhook_signing_keys, granted by the api's own migration
--
-- A database that ran with one shared login: the loop at the end hands each service's schema and everything in
-- it to that service's role, so its Flyway keeps migrating it.
DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['bulk_export_api', 'bulk_export_worker', 'bulk_export_notifier'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', service);
        END IF;
    END LOOP;
END $$;

-- No service creates anything outside its own schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM bulk_export_api, bulk_export_worker, bulk_export_notifier;

CREATE SCHEMA IF NOT EXISTS api AUTHORIZATION bulk_export_api;
CREATE SCHEMA IF NOT EXISTS notifier AUTHORIZATION bulk_export_notifier;
CREATE SCHEMA IF NOT EXISTS property_data;

-- property_data is loaded by the owner; the api (lookups, entitlements) and the workers (exports) only read it,
-- tables added later included.
GRANT USAGE ON SCHEMA property_data TO bulk_export_api, bulk_export_worker;
GRANT SELECT ON ALL TABLES IN SCHEMA property_data TO bulk_export_api, bulk_export_worker;
ALTER DEFAULT PRIVILEGES IN SCHEMA property_data GRANT SELECT ON TABLES TO bulk_export_api, bulk_export_worker;

-- Each service's schema and its objects belong to its role (a no-op once they do).
DO $$
DECLARE
    owned record;
BEGIN
    FOR owned IN
        SELECT n.nspname AS schema_name, c.relname AS name, c.relkind AS kind,
               CASE n.nspname WHEN 'api' THEN 'bulk_export_api' ELSE 'bulk_export_notifier' END AS owner
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('api', 'notifier') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          -- a sequence of a column moves with its table
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
          AND pg_get_userbyid(c.relowner) <> CASE n.nspname WHEN 'api' THEN 'bulk_export_api'
                                                             ELSE 'bulk_export_notifier' END
    LOOP
        EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                       CASE owned.kind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                       WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                       owned.schema_name, owned.name, owned.owner);
    END LOOP;
END $$;
ALTER SCHEMA api OWNER TO bulk_export_api;
ALTER SCHEMA notifier OWNER TO bulk_export_notifier;
