#!/usr/bin/env bash
# Builds the images docker-compose.local.yml and the Testcontainers path (-Dstack=containers) use, on a
# machine where no registry serves images: a Debian bookworm base with Java 17, Maven and PostgreSQL 15
# (mmdebstrap -> docker import), then PostgreSQL, Kafka and S3Proxy images on it, their jars from Maven
# Central. An image is kept while it exists and was built from its directory as it is now (a label holds the
# directory's hash); --rebuild builds all again.
# Needs: docker (engine running), mmdebstrap, mvn. About 3 minutes on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")"
BASE=local/bookworm-java:17
rebuild=false
[[ " $* " == *" --rebuild "* ]] && rebuild=true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

have() { [[ $rebuild == false ]] && docker image inspect "$1" >/dev/null 2>&1; }

if have "$BASE"; then
  echo "== $BASE exists"
else
  echo "== $BASE: mmdebstrap bookworm (openjdk-17-jdk-headless, maven, postgresql 15, curl)"
  mmdebstrap --variant=apt --include=openjdk-17-jdk-headless,maven,postgresql,curl,ca-certificates,procps \
    bookworm "$work/rootfs.tar" "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main"
  docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' "$work/rootfs.tar" "$BASE-rootfs"
  rm -f "$work/rootfs.tar"
  # The host's own extra CA certificates (our machines reach Maven Central through a TLS-inspecting
  # egress proxy), so that Maven in the image's build stage trusts what the host's Maven trusts.
  mkdir -p "$work/base/ca"
  cp /usr/local/share/ca-certificates/*.crt "$work/base/ca/" 2>/dev/null || true
  printf '%s\n' "FROM $BASE-rootfs" 'COPY ca/ /usr/local/share/ca-certificates/' \
    'RUN update-ca-certificates' > "$work/base/Dockerfile"
  docker build -t "$BASE" "$work/base"
  docker image rm "$BASE-rootfs" >/dev/null
fi

image() { # name directory [jars]: builds directory's Dockerfile on the base image, with its jars if it has a pom
  local name=$1 dir=$2 hash
  hash=$(find "$dir" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  if have "$name" && [[ $(docker image inspect -f '{{index .Config.Labels "source-hash"}}' "$name") == "$hash" ]]; then
    echo "== $name exists"
    return
  fi
  echo "== $name"
  cp -r "$dir" "$work/$dir"
  if [[ -f $dir/pom.xml ]]; then
    mvn -B -f "$dir/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$work/$dir/jars" >"$work/$dir.maven.log" || { cat "$work/$dir.maven.log"; exit 1; }
  fi
  docker build --build-arg BASE_IMAGE="$BASE" --label source-hash="$hash" -t "$name" "$work/$dir"
}
image local/postgres:15 postgres
image local/kafka:4.1.2 kafka
image local/s3proxy:4.1.0 s3proxy
docker image ls --filter reference='local/*'
