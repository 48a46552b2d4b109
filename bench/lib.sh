# shellcheck shell=bash disable=SC2034  # LG_PID, LG_ERR, … are used by the scripts that source it
# Shared helpers for the bench/*.sh scripts. Source it; do not run it.
#
# Everything here binds to 127.0.0.1 only, runs every server under `timeout` (so nothing can
# outlive a killed script by more than BENCH_MAX_SECONDS), keeps every file in one temporary
# directory, and removes both on exit (trap).

set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
LG_BIN="${LAKEGUARD_BIN:-$REPO_DIR/build/release/src/app/lakeguard}"
BENCH_PASSWORD="${BENCH_PASSWORD:-bench-$$-pw}"
# Hard upper bound on the life of any server a script starts.
BENCH_MAX_SECONDS="${BENCH_MAX_SECONDS:-900}"

BENCH_TMP="$(mktemp -d -t lakeguard-bench.XXXXXX)"
chmod 755 "$BENCH_TMP"  # nginx workers may run as another user
BENCH_PIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bench_cleanup() {
  local rc=$?
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    # Graceful stop first (SIGTERM), then SIGKILL after 10 s.
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$BENCH_TMP"
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

require() {
  local c
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || die "$c is not installed"; done
}

[[ -x "$LG_BIN" ]] || die "no lakeguard binary at $LG_BIN (set LAKEGUARD_BIN)"

# A TCP port on 127.0.0.1 that was free a moment ago.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# The PID of the real server under a `timeout` wrapper PID.
child_of() {
  local parent="$1" c=""
  for _ in $(seq 50); do
    c="$(cat /proc/"$parent"/task/*/children 2>/dev/null | awk '{print $1; exit}')"
    [[ -n "$c" ]] && { echo "$c"; return 0; }
    sleep 0.02
  done
  return 1
}

# start_lakeguard NAME [ENV=VALUE ...]
# Starts `lakeguard demo` on a free loopback port with a fresh database in BENCH_TMP, or, when
# LG_SERVE_DB names an existing database, `lakeguard serve` on it (a second server on the same data).
# Sets LG_URL (http://127.0.0.1:PORT/), LG_PID (the server itself), LG_ERR (its stderr file).
start_lakeguard() {
  local name="$1"; shift
  local dir="$BENCH_TMP/$name"
  mkdir -p "$dir"
  local cmd=(demo --db "$dir/demo.sqlite")
  [[ -n "${LG_SERVE_DB:-}" ]] && cmd=(serve --db "$LG_SERVE_DB")
  env LAKEGUARD_DEMO_PASSWORD="$BENCH_PASSWORD" LAKEGUARD_LOG_LEVEL="${LAKEGUARD_LOG_LEVEL:-warn}" "$@" \
    timeout --signal=TERM --kill-after=10 "$BENCH_MAX_SECONDS" \
    "$LG_BIN" "${cmd[@]}" --listen 127.0.0.1:0 >"$dir/stdout" 2>"$dir/stderr" &
  local wrapper=$!
  BENCH_PIDS+=("$wrapper")
  local deadline=$((SECONDS + 60))
  until grep -q 'lakeguard is serving' "$dir/stdout" 2>/dev/null; do
    kill -0 "$wrapper" 2>/dev/null || { cat "$dir/stderr" >&2; die "lakeguard ($name) exited during start"; }
    ((SECONDS < deadline)) || die "lakeguard ($name) not serving after 60 s"
    sleep 0.05
  done
  LG_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$dir/stdout" | head -1)"
  [[ -n "$LG_URL" ]] || die "could not read the URL of lakeguard ($name)"
  LG_PID="$(child_of "$wrapper")" || die "no lakeguard process under $wrapper"
  LG_ERR="$dir/stderr"
}

# login URL → prints the bearer token of the demo admin.
login() {
  local url="$1" body
  body="$(curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$BENCH_PASSWORD\"}" "${url}api/v1/auth/login")"
  python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$body" \
    || die "login failed: $body"
}

# wrk_auth_script TOKEN FILE: a wrk Lua script that sends the bearer token.
wrk_auth_script() {
  cat >"$2" <<EOF
wrk.headers["Authorization"] = "Bearer $1"
EOF
}

# proc_mem PID → "VmRSS_kB VmHWM_kB"
proc_mem() {
  awk '/^VmRSS:/{r=$2} /^VmHWM:/{h=$2} END{print r, h}' /proc/"$1"/status
}

machine_summary() {
  local model mem
  model="$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
  mem="$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  printf '%s cores (nproc), %s, %s RAM, %s' "$(nproc)" "$model" "$mem" "$(uname -sr)"
}
