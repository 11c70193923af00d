#!/usr/bin/env bash
# Limber benchmark suite: builds the engine jar (footprint scenario starts it in separate JVMs), then
# runs limber.bench.BenchMain from the test classpath (-Dmain.class too: the pom pins exec's mainClass
# to ${main.class}, which a plain -Dexec.mainClass does not override). Figures: table on stdout, target/bench/*.json.
#   scripts/bench.sh                 default suite (< 10 min on 2 cores; drift session 8 min in the background)
#   scripts/bench.sh --long          drift for 60 minutes
#   scripts/bench.sh --only=skew,ingest --drift-minutes=10 --displays=200 --zones=1000
#   scripts/bench.sh --quick         a short version of every scenario (< 4 min after the build)
#   scripts/bench.sh --load=1        the same under a synthetic load: N busy-looping shell processes
#                                    (each keeps one core busy) for the whole run after the build
#   scripts/bench.sh --no-build      use target/limber.jar as it is (scripts/bench-headline.sh builds once)
# Every run is stamped with the commit it measured, and refuses to run on uncommitted changes (a
# figure must describe a commit) unless --allow-dirty is given. The last line is key=value figures.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=false
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  dirty=true
  if [[ " $* " != *" --allow-dirty "* ]]; then
    echo "bench: the tree has uncommitted changes; commit them (figures describe a commit) or pass --allow-dirty" >&2
    exit 2
  fi
fi
load=0
build=true
for a in "$@"; do
  case "$a" in
    --load=*) load="${a#--load=}" ;;
    --no-build) build=false ;;
  esac
done
set -- "$@" "--commit=$commit" "--dirty=$dirty"
echo "uptime at start: $(uptime)"
if $build; then mvn -q -B -DskipTests package; fi
busy=()
stop_load() { for p in "${busy[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_load EXIT
for _ in $(seq 1 "$load"); do
  ( while :; do :; done ) &
  busy+=($!)
done
[ "$load" -gt 0 ] && echo "synthetic load: $load busy-looping process(es), pids ${busy[*]}"
mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=limber.bench.BenchMain -Dmain.class=limber.bench.BenchMain \
    -Dexec.cleanupDaemonThreads=false -Dexec.args="$*"
echo "uptime at end: $(uptime)"
