#!/usr/bin/env bash
# Resident memory of the demo server: after loading, after a wrk run, and after the run.
#
#   bench/memory.sh
#   BENCH_DURATION=30s bench/memory.sh
#
# Starts `lakeguard demo` (defaults: 1 I/O thread, 4 worker threads; LAKEGUARD_LOG_LEVEL=warn),
# reads VmRSS (resident now) and VmHWM (peak resident) from /proc/PID/status once the server is
# serving, then runs wrk -t2 -c64 -d10s against GET /api/v1/enterprises?page_size=50 (admin
# token) while sampling VmRSS every 0.5 s, then reads both again, and once more after 2 s idle.
# Goal (platform foundation, item 9): ≤ 150 MB resident (judged on VmHWM, the peak, up to here).
# Then, for information, BENCH_LOGINS (8) logins at once: each argon2id verification allocates
# its memory cost, so the peak depends on how many run concurrently; and a run of distinct URLs
# (a no-op &created_at_from=2000-01-01T00:00:00.<n> parameter) that fills the read cache (32 MiB budget).
# Prints Markdown on stdout; progress on stderr.

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
require wrk curl python3 timeout
DURATION="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
GOAL_KB=$((150 * 1024))
PATH_Q='/api/v1/enterprises?page_size=50'

start_lakeguard mem
log "lakeguard pid $LG_PID at $LG_URL"
read -r rss0 hwm0 < <(proc_mem "$LG_PID")
threads0="$(awk '/^Threads:/{print $2}' /proc/"$LG_PID"/status)"
TOKEN="$(login "$LG_URL")"
wrk_auth_script "$TOKEN" "$BENCH_TMP/auth.lua"

log "wrk -t$THREADS -c$CONNS -d$DURATION"
timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$BENCH_TMP/auth.lua" \
  "${LG_URL%/}$PATH_Q" >"$BENCH_TMP/wrk.txt" 2>&1 &
WRK=$!
max_sample=0
while kill -0 "$WRK" 2>/dev/null; do
  read -r r _ < <(proc_mem "$LG_PID")
  ((r > max_sample)) && max_sample=$r
  sleep 0.5
done
wait "$WRK" || { cat "$BENCH_TMP/wrk.txt" >&2; die "wrk failed"; }
read -r rss1 hwm1 < <(proc_mem "$LG_PID")
sleep 2
read -r rss2 hwm2 < <(proc_mem "$LG_PID")
threads1="$(awk '/^Threads:/{print $2}' /proc/"$LG_PID"/status)"
rps="$(awk '/Requests\/sec/{print $2}' "$BENCH_TMP/wrk.txt")"
non2xx="$(awk '/Non-2xx/{print $NF}' "$BENCH_TMP/wrk.txt")"
dbsize="$(cat "$BENCH_TMP"/mem/demo.sqlite* | wc -c)"; dbsize=$((dbsize / 1024))
kill -0 "$LG_PID" 2>/dev/null || die "lakeguard died during the run"

# For information (after the judged figures, since VmHWM only grows): passwords are hashed with
# argon2id, whose memory cost is allocated per verification, so concurrent logins raise the peak.
LOGINS="${BENCH_LOGINS:-8}"
log "$LOGINS concurrent logins"
t0=$(date +%s.%N)
login_pids=()
for ((i = 0; i < LOGINS; i++)); do
  login "$LG_URL" >/dev/null &
  login_pids+=("$!")
done
wait_ok=0
for p in "${login_pids[@]}"; do wait "$p" || wait_ok=1; done
t1=$(date +%s.%N)
((wait_ok == 0)) || die "a login failed"
read -r rss3 hwm3 < <(proc_mem "$LG_PID")
login_secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')"
kill -0 "$LG_PID" 2>/dev/null || die "lakeguard died during the logins"

# For information: the read cache keeps up to 64 MiB of responses. Requests that all differ (an
# no-op &created_at_from=2000-01-01T00:00:00.<n> parameter) fill it with copies of the ~26 kB page.
cat >"$BENCH_TMP/fill.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
local next_id = 0
function setup(thread) next_id = next_id + 1; thread:set("tid", next_id) end
local n = 0
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "&created_at_from=2000-01-01T00:00:00." .. string.format("%d%09d", tid, n))
end
EOF
FILL="${BENCH_FILL_DURATION:-10s}"
log "filling the read cache: wrk -t$THREADS -c$CONNS -d$FILL with distinct URLs"
timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$FILL" -s "$BENCH_TMP/fill.lua" "${LG_URL%/}$PATH_Q" \
  >"$BENCH_TMP/fill.txt" 2>&1 || { cat "$BENCH_TMP/fill.txt" >&2; die "wrk (fill) failed"; }
fill_reqs="$(awk '/requests in/{print $1}' "$BENCH_TMP/fill.txt")"
read -r rss4 hwm4 < <(proc_mem "$LG_PID")
kill -0 "$LG_PID" 2>/dev/null || die "lakeguard died while filling the cache"

mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
echo "## Memory"
echo
echo "- Server: \`lakeguard demo --db FRESH.sqlite --listen 127.0.0.1:0\`, LAKEGUARD_LOG_LEVEL=warn, default threads ($threads0 threads in the process after start, $threads1 after the load); database files (with -wal/-shm) $(mb "$dbsize") MB."
echo "- Load: \`wrk -t$THREADS -c$CONNS -d$DURATION --latency\` on \`GET $PATH_Q\` with an admin token: ${rps} req/s, ${non2xx:-0} non-2xx/3xx."
echo "- MB = MiB (1024 × 1024 bytes) as read from /proc/PID/status."
echo
echo "| moment | VmRSS MB | VmHWM MB (peak so far) |"
echo "|---|---:|---:|"
echo "| after loading the demo, serving | $(mb "$rss0") | $(mb "$hwm0") |"
echo "| during the wrk run (highest 0.5 s sample) | $(mb "$max_sample") | |"
echo "| right after the wrk run | $(mb "$rss1") | $(mb "$hwm1") |"
echo "| 2 s later, idle | $(mb "$rss2") | $(mb "$hwm2") |"
echo "| after $LOGINS concurrent logins (for information, $login_secs s for all) | $(mb "$rss3") | $(mb "$hwm3") |"
echo "| after $fill_reqs distinct cache-missing requests (for information) | $(mb "$rss4") | $(mb "$hwm4") |"
echo
if ((hwm2 <= GOAL_KB)); then verdict=MET; res=PASS; else verdict=MISSED; res=FAIL; fi
echo "- Goal ≤ 150 MB resident (peak VmHWM through loading and the wrk run: $(mb "$hwm2") MB): $verdict."
if ((hwm3 > GOAL_KB)); then
  echo "- Note: $LOGINS concurrent logins raised the peak to $(mb "$hwm3") MB, above 150 MB (argon2id memory cost per login × concurrent logins)."
fi
echo "- With the read cache filled ($fill_reqs distinct URLs), VmRSS is $(mb "$rss4") MB$( ((rss4 > GOAL_KB)) && echo ', above 150 MB' || true)."
echo
echo "RESULT memory: $res"
