#!/bin/sh
set -eu
mkdir -p "$JCLOUDS_FILESYSTEM_BASEDIR"
# shellcheck disable=SC2086
exec java $S3PROXY_JAVA_OPTS -Dlog4j2.configurationFile=/opt/s3proxy/log4j2.properties \
  -Ds3proxy.endpoint="$S3PROXY_ENDPOINT" -Ds3proxy.authorization="$S3PROXY_AUTHORIZATION" \
  -Ds3proxy.identity="$S3PROXY_IDENTITY" -Ds3proxy.credential="$S3PROXY_CREDENTIAL" \
  -Djclouds.provider="$JCLOUDS_PROVIDER" -Djclouds.filesystem.basedir="$JCLOUDS_FILESYSTEM_BASEDIR" \
  -cp '/opt/s3proxy/lib/*' org.gaul.s3proxy.Main --properties /dev/null
