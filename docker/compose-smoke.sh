#!/usr/bin/env bash
# Compose smoke test on the local Docker engine: builds and starts docker-compose.yml (with
# docker-compose.local.yml unless --official-images) under a project name of its own on free loopback
# ports, waits for health, walks the seed workflow through it (create, succeed, download through the
# pre-signed URL, signed webhook received), then stops the worker, queues a job, recreates the Kafka and
# PostgreSQL containers (their volumes stay), starts the worker and checks that nothing was lost. Tears
# everything down (containers, volumes, network) at the end, also on failure.
# Flags: --official-images (pull official images instead of building local ones), --no-build (reuse the
# host's test-support build), --keep (leave the stack running; tear down with the printed command).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
official=false build=true keep=false
for arg in "$@"; do
  case $arg in
    --official-images) official=true ;;
    --no-build) build=false ;;
    --keep) keep=true ;;
    *) echo "unknown flag $arg" >&2; exit 2 ;;
  esac
done
started=$(date +%s)
say() { echo "[compose-smoke $(($(date +%s) - started))s] $*"; }

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  echo "neither 'docker compose' nor docker-compose is installed" >&2
  exit 1
fi
docker info >/dev/null

if [[ $build == true ]]; then
  say "building the smoke client (test-support) on the host"
  mvn -B -DskipTests package -pl test-support -am > /tmp/compose-smoke-maven.log 2>&1 \
    || { tail -50 /tmp/compose-smoke-maven.log; exit 1; }
fi
classpath="$root/test-support/target/classes:$(cat test-support/target/runtime-classpath.txt)"
smoke() { java -cp "$classpath" dev.bulkexport.testsupport.ComposeSmoke "$@"; }

files=(-f docker-compose.yml)
if [[ $official == false ]]; then
  say "local images (docker/local/build-images.sh)"
  docker/local/build-images.sh
  files+=(-f docker-compose.local.yml)
  export SMOKE_JDK_IMAGE=local/bookworm-java:17
fi
files+=(-f docker/smoke/compose.smoke.yml)

export COMPOSE_PROJECT_NAME="pbe-smoke-$$"
state=$(mktemp -d /tmp/compose-smoke.XXXXXX)
export SMOKE_STATE=$state SMOKE_WEBHOOK_DIR=$state/webhooks
mkdir -p "$SMOKE_WEBHOOK_DIR"
while IFS='=' read -r name port; do export "$name=$port"; done < <(smoke ports)
# Fresh secrets for this run: compose requires both, and the api refuses an admin token under 32 characters.
export ADMIN_TOKEN="smoke-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DESTINATION_KEY="smoke:$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
export WORK_SIGNING_KEY="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
export POSTGRES_PASSWORD="smoke-$$" CALLBACK_ALLOWED_HOSTS=webhook-sink
export SMOKE_API="http://127.0.0.1:$API_PORT" SMOKE_ADMIN="http://127.0.0.1:$API_MANAGEMENT_PORT/admin/v1"
export SMOKE_KAFKA="127.0.0.1:$KAFKA_PORT"
export SMOKE_CALLBACK_URL="http://webhook-sink:8099/webhooks/smoke"
dc() { "${compose[@]}" "${files[@]}" "$@"; }

teardown() {
  local rc=$?
  if [[ $rc != 0 ]]; then
    say "FAILED ($rc); last logs:"
    dc logs --tail=40 2>&1 | tail -200 || true
  fi
  if [[ $keep == true && $rc == 0 ]]; then
    say "left running; tear down with: COMPOSE_PROJECT_NAME=$COMPOSE_PROJECT_NAME ${compose[*]} ${files[*]} down -v"
  else
    dc down -v --remove-orphans >/dev/null 2>&1 || true
    rm -rf "$state"
  fi
  exit $rc
}
trap teardown EXIT
trap 'exit 143' TERM INT

# Waits until a service's container reports healthy (or, for one-shot services, has exited 0).
await_healthy() {
  local service=$1 deadline=$(($(date +%s) + ${2:-420})) id status
  while (($(date +%s) < deadline)); do
    id=$(dc ps -q "$service" 2>/dev/null || true)
    if [[ -n $id ]]; then
      status=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id")
      [[ $status == healthy ]] && return 0
    fi
    sleep 2
  done
  say "$service is not healthy after ${2:-420}s"
  return 1
}

say "building the service images (multi-stage Dockerfile, Maven inside)"
dc build
say "starting the stack (project $COMPOSE_PROJECT_NAME, API on 127.0.0.1:$API_PORT)"
dc up -d
for service in postgres kafka s3 export-worker api-service notifier-service; do
  await_healthy "$service"
done
say "every service is healthy; published ports:"
docker ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '  {{.Names}}: {{.Ports}}'
if docker ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '{{.Ports}}' \
    | tr ',' '\n' | grep -- '->' | grep -v '127.0.0.1:'; then
  say "a port is published beyond loopback"
  exit 1
fi

say "seed walk"
smoke walk

say "stopping the worker, queueing a job"
dc stop export-worker
smoke queue
say "recreating the Kafka container (its volume stays)"
dc rm -fs kafka >/dev/null
dc up -d --no-deps kafka
await_healthy kafka
say "recreating the PostgreSQL container (its volume stays)"
dc rm -fs postgres >/dev/null
dc up -d --no-deps postgres
await_healthy postgres
say "starting the worker again"
dc start export-worker
await_healthy export-worker
smoke verify
say "walk ended: succeeded, webhook signatures valid, nothing lost across the restarts ($(($(date +%s) - started)) s)"
