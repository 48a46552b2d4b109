#!/usr/bin/env bash
# POST /api/v1/calc/major-hazard beside GET /api/v1/enterprises?page_size=50 on the same server in
# the same run (issue 8 item 7: the calculation sustains ≥ 0.5 × the list endpoint's req/s).
#
#   bench/calc_vs_list.sh                                   # 2 interleaved rounds of 10 s per case
#   BENCH_ROUNDS=1 BENCH_DURATION=3s bench/calc_vs_list.sh  # quick smoke run (~20 s)
#
# One `lakeguard demo` (1 I/O thread, 4 workers, LAKEGUARD_LOG_LEVEL=warn), as the demo admin
# with a bearer token. Cases:
#   list   GET /api/v1/enterprises?page_size=50 (after the first request: read-cache hits)
#   calc   POST /api/v1/calc/major-hazard with the issue's example body (3 substances), sent by a
#          wrk Lua script (method, body, Content-Type)
# Load: wrk -t2 -c64 -d10s --latency per case, after a 3 s warm-up each, rounds interleaved (the
# order alternates) because the machine is shared. Reported per case: req/s (median of rounds),
# p99, the server's CPU µs per request, non-2xx responses; then calc/list and the verdict.
# Markdown on stdout, progress on stderr; exit 0 even when the goal is missed (last line PASS or
# FAIL), non-zero only when the benchmark could not run.

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
require wrk curl python3 timeout

ROUNDS="${BENCH_ROUNDS:-2}"
DURATION="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
GOAL=0.5
LIST_PATH='/api/v1/enterprises?page_size=50'
CALC_PATH='/api/v1/calc/major-hazard'
CALC_BODY='{"substances":[{"name":"氯","quantity_t":5},{"cas":"7664-41-7","quantity_t":5},{"hazard_class":"W5.2","quantity_t":12}],"people_within_500m":0}'
CLK_TCK="$(getconf CLK_TCK)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

log "starting lakeguard demo (io_threads=1)"
start_lakeguard lg LAKEGUARD_IO_THREADS=1
TOKEN="$(login "$LG_URL")"

# Both answers once, checked: 200, and the calculation's figures.
list_status="$(curl -sS --max-time 10 -o "$BENCH_TMP/list.json" -w '%{http_code}' \
  -H "Authorization: Bearer $TOKEN" "${LG_URL%/}$LIST_PATH")"
[[ "$list_status" == 200 ]] || die "GET $LIST_PATH answered $list_status"
calc_status="$(curl -sS --max-time 10 -o "$BENCH_TMP/calc.json" -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary "$CALC_BODY" "${LG_URL%/}$CALC_PATH")"
[[ "$calc_status" == 200 ]] || die "POST $CALC_PATH answered $calc_status: $(cat "$BENCH_TMP/calc.json")"
python3 - "$BENCH_TMP/calc.json" <<'EOF' || die "unexpected calculation answer"
import json, sys
a = json.load(open(sys.argv[1]))
assert a["S"] == 1.74 and a["R"] == 2.62 and a["grade"] == 4, a
EOF
LIST_BYTES="$(stat -c %s "$BENCH_TMP/list.json")"
CALC_BYTES="$(stat -c %s "$BENCH_TMP/calc.json")"
log "list: 200, $LIST_BYTES bytes; calc: 200, $CALC_BYTES bytes"

cat >"$BENCH_TMP/list.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF
python3 - "$TOKEN" "$CALC_BODY" >"$BENCH_TMP/calc.lua" <<'EOF'
import json, sys
token, body = sys.argv[1], sys.argv[2]
print('wrk.method = "POST"')
print('wrk.headers["Authorization"] = "Bearer %s"' % token)
print('wrk.headers["Content-Type"] = "application/json"')
# A Lua long string holds the UTF-8 body as is.
print('wrk.body = [==[%s]==]' % body)
EOF

