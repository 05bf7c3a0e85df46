#!/usr/bin/env bash
# Makes sure a Docker engine answers here, as on our machines (root, Debian bookworm, no systemd): installs
# docker.io, mmdebstrap and Compose from Debian when missing, starts dockerd if it is not running and waits
# for `docker info`. Debian bookworm has no Compose v2 plugin package: docker-compose 1.29 stands in.
set -euo pipefail
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
  missing+=(docker-compose)
fi
if ((${#missing[@]})); then
  echo "== installing ${missing[*]} from Debian"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
if ! docker info >/dev/null 2>&1; then
  echo "== starting dockerd (log: /tmp/dockerd.log)"
  setsid dockerd >/tmp/dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
fi
docker info --format 'Docker engine {{.ServerVersion}}, storage {{.Driver}}'
