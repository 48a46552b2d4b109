#!/usr/bin/env bash
# Time from starting `lakeguard demo` to GET /healthz answering 200.
#
#   bench/demo_startup.sh                 # 5 runs
#   BENCH_RUNS=10 bench/demo_startup.sh
#
# Each run starts `lakeguard demo --db FRESH.sqlite --listen 127.0.0.1:PORT` (fresh database
# file in a temporary directory, a port that was free a moment before), polls /healthz every
# 5 ms from the moment the process is spawned (a monotonic clock in Python), and records the
# time of the first 200. The server's own "ready in X.XXs" log line (measured inside the
# process from main() to the listening socket) is reported next to it, and so is the time the
# server takes to stop after SIGTERM. Goal (platform foundation, item 9): median ≤ 3 s.
# Prints Markdown on stdout; progress on stderr.

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
require python3 timeout
RUNS="${BENCH_RUNS:-5}"

python3 - "$LG_BIN" "$BENCH_TMP" "$RUNS" "$BENCH_PASSWORD" "$BENCH_MAX_SECONDS" <<'PY'
import http.client, os, re, signal, socket, statistics, subprocess, sys, time

lg, tmp, runs, password, max_s = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
GOAL_S = 3.0
signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def healthz(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=0.5)
        c.request("GET", "/healthz")
        st = c.getresponse().status
        c.close()
        return st
    except OSError:
        return None

rows = []
for i in range(1, runs + 1):
    port = free_port()
    d = os.path.join(tmp, f"run{i}")
    os.makedirs(d)
    env = dict(os.environ, LAKEGUARD_DEMO_PASSWORD=password, LAKEGUARD_LOG_LEVEL="info")
    err = open(os.path.join(d, "stderr"), "w")
    t0 = time.monotonic()
    p = subprocess.Popen(["timeout", "--signal=TERM", "--kill-after=10", max_s, lg, "demo",
                          "--db", os.path.join(d, "demo.sqlite"), "--listen", f"127.0.0.1:{port}"],
                         env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        first = None
        while time.monotonic() - t0 < 60:
            if healthz(port) == 200:
                first = time.monotonic() - t0
                break
            if p.poll() is not None:
                break
            time.sleep(0.005)
        ts = time.monotonic()
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=30)
        stop = time.monotonic() - ts
    finally:
        if p.poll() is None:
            p.kill(); p.wait()
        err.close()
    log = open(os.path.join(d, "stderr")).read()
    m = re.search(r"ready in ([\d.]+)s", log)
    ready = float(m.group(1)) if m else None
    if first is None:
        sys.stderr.write(log)
        sys.exit(f"run {i}: /healthz never answered 200 (exit {rc})")
    sys.stderr.write(f"[demo_startup] run {i}: /healthz 200 after {first:.3f} s, ready in {ready}s, stopped in {stop:.3f} s (exit {rc})\n")
    rows.append((i, first, ready, stop, rc))

med = statistics.median(r[1] for r in rows)
med_ready = statistics.median(r[2] for r in rows if r[2] is not None)
print("## Demo start-up")
print()
print(f"- Command: `lakeguard demo --db FRESH.sqlite --listen 127.0.0.1:PORT`, LAKEGUARD_LOG_LEVEL=info; "
      f"/healthz polled every 5 ms from spawn; {runs} runs, each with a new database file.")
print()
print("| run | spawn → /healthz 200 (s) | server's \"ready in\" (s) | SIGTERM → exit (s) | exit status |")
print("|---:|---:|---:|---:|---:|")
for i, first, ready, stop, rc in rows:
    print(f"| {i} | {first:.3f} | {ready if ready is not None else '?'} | {stop:.3f} | {rc} |")
print()
print(f"Median spawn → /healthz 200: **{med:.3f} s** (min {min(r[1] for r in rows):.3f}, max {max(r[1] for r in rows):.3f}); "
      f"median \"ready in\": {med_ready:.2f} s.")
print()
ok = med <= GOAL_S and all(r[4] == 0 for r in rows)
print(f"- Goal median ≤ {GOAL_S:g} s: {'MET' if med <= GOAL_S else 'MISSED'}; "
      f"clean exit on SIGTERM in every run: {'yes' if all(r[4] == 0 for r in rows) else 'NO'}.")
print()
print(f"RESULT demo_startup: {'PASS' if ok else 'FAIL'}")
PY
