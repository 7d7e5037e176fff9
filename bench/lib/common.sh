# Shared by the bench scripts: paths, set-up checks, the build, timing and load notes.
# Every script prints its figures as Markdown table rows on stdout; progress goes to stderr.
set -euo pipefail
BENCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KIT_HOME="$(cd "$BENCH_HOME/.." && pwd)"
BENCH_CP="$BENCH_HOME/jmh/target/classes:$BENCH_HOME/jmh/target/lib/*"
KIT_CP="$KIT_HOME/harness/target/conformance.jar:$KIT_HOME/harness/target/lib/*"
# Every address a bench uses is in 127.0.93.0/24 (loopback), clear of the 127.1.x.y the catalog uses.
BENCH_NET="${BENCH_NET:-127.0.93}"
export PATH="$PATH:/usr/sbin:/sbin"

say() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
# The 1-minute load average, noted beside every figure: other work on the machine skews it.
load1() { cut -d' ' -f1 /proc/loadavg; }
machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -r)"
}

# Debian's postfix package brings smtp-source, smtp-sink and the Postfix the relay bench compares against.
# Installing it must never start a system-wide Postfix on port 25: "No configuration" leaves it unconfigured.
ensure_postfix() {
  if [ -x /usr/sbin/smtp-sink ] && [ -x /usr/sbin/smtp-source ] && [ -x /usr/sbin/postfix ]; then
    return 0
  fi
  say "installing Debian's postfix package (unconfigured; no system-wide instance is started)"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >&2
}

ensure_python() {
  command -v python3 >/dev/null 2>&1 && return 0
  say "installing python3 (the memory sampler)"
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y python3 >&2
}

# The kit (harness jar for ./conformance) and the bench module, built once per run-all unless BENCH_NO_BUILD=1.
build_bench() {
  [ "${BENCH_NO_BUILD:-0}" = 1 ] && [ -d "$BENCH_HOME/jmh/target/classes" ] && return 0
  say "building the kit and bench/jmh (mvn -B -q -Pbench install -DskipTests)"
  (cd "$KIT_HOME" && mvn -B -q -Pbench install -DskipTests ${MVN_OFFLINE:+-o}) >&2
  export BENCH_NO_BUILD=1
}

# Waits until HOST PORT accepts a TCP connection (bounded).
wait_port() {
  local host="$1" port="$2" tries="${3:-300}"
  for _ in $(seq 1 "$tries"); do
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  say "nothing listens on $host:$port after $((tries / 10)) s"
  return 1
}

# Fails if something already listens on HOST PORT (a relay left over from an interrupted run would be measured).
require_free_port() {
  if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then
    say "$1:$2 is already in use (a relay from an interrupted run?); stop it first"
    return 1
  fi
}

# Waits (bounded) for a process we started to exit.
wait_gone() {
  local pid="$1" tries="${2:-100}"
  for _ in $(seq 1 "$tries"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# One Markdown row: figure | value | goal | load | command
row() { echo "| $1 | $2 | $3 | $4 | \`$5\` |"; }
