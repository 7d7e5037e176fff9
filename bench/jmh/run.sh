#!/usr/bin/env bash
# bench/jmh: JMH benchmarks of the hot paths the profile of a relayed message shows: mail log lines (ten per
# message), reply parsing (netty's SmtpResponseDecoder), route lookup in a 40,000-route RouteTable, and the spool
# commit behind every 250 (RocksDB, sync, group commit). Short runs (2 x 1 s warm-up, 3 x 1 s measured, 1 fork);
# extra arguments go to JMH (e.g. a benchmark name pattern).
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
build_bench
csv="$(mktemp /tmp/esakit-bench-jmh.XXXXXX.csv)"
trap 'rm -f "$csv"' EXIT
lb="$(load1)"
java -cp "$BENCH_CP" org.openjdk.jmh.Main -foe true -rf csv -rff "$csv" "$@" >&2
la="$(load1)"
awk -F, -v lb="$lb" -v la="$la" 'NR == 1 { gsub(/"/, ""); for (i = 8; i <= NF; i++) { pn[i] = $i; sub(/^Param: /, "", pn[i]) } next }
  {
  gsub(/"/, ""); name = $1; sub(/^dev\.esakit\.[a-z.]*\./, "", name)
  for (i = 8; i <= NF; i++) if ($i ~ /[^[:space:]]/) name = name " " pn[i] "=" $i
  err = ($6 == "NaN" ? "" : sprintf(" ± %.3g", $6))
  printf "| jmh %s (%s, %s thread%s) | %.4g%s %s | | %s..%s | `bench/jmh/run.sh` |\n", name, $2, $3, ($3 > 1 ? "s" : ""), $5, err, $7, lb, la
}' "$csv"
