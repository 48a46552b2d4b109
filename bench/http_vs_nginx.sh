#!/usr/bin/env bash
# lakeguard's HTTP stack against nginx serving the same bytes from a file.
#
#   bench/http_vs_nginx.sh            # 3 interleaved rounds of 10 s per target (~3 min)
#   BENCH_ROUNDS=1 BENCH_DURATION=3s bench/http_vs_nginx.sh   # quick smoke run (~50 s)
#
# Targets (all on 127.0.0.1, ports chosen free at start):
#   nginx           1 worker process, serving the captured response of
#                   GET /api/v1/enterprises?page_size=50 as a static file, Content-Type as
#                   lakeguard's, access log off, keepalive_requests 10000 (as lakeguard).
#   lakeguard-io1   `lakeguard demo`, LAKEGUARD_IO_THREADS=1 (default), 4 worker threads
#                   (default); the like-for-like configuration the goal is judged on. The same
#                   URL every time, so after the first request lakeguard answers from its read
#                   cache (the run reports the cache hits and misses it counted).
#   lakeguard-io2   the same with LAKEGUARD_IO_THREADS=2 (for information).
#   lakeguard-io1-uncached  a second io1 server (`lakeguard serve`) on the io1 server's database
#                   with LAKEGUARD_READ_CACHE_MB=0: no read cache, so every request is what a
#                   cache miss costs (the list read after a write), the same URL and bytes
#                   (judged: ≥ 0.4 × nginx).
# lakeguard runs with LAKEGUARD_LOG_LEVEL=warn (no per-request access log). Every target gets
# the same Authorization header (nginx ignores it).
#
# Load: wrk -t2 -c64 -d10s --latency, rounds interleaved (the order rotates every round)
# because the machine is shared and noisy; medians and best rounds are reported, with each
# server's CPU time per request and the CPU used by other processes during each run.
# Goals (issue 7 §3): lakeguard-io1 (cached) req/s ≥ 0.8 × nginx, lakeguard-io1-uncached ≥ 0.4 ×
# nginx, both p99 ≤ 10 ms, and every
# lakeguard response 200.
# Prints Markdown on stdout; progress on stderr. Exit status 0 even when a goal is missed (the
# last line says PASS or FAIL); non-zero only if the benchmark itself could not run.

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
require wrk curl python3 timeout
NGINX="${NGINX:-/usr/sbin/nginx}"
[[ -x "$NGINX" ]] || die "nginx not found at $NGINX"

ROUNDS="${BENCH_ROUNDS:-3}"
DURATION="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PATH_Q='/api/v1/enterprises?page_size=50'
CLK_TCK="$(getconf CLK_TCK)"
W="$BENCH_TMP/wrk"
mkdir -p "$W"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# lua_script TOKEN EXPECT_LEN FILE
#   EXPECT_LEN>0: check every response (status exactly 200, body of that length) and print a
#   VERIFY line at the end; slows wrk down, so used only in the untimed check runs.
lua_script() {
  {
    echo "wrk.headers[\"Authorization\"] = \"Bearer $1\""
    cat <<'EOF'
local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end
EOF
    if [[ "$2" -gt 0 ]]; then
      cat <<EOF
function init(args) bad_status = 0; bad_length = 0; seen = 0 end
function response(status, headers, body)
  seen = seen + 1
  if status ~= 200 then bad_status = bad_status + 1 end
  if #body ~= $2 then bad_length = bad_length + 1 end
end
function done(summary, latency, requests)
  local s, bs, bl = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("seen"); bs = bs + t:get("bad_status"); bl = bl + t:get("bad_length")
  end
  io.write(string.format("VERIFY responses=%d not_200=%d wrong_length=%d\n", s, bs, bl))
end
EOF
    fi
  } >"$3"
}

# --- lakeguard ---------------------------------------------------------------------------------
log "starting lakeguard (io_threads=1), lakeguard (io_threads=2) and lakeguard without a read cache"
start_lakeguard lg-io1 LAKEGUARD_IO_THREADS=1
URL_IO1="$LG_URL"; PID_IO1="$LG_PID"
start_lakeguard lg-io2 LAKEGUARD_IO_THREADS=2
URL_IO2="$LG_URL"; PID_IO2="$LG_PID"
LG_SERVE_DB="$BENCH_TMP/lg-io1/demo.sqlite" start_lakeguard lg-nocache LAKEGUARD_IO_THREADS=1 LAKEGUARD_READ_CACHE_MB=0
URL_NC="$LG_URL"; PID_NC="$LG_PID"
TOKEN_IO1="$(login "$URL_IO1")"
TOKEN_IO2="$(login "$URL_IO2")"
TOKEN_NC="$(login "$URL_NC")"

