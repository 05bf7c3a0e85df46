#!/bin/sh
# Sets the services' login passwords (service-roles.sql creates the logins) from the environment; the PostgreSQL
# image runs it once, at the first start of an empty volume, after service-roles.sql.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v api="$API_DB_PASSWORD" -v worker="$WORKER_DB_PASSWORD" -v notifier="$NOTIFIER_DB_PASSWORD" <<'SQL'
ALTER ROLE bulk_export_api PASSWORD :'api';
ALTER ROLE bulk_export_worker PASSWORD :'worker';
ALTER ROLE bulk_export_notifier PASSWORD :'notifier';
SQL
