#!/usr/bin/env bash
# bench/failover-latency: time from host A's 421 greeting to host B's greeting on the engine's next connection,
# p50/p99 over MESSAGES messages (after WARMUP), engine embedded in a small Java main
# (bench/jmh dev.esakit.bench.failover.FailoverLatency; fake servers on 127.0.93.21/.22). Goal: p99 < 5 ms.
# RUNS (default 3) short runs; each prints its own row, so the spread shows.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
build_bench
MESSAGES="${MESSAGES:-1000}"
WARMUP="${WARMUP:-2000}"
RUNS="${RUNS:-3}"
for run in $(seq 1 "$RUNS"); do
  work="$(mktemp -d /tmp/esakit-bench-failover.XXXXXX)"
  lb="$(load1)"
  out="$(java -cp "$BENCH_CP" dev.esakit.bench.failover.FailoverLatency --messages "$MESSAGES" --warmup "$WARMUP" \
    --work "$work" --net "$BENCH_NET")"
  la="$(load1)"
  say "failover run $run: $out"
  echo "$out" | awk -v run="$run" -v lb="$lb" -v la="$la" -v cmd="bench/failover-latency/run.sh" '{
    for (i = 1; i <= NF; i++) { split($i, p, "="); f[p[1]] = p[2] }
    printf "| failover-latency run %d: 421 greeting of A -> greeting of B, p50 / p99 / max ms over %d messages | %.2f / %.2f / %.1f | p99 < 5 ms | %s..%s | `%s` |\n", run, f["messages"], f["p50_ms"], f["p99_ms"], f["max_ms"], lb, la, cmd
  }'
  rm -rf "$work"
done
