#!/usr/bin/env bash
# The benchmark harness, one command: bench/run.sh [--large] [--small-jobs N] [--wrk-seconds N] ...
# Builds the project if it is not built yet (package, offline when the local repository already holds
# everything), installs wrk from Debian if missing, then runs the harness. It prints one table and writes
# it to bench/results/latest.md. The default (about 2.2M unit-day rows) takes about 12 minutes on 2 cores: each
# timed side of a ratio runs twice and the faster counts (\copy once more after the exports);
# --large (about 10M rows) is the memory case. --large --fan-out runs only the fan-out scaling figure: the 10M-row
# job cut into 128 shards with 1, 2 and 4 workers, each shard paced at 40,000 rows/s (about 10 minutes).
# Next to our exports it runs the pipelines a user scripts without us (psql \copy | [gzip|zstd] | aws s3 cp to
# the same S3Proxy; JSONL by row_to_json; COPY → DuckDB → Parquet → aws s3 cp) and prints ours ÷ theirs.
# S3 speaks HTTPS as AWS does (a second S3Proxy, self-signed certificate), one scripted row kept on plain HTTP;
# --s3-plain runs everything over plain HTTP.
# The smallest useful run (every row produced, figures meaningless): --properties 10 --days 30 --small-jobs 10
# --wrk-seconds 2 --output /tmp/bench.md.
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
for tool in aws gzip zstd; do
  command -v "$tool" >/dev/null || { echo "$tool is needed for the scripted pipelines (apt-get install -y awscli zstd)" >&2; exit 1; }
done

exec java -Xmx1g -Dbulkexport.root="$PWD" \
  -cp "bench/target/classes:$(cat bench/target/runtime-classpath.txt)" dev.bulkexport.bench.Bench "$@"
