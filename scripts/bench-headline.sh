#!/usr/bin/env bash
# The headline table of BENCHMARKS.md: builds once, then runs `bench.sh --quick` three times on a quiet
# machine and three times under a synthetic load of one busy core, each into target/runs/<group>-<n>,
# and prints the median/range table of the runs' key=value figures.
#   scripts/bench-headline.sh [runs-per-group] [extra bench.sh options]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
mvn -q -B -DskipTests package
args=()
for group in quiet loaded; do
  for i in $(seq 1 "$runs"); do
    out="target/runs/$group-$i"
    rm -rf "$out"
    load=0; [ "$group" = loaded ] && load=1
    echo "== $group run $i ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg))"
    # a run whose scenario failed still counts with what it measured (its errors are in its summary.json)
    scripts/bench.sh --quick --no-build --load=$load --out="$out" "$@" | tail -1 || echo "($group run $i ended with errors)"
  done
done
for group in quiet loaded; do
  args+=("$group")
  for i in $(seq 1 "$runs"); do args+=("target/runs/$group-$i"); done
done
scripts/bench-aggregate.py --headline "${args[@]}"
