#!/usr/bin/env bash
# bench/queue-scale: MESSAGES (default 100,000) held while the only host refuses connections; heap per held
# message and RSS; then a new JVM restarts the engine on the same spool (time to reload the queue), the host
# comes back (smtp-sink on 127.0.93.31:2525), "deliver now", and the drain is timed (bounded by DRAIN_TIMEOUT_S).
# Goals: < 1 KiB heap per held message; restart < 5 s. Engine embedded: bench/jmh dev.esakit.bench.queuescale.QueueScale.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
ensure_postfix
build_bench
MESSAGES="${MESSAGES:-100000}"
DRAIN_TIMEOUT_S="${DRAIN_TIMEOUT_S:-120}"
require_free_port 127.0.93.31 2525
work="$(mktemp -d /tmp/esakit-bench-queue.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cmd="bench/queue-scale/run.sh"
lb="$(load1)"
fill="$(java -cp "$BENCH_CP" dev.esakit.bench.queuescale.QueueScale --phase fill --messages "$MESSAGES" --work "$work")"
say "$fill"
lm="$(load1)"
reload="$(java -cp "$BENCH_CP" dev.esakit.bench.queuescale.QueueScale --phase reload --messages "$MESSAGES" \
  --work "$work" --drain-timeout-s "$DRAIN_TIMEOUT_S")"
say "$reload"
la="$(load1)"
echo "$fill $reload" | awk -v lb="$lb" -v lm="$lm" -v la="$la" -v cmd="$cmd" '{
  for (i = 1; i <= NF; i++) { split($i, p, "="); f[p[1]] = p[2] }
  printf "| queue-scale: heap per held message (%d held, every host refusing) | %s B | < 1024 B | %s..%s | `%s` |\n", f["held"], f["heap_per_msg_b"], lb, lm, cmd
  printf "| queue-scale: heap / RSS with %d held | %s MiB / %s MiB | | %s..%s | `%s` |\n", f["held"], f["heap_held_mib"], f["rss_mib"], lb, lm, cmd
  printf "| queue-scale: fill over SMTP, 32 sessions (250s/s) | %s | | %s..%s | `%s` |\n", f["inject_rate"], lb, lm, cmd
  printf "| queue-scale: restart, ReferenceEngine.start on the spool (s; JVM start to ready in brackets) | %s (%s) | < 5 s | %s..%s | `%s` |\n", f["start_s"], f["since_jvm_start_s"], lm, la, cmd
  printf "| queue-scale: after restart, held / heap / RSS | %s / %s MiB / %s MiB | | %s..%s | `%s` |\n", f["held_after_restart"], f["heap_mib"], f["rss_mib"], lm, la, cmd
  printf "| queue-scale: drain after the host comes back (deliver now): msgs/s, left after %ss | %s, %s left | | %s..%s | `%s` |\n", f["drain_s"], f["drain_rate"], f["left"], lm, la, cmd
}'
