#!/usr/bin/env bash
# Between scenarios: deletes every queued message of the private instance, so that one scenario's deferred
# mail never reaches the next scenario's hosts.
#   targets/postfix/reset.sh INSTANCE_DIR
set -euo pipefail
dir="${1:?usage: reset.sh INSTANCE_DIR}"
export PATH="$PATH:/usr/sbin:/sbin"
postsuper -c "$dir/etc" -d ALL >/dev/null 2>&1
