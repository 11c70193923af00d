#!/usr/bin/env bash
# Joins a zone as N simulated watches that report "done" for every step, over MQTT.
#
#   scripts/watch-sim.sh --url=tcp://127.0.0.1:1884 --zone=main-floor --watches=25 [--report=end|start] [--jitter-ms=500]
#
# With broker logins on (the default), list the simulated watches in config/devices.yaml with one
# shared password and export it: WATCH_SIM_KEY=<password> scripts/watch-sim.sh ...
# Uses target/limber.jar when it contains the simulator (mvn package), else compiles and runs
# from target/classes. Stop with Ctrl-C: every watch then says "offline" (or its last will does).
set -euo pipefail
cd "$(dirname "$0")/.."
main=limber.tools.WatchSimulator
if [[ -f target/limber.jar ]] && unzip -l target/limber.jar 2>/dev/null | grep -q 'limber/tools/WatchSimulator.class'; then
  exec java -cp target/limber.jar "$main" "$@"
fi
mvn -q -B compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file"
java -cp "target/classes:$(cat "$cp_file")" "$main" "$@"
