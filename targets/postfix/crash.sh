#!/usr/bin/env bash
# Kills the private instance as a crash would (SIGKILL to its master and every process of the master's
# session, found by that session's id; no other Postfix is touched), then starts it again on the same queue:
#   targets/postfix/crash.sh INSTANCE_DIR
set -euo pipefail
dir="${1:?usage: crash.sh INSTANCE_DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pidfile="$dir/queue/pid/master.pid"
[ -f "$pidfile" ] || { echo "crash.sh: no $pidfile: the instance is not running" >&2; exit 1; }
master="$(tr -d ' \n' < "$pidfile")"
sid="$(ps -o sid= -p "$master" | tr -d ' ')"
[ -n "$sid" ] || { echo "crash.sh: master $master is not running" >&2; exit 1; }
for pid in $(ps -e -o pid=,sid= | awk -v s="$sid" '$2 == s {print $1}'); do
  kill -9 "$pid" 2>/dev/null || true
done
for _ in $(seq 1 100); do
  kill -0 "$master" 2>/dev/null || break
  sleep 0.05
done
rm -f "$pidfile"
exec "$here/start.sh" "$dir"