# The exact bytes lakeguard answers, for nginx to serve.
WWW="$BENCH_TMP/www"
mkdir -p "$WWW/api/v1"
hdrs="$BENCH_TMP/lg-headers.txt"
curl -sS --max-time 10 -D "$hdrs" -o "$WWW/api/v1/enterprises" \
  -H "Authorization: Bearer $TOKEN_IO1" "${URL_IO1%/}$PATH_Q"
status="$(head -1 "$hdrs" | awk '{print $2}')"
[[ "$status" == 200 ]] || die "lakeguard answered $status to GET $PATH_Q"
ctype="$(awk -F': ' 'tolower($1)=="content-type"{sub(/\r$/,"",$2); print $2}' "$hdrs")"
BODY_BYTES="$(stat -c %s "$WWW/api/v1/enterprises")"
ITEMS="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$WWW/api/v1/enterprises")"
# The server without a cache reads the same database: it must answer the same body.
curl -sS --max-time 10 -o "$BENCH_TMP/uncached-body" -H "Authorization: Bearer $TOKEN_NC" \
  "${URL_NC%/}$PATH_Q"
cmp -s "$BENCH_TMP/uncached-body" "$WWW/api/v1/enterprises" \
  || die "the server without a read cache does not answer the same body"
chmod -R a+rX "$WWW"

lua_script "$TOKEN_IO1" 0 "$BENCH_TMP/io1.lua"
lua_script "$TOKEN_IO2" 0 "$BENCH_TMP/io2.lua"
lua_script "$TOKEN_NC" 0 "$BENCH_TMP/io1-uncached.lua"
log "response: 200, $ctype, $BODY_BYTES bytes, $ITEMS items"

# --- nginx -------------------------------------------------------------------------------------
NG="$BENCH_TMP/nginx"
mkdir -p "$NG/logs" "$NG/tmp"
NGINX_PORT="$(free_port)"
cat >"$NG/nginx.conf" <<EOF
# Generated by bench/http_vs_nginx.sh
daemon off;
master_process on;
worker_processes 1;
pid $NG/nginx.pid;
error_log $NG/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 60s;
  keepalive_requests 10000;
  server_tokens off;
  etag off;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  types { }
  default_type $ctype;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WWW;
    location / { }
  }
}
EOF
"$NGINX" -t -q -p "$NG" -e "$NG/logs/error.log" -c "$NG/nginx.conf" >&2 || die "bad nginx configuration"
timeout --signal=TERM --kill-after=10 "$BENCH_MAX_SECONDS" \
  "$NGINX" -p "$NG" -e "$NG/logs/error.log" -c "$NG/nginx.conf" >"$NG/logs/stdout" 2>&1 &
NGINX_WRAPPER=$!
BENCH_PIDS+=("$NGINX_WRAPPER")
URL_NGINX="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 100); do
  curl -s -o /dev/null --max-time 1 "$URL_NGINX/api/v1/enterprises" && break
  sleep 0.05
done
NGINX_MASTER="$(child_of "$NGINX_WRAPPER")" || die "no nginx master process"
NGINX_PIDS="$NGINX_MASTER $(cat /proc/"$NGINX_MASTER"/task/*/children)"
[[ "$(wc -w <<<"$NGINX_PIDS")" == 2 ]] || die "expected 1 nginx master + 1 worker, got: $NGINX_PIDS"
ng_len="$(curl -sS --max-time 5 -o "$BENCH_TMP/ng-body" -D "$BENCH_TMP/ng-headers.txt" -w '%{size_download}' "$URL_NGINX$PATH_Q")"
cmp -s "$BENCH_TMP/ng-body" "$WWW/api/v1/enterprises" || die "nginx does not serve the captured body"
ng_ctype="$(awk -F': ' 'tolower($1)=="content-type"{sub(/\r$/,"",$2); print $2}' "$BENCH_TMP/ng-headers.txt")"
[[ "$ng_ctype" == "$ctype" ]] || die "nginx content type '$ng_ctype' != '$ctype'"
log "nginx on port $NGINX_PORT serves the same $ng_len bytes as $ng_ctype"

