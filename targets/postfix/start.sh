#!/usr/bin/env bash
# Starts a private Postfix instance from a generated configuration directory, leaving the system's Postfix
# (its /etc/postfix, its queue, its service) alone:
#   targets/postfix/start.sh INSTANCE_DIR
# INSTANCE_DIR/etc holds main.cf, master.cf and the route files that the harness generated
# (dev.esakit.harness.target.external.PostfixConfigGenerator); queue, data and log go beside it.
# The instance listens only where its master.cf says (a loopback address and port), runs no chroot, and
# logs to INSTANCE_DIR/log/maillog (maillog_file) instead of syslog.
set -euo pipefail
dir="${1:?usage: start.sh INSTANCE_DIR}"
dir="$(cd "$dir" && pwd)"
conf="$dir/etc"
[ -f "$conf/main.cf" ] && [ -f "$conf/master.cf" ] || {
  echo "start.sh: $conf has no main.cf/master.cf; the harness generates them (./conformance run --target ...)" >&2
  exit 2
}
command -v postfix >/dev/null 2>&1 || [ -x /usr/sbin/postfix ] || {
  echo "start.sh: postfix is not installed (see targets/README.md)" >&2
  exit 2
}
export PATH="$PATH:/usr/sbin:/sbin"
mkdir -p "$dir/queue" "$dir/data" "$dir/log"
# Postfix insists that the queue belongs to root and its data directory to the mail owner.
chown root "$dir/queue"
chown postfix "$dir/data"
chmod 755 "$dir" "$dir/queue" "$dir/log"
touch "$dir/log/maillog"
if postfix -c "$conf" status >/dev/null 2>&1; then
  echo "start.sh: the instance in $dir is already running; reloading" >&2
  exec postfix -c "$conf" reload
fi
postfix -c "$conf" check
postfix -c "$conf" start
# Ready when the master process holds its pid file (the harness then waits for the SMTP port itself).
for _ in $(seq 1 100); do
  postfix -c "$conf" status >/dev/null 2>&1 && exit 0
  sleep 0.1
done
echo "start.sh: the instance in $dir did not come up; see $dir/log/maillog" >&2
exit 1
