#!/usr/bin/env bash
# bench/relay-throughput: the reference engine and a private Postfix 3.7 relay the same load, run after run.
#
#   smtp-source -s 20 -d -m N -l SIZE  ->  relay (engine | Postfix)  ->  smtp-sink -M N   (all on 127.0.93.x)
#
# Per run: messages/s from the first injection (smtp-source starts) to the last receipt (smtp-sink exits after
# its N-th message); the injection rate (N / time until smtp-source has every 250); latency p50/p99 from the
# relay's 250 to the destination's receipt, from a thin probe stream through the same relay under the load
# (bench/jmh RelayLatencyProbe); CPU time and peak memory (PSS summed over the relay's processes, sampled every 200 ms).
# Both relays spool durably: the engine's RocksDB spool writes with sync=true (group commit) before its 250;
# Postfix's cleanup fsyncs the queue file before smtpd's 250. Before each measured run, warm-up rounds go
# through the relay to another domain (Postfix's daemons start; the engine's JIT compiler settles).
#
# Environment: N_SMALL (1 KiB messages, default 20000), N_LARGE (100 KiB, default 4000), ROUNDS (default 2),
# WARMUP_SMALL / WARMUP_LARGE (a warm-up round: 1 KiB messages, then 100 KiB ones before a 100 KiB run;
# default 10000 / 2000), JIT_SETTLED (the engine's rounds end once its JIT used at most this % of its CPU in
# one; default 10), WARMUP_MAX_ROUNDS (default 8; Postfix gets one round),
# ENGINE_JAVA_OPTS (default -Xmx256m), ENGINE_MAX_CONNECTIONS (per destination, default 20 as Postfix), SIZES (default "1024 102400"), RELAYS (default "engine postfix"), BENCH_JFR=FILE (record the engine's last run),
# BENCH_KEEP=1 (keep the run directories: logs, spools, sink counters).
# Output: Markdown rows (stdout); per-run lines on stderr.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
ensure_postfix
ensure_python
build_bench

