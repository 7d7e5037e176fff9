#!/usr/bin/env bash
# bench/catalog: wall time of the whole catalog (features/) against the embedded reference engine, serial
# (--threads 1) and parallel (--threads THREADS, default 8 as ./conformance run), alternating, ROUNDS times (default 2).
# The wall time includes the JVM start, as a user of ./conformance sees it. Goal: < 30 s on 2 cores.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
build_bench
THREADS="${THREADS:-8}"
ROUNDS="${ROUNDS:-2}"
out="$(mktemp -d /tmp/esakit-bench-catalog.XXXXXX)"
trap 'rm -rf "$out"' EXIT
scenarios=""
for round in $(seq 1 "$ROUNDS"); do
  order="1 $THREADS"
  [ $((round % 2)) = 0 ] && order="$THREADS 1"
  for t in $order; do
    lb="$(load1)"
    t0="$(now)"
    set +e
    (cd "$KIT_HOME" && ./conformance run --threads "$t" --quiet --out "$out/r$round-t$t") > "$out/r$round-t$t.log" 2>&1
    rc=$?
    set -e
    t1="$(now)"
    la="$(load1)"
    # The count comes from the run's own report: with --quiet the console says nothing.
    scenarios="$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["summary"]
print("%d scenarios, %d PASS" % (s["total"], s["verdicts"]["PASS"]))' "$out/r$round-t$t/report.json" 2>/dev/null || true)"
    secs="$(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}')"
    say "catalog --threads $t round $round: ${secs} s, exit $rc, ${scenarios:-see log}"
    echo "| catalog --threads $t, round $round: wall time (${scenarios:-scenarios: see log}; exit $rc) | ${secs} s | < 30 s | $lb..$la | \`./conformance run --threads $t --quiet\` |"
  done
done
