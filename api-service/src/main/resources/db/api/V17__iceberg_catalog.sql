-- The catalog of the accounts' Iceberg tables: Apache Iceberg's JdbcCatalog (schema version V1) keeps one row per
-- table, with its own table and column names, so these match its DDL exactly. catalog_name is the account's id;
-- a table's metadata and data live in the customer's bucket, this row points at its current metadata file.
-- The workers commit each job's snapshot here (a compare-and-set of metadata_location); the api-service reads it
-- (its Iceberg REST catalog) and creates nothing.
CREATE TABLE iceberg_tables (
    catalog_name VARCHAR(255) NOT NULL,
    table_namespace VARCHAR(255) NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    metadata_location VARCHAR(1000),
    previous_metadata_location VARCHAR(1000),
    iceberg_type VARCHAR(5),
    PRIMARY KEY (catalog_name, table_namespace, table_name)
);

CREATE TABLE iceberg_namespace_properties (
    catalog_name VARCHAR(255) NOT NULL,
    namespace VARCHAR(255) NOT NULL,
    property_key VARCHAR(255),
    property_value VARCHAR(1000),
    PRIMARY KEY (catalog_name, namespace, property_key)
);

-- The workers' login (deploy/postgres/service-roles.sql), when it exists, reads and writes these two tables only.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${worker_role}') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA api TO %I', '${worker_role}');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON iceberg_tables, iceberg_namespace_properties TO %I',
                       '${worker_role}');
    END IF;
END $$;