# Runs of a few seconds at least: a one-second run of a JVM measures its compiler as much as the engine.
N_SMALL="${N_SMALL:-20000}"
N_LARGE="${N_LARGE:-4000}"
ROUNDS="${ROUNDS:-2}"
SIZES="${SIZES:-1024 102400}"
RELAYS="${RELAYS:-engine postfix}"
# JIT warm-up: the engine is a long-running JVM; 300 messages left C2 compiling through the measured run (a
# third of its CPU there went to the compiler). Both relays get the same warm-up.
WARMUP_SMALL="${WARMUP_SMALL:-10000}"
WARMUP_LARGE="${WARMUP_LARGE:-2000}"
JIT_SETTLED="${JIT_SETTLED:-10}"
WARMUP_MAX_ROUNDS="${WARMUP_MAX_ROUNDS:-8}"
# The engine's heap is capped as an operator would cap it; without it the JVM sizes its heap from the
# machine's RAM and the PSS says more about the JVM's defaults than about the engine.
ENGINE_JAVA_OPTS="${ENGINE_JAVA_OPTS:--Xmx256m}"
# Connections per destination: Postfix's default_destination_concurrency_limit is 20; the engine's CONN-2
# default is 500. Both relays offer the sink the same concurrency. The sinks take up to 1000 connections at once
# (-m; smtp-sink's default of 256 left the rest of 500 waiting for a greeting in the accept queue).
ENGINE_MAX_CONNECTIONS="${ENGINE_MAX_CONNECTIONS:-20}"
SESSIONS=20
RELAY_ENGINE="$BENCH_NET.1:2525"
SINK="$BENCH_NET.2:2525"
PROBE_SINK="$BENCH_NET.3:2525"
RELAY_POSTFIX="$BENCH_NET.4:2525"
WARM_SINK="$BENCH_NET.5:2525"
DIRECT_SINK="$BENCH_NET.6:2525"
work="$(mktemp -d /tmp/esakit-bench-relay.XXXXXX)"
chmod 755 "$work" # Postfix daemons run as user postfix and must reach their directories
results="$work/results"
: > "$results"
pids_to_stop=()
cleanup() {
  for p in "${pids_to_stop[@]}"; do kill "$p" 2>/dev/null || true; done
  "$BENCH_HOME/lib/postfix-instance.sh" stop "$work/postfix" || true
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

start_engine() { # $1 run dir
  local d="$1"
  printf 'sink.test %s\nprobe.test %s\nwarm.test %s\n' "$SINK" "$PROBE_SINK" "$WARM_SINK" > "$d/routes"
  require_free_port "${RELAY_ENGINE%:*}" "${RELAY_ENGINE#*:}"
  local jfr=()
  [ -n "${BENCH_JFR:-}" ] && jfr=("-XX:StartFlightRecording=filename=$BENCH_JFR,settings=${BENCH_JFR_SETTINGS:-profile}")
  # shellcheck disable=SC2086
  printf 'ALL max-connections=%s\n' "$ENGINE_MAX_CONNECTIONS" > "$d/controls"
  java $ENGINE_JAVA_OPTS "${jfr[@]}" -cp "$KIT_CP" dev.esakit.cli.Conformance serve --routes "$d/routes" --listen "$RELAY_ENGINE" \
    --destination-controls "$d/controls" \
    --log-dir "$d/log" --spool-dir "$d/spool" > "$d/engine.out" 2>&1 &
  relay_pid=$!
  pids_to_stop+=("$relay_pid")
  wait_port "${RELAY_ENGINE%:*}" "${RELAY_ENGINE#*:}"
  mem_args=(--pid "$relay_pid")
  relay_at="$RELAY_ENGINE"
}

stop_engine() {
  kill "$relay_pid" 2>/dev/null || true
  wait_gone "$relay_pid" 100 || kill -9 "$relay_pid" 2>/dev/null || true
}

start_postfix() { # $1 run dir
  require_free_port "${RELAY_POSTFIX%:*}" "${RELAY_POSTFIX#*:}"
  "$BENCH_HOME/lib/postfix-instance.sh" start "$work/postfix" "$RELAY_POSTFIX" \
    "sink.test=[${SINK%:*}]:${SINK#*:}" "probe.test=[${PROBE_SINK%:*}]:${PROBE_SINK#*:}" \
    "warm.test=[${WARM_SINK%:*}]:${WARM_SINK#*:}"
  wait_port "${RELAY_POSTFIX%:*}" "${RELAY_POSTFIX#*:}"
  local master
  master="$(tr -d ' \n' < "$work/postfix/queue/pid/master.pid")"
  mem_args=(--sid "$(ps -o sid= -p "$master" | tr -d ' ')")
  relay_at="$RELAY_POSTFIX"
}

stop_postfix() {
  "$BENCH_HOME/lib/postfix-instance.sh" stop "$work/postfix"
}

# How many messages a sink has counted: its running counter (-c, "mesg=K", one update per message).
sink_count() { # $1 counter file
  local count
  count="$(tail -c 64 "$1" | tr '\r' '\n' | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1)"
  echo "${count:-0}"
}

# The warm-up's sink runs across rounds, so its counter is polled: every 200 ms, at most TRIES times.
wait_count() { # $1 pid, $2 counter file, $3 N, $4 tries
  for _ in $(seq 1 "$4"); do
    kill -0 "$1" 2>/dev/null || return 0
    [ "$(sink_count "$2")" -ge "$3" ] && return 0
    sleep 0.2
  done
  return 1
}

# The last receipt of a measured run: smtp-sink exits after its N-th message (-M), and waiting for that exit
# costs nothing. (Polling its counter every 50 ms forked five processes each time: 7% of the machine in the
# drain of a 100 KiB run, by perf, taken from the sink and the relay being measured.) A sink still running
# after TIMEOUT seconds is stopped, and the run fails unless its counter shows N.
wait_sink_exit() { # $1 pid, $2 counter file, $3 N, $4 timeout s
  sleep "$4" &
  local dog=$!
  wait -n "$1" "$dog" 2>/dev/null || true
  kill "$dog" "$1" 2>/dev/null || true
  wait "$dog" "$1" 2>/dev/null || true
  [ "$(sink_count "$2")" -ge "$3" ]
}

# CPU ticks the JVM's JIT compiler threads have used so far (0 for Postfix): how much of the engine's CPU in a
# measured run still goes to compiling. C2 keeps compiling long after the warm-up (see bench/README.md).
process_ticks() { # $1 pid or empty: CPU ticks of the whole process so far
  [ -n "$1" ] || { echo 0; return; }
  awk '{print $14 + $15}' /proc/"$1"/stat 2>/dev/null || echo 0
}

jit_ticks() { # $1 relay pid or empty
  local t sum=0
  [ -n "$1" ] || { echo 0; return; }
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) sum=$((sum + $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo "$sum"
}

run_one() { # $1 relay, $2 size, $3 N, $4 round
  local relay="$1" size="$2" n="$3" round="$4"
  local d="$work/$relay-$size-$round"
  mkdir -p "$d/probe"
  # A sink left over from an interrupted run would share the port (smtp-sink sets SO_REUSEPORT) and the count.
  require_free_port "${SINK%:*}" "${SINK#*:}"
  require_free_port "${PROBE_SINK%:*}" "${PROBE_SINK#*:}"
  say "run $round: $relay, $n messages of $size bytes, $SESSIONS sessions"
  local load_before
  load_before="$(load1)"

  java -cp "$BENCH_CP" dev.esakit.bench.probe.RelayLatencyProbe --relay "${RELAY_ENGINE}" --sink "$PROBE_SINK" \
    --domain probe.test --interval-ms 20 --control "$d/probe" > "$d/probe.out" 2> "$d/probe.err" &
  local probe_pid=$!
  pids_to_stop+=("$probe_pid")
  for _ in $(seq 1 300); do [ -f "$d/probe/ready" ] && break; sleep 0.1; done

  "start_$relay" "$d"
  # The probe was told the engine's address; point it at the relay under test.
  if [ "$relay_at" != "$RELAY_ENGINE" ]; then
    kill "$probe_pid"; wait "$probe_pid" 2>/dev/null || true
    rm -f "$d/probe/ready"
    java -cp "$BENCH_CP" dev.esakit.bench.probe.RelayLatencyProbe --relay "$relay_at" --sink "$PROBE_SINK" \
      --domain probe.test --interval-ms 20 --control "$d/probe" > "$d/probe.out" 2> "$d/probe.err" &
    probe_pid=$!
    pids_to_stop+=("$probe_pid")
    for _ in $(seq 1 300); do [ -f "$d/probe/ready" ] && break; sleep 0.1; done
  fi

  # The warm-up goes to its own smtp-sink, and the measured run starts only once every warm-up message has
  # arrived there: a relay still draining its warm-up would be measured on two loads at once.
  # A round is WARMUP_SMALL messages of 1 KiB, then for a 100 KiB run WARMUP_LARGE of 100 KiB. Postfix gets one
  # round. The engine gets rounds until its JIT compiler used at most JIT_SETTLED % of its CPU in the last one,
  # or WARMUP_MAX_ROUNDS: on 2 saturated cores C2 was still half of the engine's CPU after 12,000 messages,
  # and 16-40% after 60,000-100,000. A relay that runs for days is measured warm.
  require_free_port "${WARM_SINK%:*}" "${WARM_SINK#*:}"
  smtp-sink -c -u nobody -m 1000 "$WARM_SINK" 1024 > "$d/warm-sink.out" 2>&1 &
  local warm_pid=$!
  pids_to_stop+=("$warm_pid")
  wait_port "${WARM_SINK%:*}" "${WARM_SINK#*:}"
  touch "$d/probe/warm" # the probe warms up too (uncounted): a cold probe JVM put hundreds of ms into p99
  local jvm_pid=""
  [ "$relay" = engine ] && jvm_pid="$relay_pid"
  local warmed=0 rounds=0 jit_before cpu_before jit_share=0
  while :; do
    jit_before="$(jit_ticks "$jvm_pid")"
    cpu_before="$(process_ticks "$jvm_pid")"
    smtp-source -s "$SESSIONS" -d -m "$WARMUP_SMALL" -l 1024 -f src@bench.test -t rcpt@warm.test -M bench.test \
      "$relay_at" >&2
    warmed=$((warmed + WARMUP_SMALL))
    if [ "$size" -gt 10000 ]; then
      smtp-source -s "$SESSIONS" -d -m "$WARMUP_LARGE" -l "$size" -f src@bench.test -t rcpt@warm.test -M bench.test \
        "$relay_at" >&2
      warmed=$((warmed + WARMUP_LARGE))
    fi
    wait_count "$warm_pid" "$d/warm-sink.out" "$warmed" 600 || say "the warm-up did not drain within 120 s"
    rounds=$((rounds + 1))
    [ -n "$jvm_pid" ] || break
    jit_share="$(echo "$(jit_ticks "$jvm_pid") $jit_before $(process_ticks "$jvm_pid") $cpu_before" |
      awk '{printf "%.0f", (($3 - $4) > 0 ? 100 * ($1 - $2) / ($3 - $4) : 0)}')"
    [ "$jit_share" -le "$JIT_SETTLED" ] && break
    [ "$rounds" -ge "$WARMUP_MAX_ROUNDS" ] && break
  done
  say "warm-up: $warmed messages in $rounds round(s)${jvm_pid:+; the JIT compiler used $jit_share% of the engine CPU in the last}"
  kill "$warm_pid" 2>/dev/null || true
  wait "$warm_pid" 2>/dev/null || true
  sleep 3 # the compiler's queue drains

  smtp-sink -c -u nobody -m 1000 -M "$n" "$SINK" 1024 > "$d/sink.out" 2>&1 &
  local sink_pid=$!
  pids_to_stop+=("$sink_pid")
  wait_port "${SINK%:*}" "${SINK#*:}"
  python3 "$BENCH_HOME/lib/memsample.py" "${mem_args[@]}" > "$d/mem.out" &
  local mem_pid=$!
  pids_to_stop+=("$mem_pid")

  local jit0
  jit0="$(jit_ticks "$jvm_pid")"
  touch "$d/probe/go"
  local t0 t_inj t1
  t0="$(now)"
  smtp-source -s "$SESSIONS" -d -m "$n" -l "$size" -f src@bench.test -t rcpt@sink.test -M bench.test "$relay_at" >&2
  t_inj="$(now)"
  local ok=1
  wait_sink_exit "$sink_pid" "$d/sink.out" "$n" 120 || { ok=0; say "smtp-sink did not get $n messages within 120 s"; }
  t1="$(now)"
  local jit_s
  jit_s="$(echo "$(jit_ticks "$jvm_pid") $jit0" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($1 - $2) / hz}')"
  touch "$d/probe/stop"
  wait "$probe_pid" 2>/dev/null || true
  kill "$mem_pid"; wait "$mem_pid" 2>/dev/null || true
  local load_after
  load_after="$(load1)"
  "stop_$relay"

  local probe mem
  probe="$(tail -1 "$d/probe.out")"
  mem="$(cat "$d/mem.out")"
  awk -v relay="$relay" -v size="$size" -v n="$n" -v round="$round" -v t0="$t0" -v ti="$t_inj" -v t1="$t1" -v ok="$ok" \
      -v probe="$probe" -v mem="$mem" -v lb="$load_before" -v la="$load_after" -v jit="$jit_s" -v warmed="$warmed" 'BEGIN {
    split(probe " " mem, kv, " "); for (i in kv) { split(kv[i], p, "="); f[p[1]] = p[2] }
    printf "%s %s %d %d %.3f %.1f %.1f %s %s %d %s %s %d %d %.3f %.0f %d\n", relay, size, n, round, t1 - t0,
      (ok ? n / (t1 - t0) : 0), n / (ti - t0), f["p50_ms"], f["p99_ms"], f["peak_pss_kib"], lb, la, f["received"], ok,
      f["cpu_s"] * 1000 / n, (f["cpu_s"] > 0 ? 100 * jit / f["cpu_s"] : 0), warmed
  }' | tee -a "$results" >&2
}

