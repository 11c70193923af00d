#!/usr/bin/env bash
# Start-up time to GET /health = 200 with the embedded broker, under a few JVM options, to test the
# fixes BENCHMARKS.md proposes. Needs target/limber.jar (mvn -q -B -DskipTests package) and curl.
#   scripts/startup-experiment.sh [runs-per-variant]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
jar=target/limber.jar
cds=target/limber-cds.jsa
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
launch() { # $@ = JVM options; prints ms to healthy
  local http mq ws pid t0 t1
  http=$(free_port); mq=$(free_port); ws=$(free_port)
  t0=$(date +%s%N)
  java "$@" -jar "$jar" --http.port="$http" --broker.port="$mq" --broker.websocketPort="$ws" >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$http/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "died"; return; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}
if [ ! -f "$cds" ]; then # dynamic AppCDS archive of the classes one start-up loads
  http=$(free_port); mq=$(free_port); ws=$(free_port)
  java -XX:ArchiveClassesAtExit="$cds" -jar "$jar" --http.port="$http" --broker.port="$mq" --broker.websocketPort="$ws" >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$http/health" >/dev/null 2>&1; do sleep 0.05; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for variant in "default:" "C1 only:-XX:TieredStopAtLevel=1" "AppCDS:-XX:SharedArchiveFile=$cds" \
               "AppCDS + C1 only:-XX:SharedArchiveFile=$cds -XX:TieredStopAtLevel=1"; do
  name=${variant%%:*}; opts=${variant#*:}
  times=()
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086
    times+=("$(launch $opts)")
  done
  echo "$name: ${times[*]} ms"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
