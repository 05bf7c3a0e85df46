-- A job may commit its rows to an Iceberg table on its destination: the table it names, and the snapshot it
-- committed (the metadata file an engine opens the table from, and the snapshot's id) once it succeeded.
ALTER TABLE jobs ADD COLUMN iceberg_table text;
ALTER TABLE jobs ADD COLUMN result_iceberg_metadata_location text;
ALTER TABLE jobs ADD COLUMN result_iceberg_snapshot_id bigint;