# The ceiling: smtp-source straight into smtp-sink, no relay, same N and sessions. No relay can be measured
# faster than this on the machine, and a relay does as much again (it receives and sends every byte).
ceiling() { # $1 size, $2 N
  require_free_port "${DIRECT_SINK%:*}" "${DIRECT_SINK#*:}"
  # No -M: a sink that exits at its N-th message cuts the source's last sessions, and smtp-source fails.
  smtp-sink -c -u nobody -m 1000 "$DIRECT_SINK" 1024 > "$work/direct-sink.out" 2>&1 &
  local sink_pid=$!
  pids_to_stop+=("$sink_pid")
  wait_port "${DIRECT_SINK%:*}" "${DIRECT_SINK#*:}"
  local lb t0 t1
  lb="$(load1)"
  t0="$(now)"
  smtp-source -s "$SESSIONS" -d -m "$2" -l "$1" -f src@bench.test -t rcpt@direct.test -M bench.test "$DIRECT_SINK" >&2
  t1="$(now)" # smtp-source has the sink's 250 for every message: the sink has them all
  kill "$sink_pid" 2>/dev/null || true
  wait "$sink_pid" 2>/dev/null || true
  echo "$1 $2 $t0 $t1" | awk '{printf "ceiling %s %s %.1f\n", $1, $2, $2 / ($4 - $3)}' >> "$results"
  echo "$t0 $t1" | awk -v n="$2" -v size="$1" -v lb="$lb" -v la="$(load1)" '{
    printf "| relay-throughput ceiling, %g KiB x %d: smtp-source straight into smtp-sink, no relay (msgs/s) | %.0f | | %s..%s | `bench/relay-throughput/run.sh` |\n", size / 1024, n, n / ($2 - $1), lb, la }'
}

