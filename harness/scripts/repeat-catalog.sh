#!/usr/bin/env bash
# Runs the whole catalog N times in a row (default 20), scenarios in parallel, and reports flakes: scenarios
# whose verdict was not the same in every run. A scenario that fails every time is a steady failure (a
# behaviour the relay lacks), not a flake.
#   harness/scripts/repeat-catalog.sh [N] [THREADS]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-20}"
threads="${2:-8}"
out="$(mktemp -d)"
"$home/conformance" --help >/dev/null # builds the kit if it is stale
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$home/conformance" run --quiet --threads "$threads" --out "$out/report-$i" >"$out/run-$i.txt" 2>&1 || true
  end=$(date +%s.%N)
  summary=$(grep -E '^[0-9]+ scenarios' "$out/run-$i.txt" || echo "no summary")
  printf 'run %2d: %6.1f s  %s\n' "$i" "$(echo "$end - $start" | bc)" "$summary"
  { grep -E '^  [0-9]+\) ' "$out/run-$i.txt" || true; } | sed -E 's/^  [0-9]+\) //' | sort -u >"$out/failed-$i.txt"
done
cat "$out"/failed-*.txt | sort | uniq -c | sort -rn >"$out/tally.txt"
echo "Steady failures (failed in all $runs runs):"
awk -v n="$runs" '$1 == n' "$out/tally.txt" | sed -E 's/^ *[0-9]+ /  /'
echo "Flakes (failed in some runs only):"
awk -v n="$runs" '$1 < n' "$out/tally.txt" | sed -E 's/^ *([0-9]+) /  \1x /'
flakes=$(awk -v n="$runs" '$1 < n' "$out/tally.txt" | wc -l)
echo "Flake count: $flakes (runs kept in $out)"
