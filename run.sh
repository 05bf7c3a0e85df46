#!/usr/bin/env bash
# Runs the whole system on this machine with embedded defaults: builds what is needed, starts PostgreSQL,
# Kafka, S3Proxy and the three services, walks the workflow, then keeps running until Ctrl-C.
# Flags: --exit-after-walk (stop after the walk), --no-build (reuse the last build).
set -euo pipefail
cd "$(dirname "$0")"
if [[ " $* " != *" --no-build "* ]]; then
  mvn -B -DskipTests install
fi
exec java -cp "test-support/target/classes:$(cat test-support/target/runtime-classpath.txt)" \
  -Dlog4j2.configurationFile="$PWD/test-support/src/main/resources/log4j2-run.properties" \
  dev.bulkexport.testsupport.LocalRun "$@"