# --- load --------------------------------------------------------------------------------------
TARGETS=(nginx lakeguard-io1 lakeguard-io2 lakeguard-io1-uncached)
target_url() {
  case "$1" in
    nginx) echo "$URL_NGINX$PATH_Q" ;;
    lakeguard-io1) echo "${URL_IO1%/}$PATH_Q" ;;
    lakeguard-io1-uncached) echo "${URL_NC%/}$PATH_Q" ;;
    lakeguard-io2) echo "${URL_IO2%/}$PATH_Q" ;;
  esac
}
target_base() {  # the lakeguard base URL (for /metrics), empty for nginx
  case "$1" in
    lakeguard-io1) echo "$URL_IO1" ;;
    lakeguard-io1-uncached) echo "$URL_NC" ;;
    lakeguard-io2) echo "$URL_IO2" ;;
  esac
}
target_script() {
  case "$1" in
    nginx | lakeguard-io1) echo "$BENCH_TMP/io1.lua" ;;
    lakeguard-io2) echo "$BENCH_TMP/io2.lua" ;;
    lakeguard-io1-uncached) echo "$BENCH_TMP/io1-uncached.lua" ;;
  esac
}
target_pids() {
  case "$1" in
    nginx) echo "$NGINX_PIDS" ;;
    lakeguard-io1) echo "$PID_IO1" ;;
    lakeguard-io1-uncached) echo "$PID_NC" ;;
    lakeguard-io2) echo "$PID_IO2" ;;
  esac
}
# CPU time (utime + stime, all threads, in clock ticks) used so far by the given processes.
cpu_ticks() {
  local t=0 p
  for p in "$@"; do
    t=$((t + $(sed 's/^.*) //' /proc/"$p"/stat | awk '{print $12 + $13}')))
  done
  echo "$t"
}
# Busy CPU ticks of the whole machine (user nice system irq softirq steal).
machine_busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# CPU seconds of this shell's finished children, from a file written by bash `times` (which must
# run in this shell, not in a $(…) subshell): its second line. Used for wrk's own CPU.
children_cpu() {
  awk 'NR == 2 {
    n = split($0, a, " "); s = 0
    for (i = 1; i <= n; i++) { split(a[i], b, "m"); sub(/s$/, "", b[2]); s += b[1] * 60 + b[2] }
    print s }' "$1"
}
# lakeguard metrics: "2xx 4xx 5xx hits misses" (counters).
lg_counters() {
  curl -sS --max-time 5 "${1}metrics" | awk '
    /^lakeguard_http_requests_total\{code="2xx"\}/ { s2 = $2 }
    /^lakeguard_http_requests_total\{code="4xx"\}/ { s4 = $2 }
    /^lakeguard_http_requests_total\{code="5xx"\}/ { s5 = $2 }
    /^lakeguard_read_cache_hits_total/ { h = $2 }
    /^lakeguard_read_cache_misses_total/ { m = $2 }
    END { printf "%d %d %d %d %d\n", s2, s4, s5, h, m }'
}
run_wrk() {  # TARGET DURATION OUTFILE
  local pids c0 c1 b0 b1 w0 w1 base m0 m1
  read -r -a pids <<<"$(target_pids "$1")"
  base="$(target_base "$1")"
  [[ -n "$base" ]] && m0="$(lg_counters "$base")"
  times >"$BENCH_TMP/times0"
  c0="$(cpu_ticks "${pids[@]}")"; b0="$(machine_busy)"
  timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$2" --latency -s "$(target_script "$1")" \
    "$(target_url "$1")" >"$3" 2>&1 || { cat "$3" >&2; die "wrk failed against $1"; }
  c1="$(cpu_ticks "${pids[@]}")"; b1="$(machine_busy)"
  times >"$BENCH_TMP/times1"
  w0="$(children_cpu "$BENCH_TMP/times0")"; w1="$(children_cpu "$BENCH_TMP/times1")"
  # Extra lines for wrk_report.py.
  echo "Server CPU: $((c1 - c0)) ticks of 1/$CLK_TCK s" >>"$3"
  awk -v b=$((b1 - b0)) -v s=$((c1 - c0)) -v w0="$w0" -v w1="$w1" -v hz="$CLK_TCK" \
    'BEGIN { printf "Other CPU: %.2f s (machine busy %.2f s, server %.2f s, wrk %.2f s)\n",
             b / hz - s / hz - (w1 - w0), b / hz, s / hz, w1 - w0 }' >>"$3"
  if [[ -n "$base" ]]; then
    m1="$(lg_counters "$base")"
    read -r a2 a4 a5 ah am <<<"$m0"
    read -r z2 z4 z5 zh zm <<<"$m1"
    echo "Lakeguard counted: 2xx $((z2 - a2)) 4xx $((z4 - a4)) 5xx $((z5 - a5)) cache hits $((zh - ah)) misses $((zm - am))" >>"$3"
  fi
}

log "warm-up: 3 s per target"
for t in "${TARGETS[@]}"; do run_wrk "$t" 3s "$BENCH_TMP/warmup-$t.out"; done