for size in $SIZES; do
  n="$N_SMALL"
  [ "$size" -gt 10000 ] && n="$N_LARGE"
  ceiling "$size" "$n"
  for round in $(seq 1 "$ROUNDS"); do
    order="$RELAYS"
    # Alternate which relay goes first, so neither always meets the machine in the same state.
    [ $((round % 2)) = 0 ] && order="$(echo "$RELAYS" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}')"
    for relay in $order; do
      run_one "$relay" "$size" "$n" "$round"
    done
  done
done

# Median over rounds per relay and size; ratio engine/Postfix of the medians.
awk -v cmd="bench/relay-throughput/run.sh" -v rounds="$ROUNDS" '
  $1 == "ceiling" { ceil[$2] = $4; next }
  { key = $1 " " $2; n[key] = $3; c[key]++; rate[key, c[key]] = $6; inj[key, c[key]] = $7; p50[key, c[key]] = $8
    p99[key, c[key]] = $9; pss[key, c[key]] = $10; cpu[key, c[key]] = $15; jit[key, c[key]] = $16; warm[key, c[key]] = $17; lo[key] = (lo[key] == "" ? $11 : lo[key]); hi[key] = $12 }
  function med(arr, key, cnt,   i, j, t, v) {
    for (i = 1; i <= cnt; i++) v[i] = arr[key, i] + 0
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
  }
  function all(arr, key, cnt,   i, s) { s = ""; for (i = 1; i <= cnt; i++) s = s (i > 1 ? "/" : "") arr[key, i]; return s }
  END {
    for (key in c) {
      split(key, k, " "); label = (k[2] >= 10000 ? k[2] / 1024 " KiB" : k[2] / 1024 " KiB")
      r = med(rate, key, c[key]); R[k[1], k[2]] = r; CPU[k[1], k[2]] = med(cpu, key, c[key])
      printf "| relay-throughput %s, %s x %d, 20 sessions: msgs/s first injection to last receipt (median; runs %s) | %.0f | engine >= 3x Postfix | %s..%s | `%s` |\n", k[1], label, n[key], all(rate, key, c[key]), r, lo[key], hi[key], cmd
      printf "| relay-throughput %s, %s: injection rate (250s/s), median | %.0f | | | |\n", k[1], label, med(inj, key, c[key])
      printf "| relay-throughput %s, %s: latency 250 -> sink receipt p50 / p99 ms (median of runs) | %.1f / %.1f | | | |\n", k[1], label, med(p50, key, c[key]), med(p99, key, c[key])
      printf "| relay-throughput %s, %s: CPU ms per message, all the relay'"'"'s processes (median) | %.2f | | | |\n", k[1], label, med(cpu, key, c[key])
      printf "| relay-throughput %s, %s: peak PSS of the relay (MiB, median) | %.0f | | | |\n", k[1], label, med(pss, key, c[key]) / 1024
      if (k[1] == "engine")
        printf "| relay-throughput engine, %s: share of that CPU spent by the JIT compiler, %% (runs %s) | %.0f | | | |\n", label, all(jit, key, c[key]), med(jit, key, c[key])
      printf "| relay-throughput %s, %s: warm-up messages before the measured run (runs) | %s | | | |\n", k[1], label, all(warm, key, c[key])
      sizes[k[2]] = 1
    }
    for (s in sizes) if (R["postfix", s] > 0 && R["engine", s] != "") {
      printf "| relay-throughput **ratio engine / Postfix**, %s KiB | **%.2fx** | >= 3x | | `%s` |\n", s / 1024, R["engine", s] / R["postfix", s], cmd
      # The same machine runs smtp-source and smtp-sink (one process), so msgs/s cannot pass the ceiling:
      # a relay that cost nothing would reach ceiling / Postfix. And CPU a message is the steadier figure.
      if (CPU["engine", s] > 0)
        printf "| relay-throughput ratio engine / Postfix in CPU ms a message (Postfix %.2f, engine %.2f), %s KiB | %.2fx | | | `%s` |\n", CPU["postfix", s], CPU["engine", s], s / 1024, CPU["postfix", s] / CPU["engine", s], cmd
      if (ceil[s] > 0)
        printf "| relay-throughput ratio engine / Postfix that a relay using no CPU would reach (ceiling %.0f / Postfix %.0f msgs/s), %s KiB | %.2fx | | | `%s` |\n", ceil[s], R["postfix", s], s / 1024, ceil[s] / R["postfix", s], cmd
    }
  }' "$results" | sort