cpu_ticks() { sed 's/^.*) //' /proc/"$LG_PID"/stat | awk '{print $12 + $13}'; }
run_wrk() {  # CASE DURATION OUTFILE
  local url c0 c1
  if [[ "$1" == list ]]; then url="${LG_URL%/}$LIST_PATH"; else url="${LG_URL%/}$CALC_PATH"; fi
  c0="$(cpu_ticks)"
  timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$2" --latency -s "$BENCH_TMP/$1.lua" "$url" \
    >"$3" 2>&1 || { cat "$3" >&2; die "wrk failed on $1"; }
  c1="$(cpu_ticks)"
  echo "Server CPU: $((c1 - c0)) ticks of 1/$CLK_TCK s" >>"$3"
}

log "warm-up: 3 s per case"
for c in list calc; do run_wrk "$c" 3s "$BENCH_TMP/warmup-$c.txt"; done
for ((r = 1; r <= ROUNDS; r++)); do
  order=(list calc)
  ((r % 2 == 0)) && order=(calc list)
  for c in "${order[@]}"; do
    log "round $r/$ROUNDS: $c ($DURATION)"
    run_wrk "$c" "$DURATION" "$BENCH_TMP/$c.$r.txt"
  done
done

echo "## POST /api/v1/calc/major-hazard beside GET /api/v1/enterprises?page_size=50"
echo
echo "- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(machine_summary)"
echo "- Binary: $LG_BIN; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Load: wrk -t$THREADS -c$CONNS -d$DURATION --latency, $ROUNDS interleaved round(s) per case after a 3 s warm-up"
echo "- Answers: list 200, $LIST_BYTES bytes (50 items); calc 200, $CALC_BYTES bytes (S 1.74, R 2.62, 四级)"
echo
python3 - "$BENCH_TMP" "$ROUNDS" "$CLK_TCK" "$GOAL" <<'EOF'
import re, statistics, sys
d, rounds, hz, goal = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
unit = {"us": 1e-3, "ms": 1.0, "s": 1e3}
def parse(path):
    t = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    n = int(re.search(r"(\d+) requests in", t).group(1))
    m = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", t)
    p99 = float(m.group(1)) * unit[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    errs = re.search(r"Socket errors: (.*)", t)
    cpu = int(re.search(r"Server CPU: (\d+) ticks", t).group(1)) / hz
    return dict(rps=rps, n=n, p99=p99, bad=int(bad.group(1)) if bad else 0,
                errs=errs.group(1) if errs else "none", cpu_us=cpu / n * 1e6 if n else float("nan"))
res = {c: [parse(f"{d}/{c}.{r}.txt") for r in range(1, rounds + 1)] for c in ("list", "calc")}
print("| case | req/s median | rounds | p99 ms (median) | server CPU µs/req | non-2xx | socket errors |")
print("|---|---:|---|---:|---:|---:|---|")
med = {}
for c, label in (("list", "GET /api/v1/enterprises?page_size=50"), ("calc", "POST /api/v1/calc/major-hazard")):
    rs = res[c]
    med[c] = statistics.median(x["rps"] for x in rs)
    each = ", ".join("{:,.0f}".format(x["rps"]) for x in rs)
    p99 = statistics.median(x["p99"] for x in rs)
    cpu = statistics.median(x["cpu_us"] for x in rs)
    bad = sum(x["bad"] for x in rs)
    errs = "; ".join(x["errs"] for x in rs)
    print(f"| {label} | {med[c]:,.0f} | {each} | {p99:.2f} | {cpu:.1f} | {bad} | {errs} |")
ratio = med["calc"] / med["list"]
ok = ratio >= goal and all(x["bad"] == 0 for c in res for x in res[c])
print()
print(f"calc / list = **{ratio:.2f} ×** (goal ≥ {goal} ×, every response 2xx)")
print()
print(f"RESULT calc_vs_list: {'PASS' if ok else 'FAIL'}")
EOF
