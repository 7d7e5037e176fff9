#!/usr/bin/env bash
# Prints how many messages the private instance holds (incoming, active, deferred, hold, maildrop):
#   targets/postfix/queued.sh INSTANCE_DIR
set -euo pipefail
dir="${1:?usage: queued.sh INSTANCE_DIR}"
n=0
for q in maildrop incoming active deferred hold; do
  [ -d "$dir/queue/$q" ] && n=$((n + $(find "$dir/queue/$q" -type f | wc -l)))
done
echo "$n"