for ((r = 1; r <= ROUNDS; r++)); do
  for ((i = 0; i < ${#TARGETS[@]}; i++)); do
    t="${TARGETS[(i + r - 1) % ${#TARGETS[@]}]}"
    log "round $r/$ROUNDS: $t ($DURATION)"
    run_wrk "$t" "$DURATION" "$W/$t.$r.txt"
  done
done

# Light load, for information: what one request costs when the server is not saturated.
LIGHT="$BENCH_TMP/light"
mkdir -p "$LIGHT"
for t in "${TARGETS[@]}"; do
  log "light load: $t (wrk -t1 -c4 -d5s)"
  timeout 60 wrk -t1 -c4 -d5s --latency -s "$(target_script "$t")" "$(target_url "$t")" \
    >"$LIGHT/$t.1.txt" 2>&1 || { cat "$LIGHT/$t.1.txt" >&2; die "wrk failed against $t"; }
done

# Every response checked: status exactly 200 and the captured length (not timed).
log "response check: 3 s per lakeguard target with a per-response Lua check"
VERIFY=""
for t in lakeguard-io1 lakeguard-io2 lakeguard-io1-uncached; do
  case "$t" in
    lakeguard-io1) lua_script "$TOKEN_IO1" "$BODY_BYTES" "$BENCH_TMP/v.lua" ;;
    lakeguard-io2) lua_script "$TOKEN_IO2" "$BODY_BYTES" "$BENCH_TMP/v.lua" ;;
    lakeguard-io1-uncached) lua_script "$TOKEN_NC" "$BODY_BYTES" "$BENCH_TMP/v.lua" ;;
  esac
  line="$(timeout 60 wrk -t"$THREADS" -c"$CONNS" -d3s -s "$BENCH_TMP/v.lua" "$(target_url "$t")" 2>&1 | grep '^VERIFY' || true)"
  [[ -n "$line" ]] || die "the response check against $t printed nothing"
  VERIFY+="${line/VERIFY/$t:}"$'\n'
done

for p in "$PID_IO1" "$PID_IO2" "$PID_NC"; do
  kill -0 "$p" 2>/dev/null || die "a lakeguard server died during the run (pid $p)"
done
LG_LOG_LINES="$(cat "$BENCH_TMP"/lg-*/stderr | grep -cv '^$' || true)"

# --- report ------------------------------------------------------------------------------------
echo "## HTTP: lakeguard vs nginx"
echo
echo "- Request: \`GET $PATH_Q\` → 200, \`$ctype\`, $BODY_BYTES bytes ($ITEMS items); nginx serves the same bytes from a file."
echo "- Load: \`wrk -t$THREADS -c$CONNS -d$DURATION --latency -s auth.lua URL\`, $ROUNDS interleaved rounds per target after a 3 s warm-up each; all on 127.0.0.1, load generator on the same machine."
echo "- nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'): \`worker_processes 1\`, access log off, sendfile on, keepalive_requests 10000. lakeguard: \`demo\`, LAKEGUARD_LOG_LEVEL=warn, worker threads 4 (default), I/O threads 1 (io1) or 2 (io2); *uncached*: a second io1 server (\`lakeguard serve\`) on the same database with LAKEGUARD_READ_CACHE_MB=0, so every request goes to the store, as a cache miss (the list read after a write) does."
echo "- Machine: $(machine_summary); load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
python3 "$BENCH_DIR/wrk_report.py" "$W" >"$BENCH_TMP/report.md"
grep -v '^RESULT' "$BENCH_TMP/report.md"
RESULT="$(grep '^RESULT' "$BENCH_TMP/report.md")"
echo
echo "Light load, for information (\`wrk -t1 -c4 -d5s --latency\`, one run each; not judged):"
echo
python3 "$BENCH_DIR/wrk_report.py" --light "$LIGHT"
echo
echo "Per-response check (3 s runs with a Lua \`response()\` callback; status must be exactly 200 and length $BODY_BYTES):"
echo
printf '%s' "$VERIFY" | sed 's/^/- /'
echo
echo "Lines lakeguard wrote to stderr at warn level during the runs: $LG_LOG_LINES"
if grep -q 'not_200=[1-9]\|wrong_length=[1-9]' <<<"$VERIFY"; then
  RESULT="RESULT http_vs_nginx: FAIL (responses other than 200 / wrong length)"
fi
if [[ -n "${BENCH_KEEP_RAW:-}" ]]; then
  mkdir -p "$BENCH_KEEP_RAW"
  cp "$W"/*.txt "$BENCH_KEEP_RAW"/
  for f in "$LIGHT"/*.txt; do cp "$f" "$BENCH_KEEP_RAW/light-$(basename "$f")"; done
  sed "s|$BENCH_TMP|\$TMP|g" "$NG/nginx.conf" >"$BENCH_KEEP_RAW"/nginx.conf
  cat "$BENCH_TMP"/lg-io*/stderr >"$BENCH_KEEP_RAW"/lakeguard-stderr.txt 2>/dev/null || true
fi
echo
echo "$RESULT"
