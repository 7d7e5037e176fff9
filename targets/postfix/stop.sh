#!/usr/bin/env bash
# Stops the private Postfix instance that start.sh started, and only that one:
#   targets/postfix/stop.sh INSTANCE_DIR [--purge]
# --purge also deletes its queued mail (so the next start begins empty).
set -euo pipefail
dir="${1:?usage: stop.sh INSTANCE_DIR [--purge]}"
conf="$dir/etc"
export PATH="$PATH:/usr/sbin:/sbin"
if postfix -c "$conf" status >/dev/null 2>&1; then
  postfix -c "$conf" stop
  # The master exits after its children; wait for its pid file to go, bounded.
  for _ in $(seq 1 100); do
    postfix -c "$conf" status >/dev/null 2>&1 || break
    sleep 0.1
  done
fi
if [ "${2:-}" = "--purge" ] && [ -d "$dir/queue" ]; then
  postsuper -c "$conf" -d ALL >/dev/null 2>&1 || true
fi
