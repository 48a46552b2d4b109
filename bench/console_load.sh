#!/usr/bin/env bash
# Console load benchmark (console issue, item 8): cold load of the built console to an
# interactive map (≤ 1.5 s), initial JavaScript (≤ 1 MB gzipped), render time of the map with
# every demo layer once the data has arrived (≤ 1 s). See bench/console_load.mjs for exactly
# what is measured and how.
#
#   bench/console_load.sh                      # 5 runs per measurement, ~1–2 min
#   BENCH_RUNS=10 bench/console_load.sh
#   BENCH_PROFILE=0 BENCH_TRACE=0 bench/console_load.sh   # without the extra diagnostic runs
#
# Starts `lakeguard demo` (fresh database in a temporary directory, 127.0.0.1, a free port,
# serving web/dist), runs bench/console_load.mjs against it in headless Chromium, stops
# everything on exit (trap), prints the Markdown and writes it, with the date, the machine, the
# Chromium version and the command, to bench/results/console-YYYY-MM-DD_HHMMSS.md
# (BENCH_RESULTS_DIR to write elsewhere). Builds web/dist only when web/dist/index.html is
# missing. Exit status non-zero only when the benchmark could not run; a missed goal is
# reported in the file (`RESULT console_load: PASS|FAIL`).
#
# Settings (environment): BENCH_RUNS (5), BENCH_WARMUP (1), BENCH_PROFILE (1), BENCH_TRACE (1),
# BENCH_USER (admin), BENCH_NODE_MAX_SECONDS (900: hard limit on the browser side),
# BENCH_MAX_SECONDS (900: hard limit on the server), LAKEGUARD_BIN, CHROMIUM_PATH, WEB_DIST.

export BENCH_PASSWORD="${BENCH_PASSWORD:-bench-password}"
source "$(dirname "$0")/lib.sh"
require node npm timeout python3

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
WEB_DIST="${WEB_DIST:-$REPO_DIR/web/dist}"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
NODE_MAX="${BENCH_NODE_MAX_SECONDS:-900}"
[[ -x "$CHROMIUM_PATH" ]] || die "no Chromium at $CHROMIUM_PATH (set CHROMIUM_PATH)"
[[ -d "$REPO_DIR/web/node_modules/playwright-core" ]] || die "web/node_modules/playwright-core is missing (cd web && npm ci)"

if [[ ! -f "$WEB_DIST/index.html" ]]; then
  log "no $WEB_DIST/index.html: building the console (npm run build)"
  (cd "$REPO_DIR/web" && timeout 900 npm run build) >&2 || die "npm run build failed"
fi

# Like lib.sh's start_lakeguard, with the console's files served from WEB_DIST.
start_console_server() {
  local dir="$BENCH_TMP/server"
  mkdir -p "$dir"
  env LAKEGUARD_DEMO_PASSWORD="$BENCH_PASSWORD" LAKEGUARD_LOG_LEVEL=warn \
    timeout --signal=TERM --kill-after=10 "$BENCH_MAX_SECONDS" \
    "$LG_BIN" demo --db "$dir/demo.sqlite" --listen 127.0.0.1:0 --web-root "$WEB_DIST" \
    >"$dir/stdout" 2>"$dir/stderr" &
  local wrapper=$!
  BENCH_PIDS+=("$wrapper")
  local deadline=$((SECONDS + 60))
  until grep -q 'lakeguard is serving' "$dir/stdout" 2>/dev/null; do
    kill -0 "$wrapper" 2>/dev/null || { cat "$dir/stderr" >&2; die "lakeguard exited during start"; }
    ((SECONDS < deadline)) || die "lakeguard not serving after 60 s"
    sleep 0.05
  done
  LG_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$dir/stdout" | head -1)"
  [[ -n "$LG_URL" ]] || die "could not read the URL of lakeguard"
  LG_PID="$(child_of "$wrapper")" || die "no lakeguard process under $wrapper"
  LG_ERR="$dir/stderr"
}

started_at="$(date '+%Y-%m-%d %H:%M:%S %Z')"
stamp="$(date +%Y-%m-%d_%H%M%S)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
chromium_version="$("$CHROMIUM_PATH" --version 2>/dev/null | head -1)"

start_console_server
log "lakeguard (pid $LG_PID) serving $LG_URL from $WEB_DIST"

# The browser side runs in the background so that a TERM/INT to this script reaches the trap
# at once; the trap stops it (timeout forwards SIGTERM; the script closes Chromium).
LAKEGUARD_URL="${LG_URL%/}" LAKEGUARD_DEMO_PASSWORD="$BENCH_PASSWORD" CHROMIUM_PATH="$CHROMIUM_PATH" \
  WEB_DIST="$WEB_DIST" BENCH_DEADLINE_S="$((NODE_MAX - 30))" \
  timeout --signal=TERM --kill-after=15 "$NODE_MAX" node "$BENCH_DIR/console_load.mjs" >"$BENCH_TMP/report.md" &
node_wrapper=$!
BENCH_PIDS+=("$node_wrapper")
rc=0
wait "$node_wrapper" || rc=$?
((rc == 0)) || die "console_load.mjs failed (exit $rc)"
grep -q '^RESULT console_load:' "$BENCH_TMP/report.md" || die "console_load.mjs printed no result"
if [[ -s "$LG_ERR" ]]; then log "the server logged $(wc -l <"$LG_ERR") lines at warn or above; the last ones:"; tail -5 "$LG_ERR" >&2; fi

load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$RESULTS_DIR"
out="$RESULTS_DIR/console-$stamp.md"
settings="BENCH_RUNS=${BENCH_RUNS:-5} BENCH_WARMUP=${BENCH_WARMUP:-1} BENCH_PROFILE=${BENCH_PROFILE:-1} BENCH_TRACE=${BENCH_TRACE:-1} BENCH_USER=${BENCH_USER:-admin}"
git_rev="$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
git_dirty="$(git -C "$REPO_DIR" status --porcelain 2>/dev/null | wc -l)"
{
  echo "# Console load — $started_at"
  echo
  echo "- Date: $started_at"
  echo "- Machine: $(machine_summary)"
  echo "- Load average (1/5/15 min): $load_start at start, $load_end at end (shared machine: other builds and tests were running)"
  echo "- Chromium: ${chromium_version:-?} ($CHROMIUM_PATH, headless, via playwright-core $(node -p "require('$REPO_DIR/web/node_modules/playwright-core/package.json').version")); Node $(node --version)"
  echo "- Command: \`bench/console_load.sh\` ($settings)"
  echo "- Server: \`LAKEGUARD_DEMO_PASSWORD=… LAKEGUARD_LOG_LEVEL=warn $(realpath --relative-to="$REPO_DIR" "$LG_BIN") demo --db TMP/demo.sqlite --listen 127.0.0.1:0 --web-root $(realpath --relative-to="$REPO_DIR" "$WEB_DIST")\` (fresh database)"
  echo "- Source: git $git_rev with $git_dirty uncommitted paths in the shared working tree; web/dist/index.html built $(date -r "$WEB_DIST/index.html" '+%Y-%m-%d %H:%M:%S')"
  echo
  cat "$BENCH_TMP/report.md"
} >"$out"
cat "$out"
log "wrote $out"
