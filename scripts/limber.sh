#!/usr/bin/env bash
# Build the fat jar if it is missing or older than the sources, then run Limber with any extra
# arguments (e.g. --broker.port=1999). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/limber.jar ] || [ -n "$(find src pom.xml -newer target/limber.jar -print -quit)" ]; then
  mvn -q -B -DskipTests package
fi
# the class archive mvn package recorded (see README); the JVM ignores a missing or stale one
exec java -XX:SharedArchiveFile=target/limber.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar target/limber.jar "$@"
