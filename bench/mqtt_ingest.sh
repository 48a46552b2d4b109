#!/usr/bin/env bash
# MQTT ingest side by side (issue 9 item 9): how fast lakeguard drains a stream of N readings
# from Mosquitto, beside `mosquitto_sub` draining the very same stream from the same broker.
#
# Both subscribers first create a persistent session (mosquitto_sub -c -x, lakeguard's fixed
# client id and its shared subscription) and go away; the N readings are then published once (4
# mosquitto_pub -l in parallel, one rain gauge each, at QoS $QOS) and the broker queues them for both sessions
# (persistence on, no queue limit, QoS 0 queued too). Then each subscriber is started alone and
# timed until it has the N: mosquitto_sub -C N from its start; lakeguard from its first stored
# reading to the N-th (SQLite, WAL, synchronous=NORMAL; QoS 1 messages journalled before their
# PUBACK and stored in group commits). So the publisher's own speed is not measured. Same broker
# config for both: Mosquitto's default 20 messages in flight per client.
# Usage: bench/mqtt_ingest.sh path/to/lakeguard [N] [QOS]   (default N = 100000, QOS = 1)
set -euo pipefail
bin=${1:?usage: bench/mqtt_ingest.sh LAKEGUARD_BIN [N] [QOS]}
n=${2:-100000}
qos=${3:-1}
tmp=$(mktemp -d)
chmod 777 "$tmp"
broker="" server=""
cleanup() {
  for p in $server $broker; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
now() { date +%s.%N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=30).execute('SELECT COUNT(*) FROM readings').fetchone()[0])" "$tmp/db.sqlite"; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

mport=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location %s/\nmax_queued_messages 0\nqueue_qos0_messages true\nlog_dest none\n' \
  "$mport" "$tmp" >"$tmp/mosquitto.conf"
mosquitto -c "$tmp/mosquitto.conf" &
broker=$!
sleep 0.5
LAKEGUARD_DEMO_PASSWORD=bench-password LAKEGUARD_LOG_LEVEL=warn \
  "$bin" demo --db "$tmp/db.sqlite" --no-serve >/dev/null
# Four rain gauges, one publisher each, each gauge's readings in time order (as a gauge sends
# them: interleaving one gauge's readings from several publishers would make most of them late,
# and each late reading re-evaluates its rainstorm windows).
codes=$(python3 -c "import sqlite3,sys; print(' '.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT code FROM devices WHERE kind = 'rain_gauge' ORDER BY id LIMIT 4\")))" "$tmp/db.sqlite")
topic="lakeguard/v1/telemetry/+"
before=$(count)

serve() {
  LAKEGUARD_MQTT_URL="tcp://127.0.0.1:$mport" LAKEGUARD_MQTT_CLIENT_ID=lakeguard-bench \
    LAKEGUARD_LOG_LEVEL=warn "$bin" serve --db "$tmp/db.sqlite" --listen 127.0.0.1:0 \
    >"$tmp/out" 2>"$tmp/err" &
  server=$!
}
wait_subscribed() {
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" 2>/dev/null | head -1 || true)
    [[ -n $url ]] && curl -fsS "$url/metrics" 2>/dev/null | grep -q '^lakeguard_mqtt_connected 1' && return 0
    sleep 0.1
  done
  echo "lakeguard did not subscribe" >&2
  exit 1
}

# 1. The two sessions.
mosquitto_sub -h 127.0.0.1 -p "$mport" -V 5 -q 1 -c -i bench-sub -x 3600 -t "$topic" -E
serve
wait_subscribed
kill -TERM "$server"
wait "$server" || true
server=""

# 2. The stream, queued by the broker for both.
t0=$(( $(date +%s) * 1000 - 600000 - n ))
pubs=()
k=0
for code in $codes; do
  python3 -c "
import sys
for i in range($k, $n, 4):
    sys.stdout.write('{\"ts\":%d,\"metric\":\"rain_mm\",\"value\":0.1}\n' % ($t0 + i))
" >"$tmp/part.$k"
  mosquitto_pub -h 127.0.0.1 -p "$mport" -V 5 -q "$qos" -t "lakeguard/v1/telemetry/$code" -l <"$tmp/part.$k" &
  pubs+=($!)
  k=$((k + 1))
done
for p in "${pubs[@]}"; do wait "$p"; done

# 3. mosquitto_sub alone drains its queue.
start=$(now)
mosquitto_sub -h 127.0.0.1 -p "$mport" -V 5 -q 1 -c -i bench-sub -x 3600 -t "$topic" -C "$n" >/dev/null
sub_s=$(python3 -c "print($(now) - $start)")

# 4. lakeguard alone drains its queue: from the first stored reading to the N-th.
serve
lg=$(python3 - "$tmp/db.sqlite" "$before" "$n" <<'EOF'
import sqlite3, sys, time
db, before, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = sqlite3.connect(db, timeout=30)
first = None
deadline = time.time() + 600
while time.time() < deadline:
    k = c.execute("SELECT COUNT(*) FROM readings").fetchone()[0] - before
    t = time.time()
    if k > 0 and first is None:
        first, first_k = t, k
    if k >= n:
        print(f"{t - first:.3f} {first_k}")
        break
    time.sleep(0.005)
EOF
)
lg_s=${lg%% *}
first_k=${lg##* }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
metrics=$(curl -fsS "$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" | head -1)/metrics")
batches=$(awk '/^lakeguard_mqtt_batches_total/ {print $2}' <<<"$metrics")

python3 - "$n" "$qos" "$sub_s" "$lg_s" "$first_k" "$batches" "$load_before" "$load_after" <<'EOF'
import sys
n, qos, sub, lg, first_k, batches = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
drained = n - first_k  # readings stored after the first batch, in lg seconds
print(f"readings: {n} published at QoS {qos}, 4 rain gauges (one topic and publisher each), payload {{\"ts\",\"metric\",\"value\"}}, queued by the broker")
print(f"mosquitto_sub alone: {sub:.2f} s, {n / sub:,.0f} readings/s")
lg = max(lg, 0.005)
print(f"lakeguard (SQLite, journal + group commit): {lg:.2f} s after its first batch of {first_k}, {drained / lg:,.0f} readings/s, {batches} transactions")
print(f"ratio lakeguard / mosquitto_sub: {(drained / lg) / (n / sub):.2f}")
print(f"load average before: {sys.argv[7]}; after: {sys.argv[8]}")
EOF
