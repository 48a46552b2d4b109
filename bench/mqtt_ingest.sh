#!/usr/bin/env bash
# QoS 1 ingest side by side (issue 9 item 9): the same N readings published at QoS 1 by
# mosquitto_pub -l to a Mosquitto on a free loopback port (persistence on), drained once by
# `mosquitto_sub -q 1 -C N` (the broker and a client alone) and once by lakeguard (each message
# committed to SQLite before its PUBACK). Prints readings/s of each and their ratio.
# Usage: bench/mqtt_ingest.sh path/to/lakeguard [N]   (default N = 20000)
set -euo pipefail
bin=${1:?usage: bench/mqtt_ingest.sh LAKEGUARD_BIN [N]}
n=${2:-20000}
tmp=$(mktemp -d)
chmod 777 "$tmp"
broker="" server="" sub=""
cleanup() {
  for p in $sub $server $broker; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
now() { date +%s.%N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=30).execute('SELECT COUNT(*) FROM readings').fetchone()[0])" "$tmp/db.sqlite"; }

mport=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location %s/\nmax_queued_messages 0\nlog_dest none\n' \
  "$mport" "$tmp" >"$tmp/mosquitto.conf"
mosquitto -c "$tmp/mosquitto.conf" &
broker=$!
sleep 0.5
LAKEGUARD_DEMO_PASSWORD=bench-password LAKEGUARD_LOG_LEVEL=warn \
  "$bin" demo --db "$tmp/db.sqlite" --no-serve >/dev/null
code=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT code FROM devices WHERE kind = 'rain_gauge' ORDER BY id LIMIT 1\").fetchone()[0])" "$tmp/db.sqlite")
t0=$(( $(date +%s) * 1000 - 600000 - n ))
python3 -c "
import sys
for i in range($n):
    sys.stdout.write('{\"ts\":%d,\"metric\":\"rain_mm\",\"value\":0.1}\n' % ($t0 + i))
" >"$tmp/payloads"
topic="lakeguard/v1/telemetry/$code"

# 1. mosquitto_sub alone.
mosquitto_sub -h 127.0.0.1 -p "$mport" -V 5 -q 1 -t "$topic" -C "$n" >/dev/null &
sub=$!
sleep 0.5
start=$(now)
mosquitto_pub -h 127.0.0.1 -p "$mport" -V 5 -q 1 -t "$topic" -l <"$tmp/payloads"
wait "$sub"
sub=""
sub_s=$(python3 -c "print($(now) - $start)")

# 2. lakeguard.
LAKEGUARD_MQTT_URL="tcp://127.0.0.1:$mport" LAKEGUARD_MQTT_CLIENT_ID=lakeguard-bench \
  LAKEGUARD_LOG_LEVEL=warn "$bin" serve --db "$tmp/db.sqlite" --listen 127.0.0.1:0 \
  >"$tmp/out" 2>"$tmp/err" &
server=$!
for _ in $(seq 1 300); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" 2>/dev/null | head -1 || true)
  [[ -n $url ]] && curl -fsS "$url/metrics" 2>/dev/null | grep -q '^lakeguard_mqtt_connected 1' && break
  sleep 0.1
done
start=$(now)
mosquitto_pub -h 127.0.0.1 -p "$mport" -V 5 -q 1 -t "$topic" -l <"$tmp/payloads"
while (( $(count) < n )); do sleep 0.05; done
lg_s=$(python3 -c "print($(now) - $start)")

python3 - "$n" "$sub_s" "$lg_s" <<'EOF'
import sys
n, sub, lg = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"readings: {n} QoS 1, one topic, payload {{\"ts\",\"metric\",\"value\"}}")
print(f"mosquitto_sub -q 1 alone: {sub:.2f} s, {n / sub:,.0f} readings/s")
print(f"lakeguard (SQLite, commit before PUBACK): {lg:.2f} s, {n / lg:,.0f} readings/s")
print(f"ratio lakeguard / mosquitto_sub: {sub / lg:.2f}")
EOF
