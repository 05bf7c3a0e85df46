#!/usr/bin/env bash
# The benchmark harness, one command: bench/run.sh [--large] [--small-jobs N] [--wrk-seconds N] ...
# Builds the project if it is not built yet (package, offline when the local repository already holds
# everything), installs wrk from Debian if missing, then runs the harness. It prints one table and writes
# it to bench/results/latest.md. The default (about 2.2M unit-day rows) takes about 3 minutes on 2 cores;
# --large (about 10M rows) is the memory case. --large --fan-out runs only the fan-out scaling figure: the 10M-row
# job cut into 128 shards with 1, 2 and 4 workers, each shard paced at 40,000 rows/s (about 10 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f bench/target/runtime-classpath.txt || ! -f export-worker/target/quarkus-app/quarkus-run.jar \
      || ! -f api-service/target/quarkus-app/quarkus-run.jar || ! -f notifier-service/target/quarkus-app/quarkus-run.jar \
      || ! -f test-support/target/runtime-classpath.txt ]]; then
  mvn -B -o -DskipTests package || mvn -B -DskipTests package
fi
if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
command -v psql >/dev/null || { echo "psql (PostgreSQL client) is needed: apt-get install -y postgresql-client" >&2; exit 1; }

exec java -Xmx1g -Dbulkexport.root="$PWD" \
  -cp "bench/target/classes:$(cat bench/target/runtime-classpath.txt)" dev.bulkexport.bench.Bench "$@"
