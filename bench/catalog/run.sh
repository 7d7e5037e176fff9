#!/usr/bin/env bash
# bench/catalog: wall time of the whole catalog (features/) against the embedded reference engine, serial
# (--threads 1) and parallel (--threads THREADS, default 4), alternating, ROUNDS times (default 2).
# The wall time includes the JVM start, as a user of ./conformance sees it. Goal: < 30 s on 2 cores.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
build_bench
THREADS="${THREADS:-4}"
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
    scenarios="$(grep -o '[0-9]* scenarios\? ([^)]*)' "$out/r$round-t$t.log" | tail -1 || true)"
    secs="$(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}')"
    say "catalog --threads $t round $round: ${secs} s, exit $rc, ${scenarios:-see log}"
    echo "| catalog --threads $t, round $round: wall time (${scenarios:-scenarios: see log}; exit $rc) | ${secs} s | < 30 s | $lb..$la | \`./conformance run --threads $t --quiet\` |"
  done
done
