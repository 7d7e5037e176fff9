#!/usr/bin/env bash
# Applies a newly generated route set (main.cf, transport map, relay domains) to the running private instance:
#   targets/postfix/reload.sh INSTANCE_DIR
# texthash: maps are read when a daemon starts, so a reload (new daemons) is what makes them count. The
# master logs "reload" once it has re-read its configuration; the script returns after that line, so the
# next submission meets the new routes.
set -euo pipefail
dir="${1:?usage: reload.sh INSTANCE_DIR}"
conf="$dir/etc"
log="$dir/log/maillog"
export PATH="$PATH:/usr/sbin:/sbin"
before="$(grep -c 'postfix/master\[[0-9]*\]: reload' "$log" 2>/dev/null || true)"
postfix -c "$conf" reload >/dev/null 2>&1
for _ in $(seq 1 100); do
  now="$(grep -c 'postfix/master\[[0-9]*\]: reload' "$log" 2>/dev/null || true)"
  [ "${now:-0}" -gt "${before:-0}" ] && exit 0
  sleep 0.05
done
echo "reload.sh: the instance in $dir did not log its reload within 5 s; see $log" >&2
exit 1
