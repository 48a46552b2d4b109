#!/usr/bin/env bash
# The kill -9 test of issue 9 item 8 (docs/monitor.md "Delivery guarantee"): a real Mosquitto on
# a free loopback port (persistence on), lakeguard subscribed with a persistent session, N QoS 1
# readings published by mosquitto_pub (which exits 0 only when the broker acknowledged them all);
# lakeguard is killed with SIGKILL midway, restarted, and then every reading must be stored
# exactly once: N rows, and the 1-minute and 1-hour roll-ups counting N (a repeat delivered after
# the crash adds nothing).
# Usage: tests/scripts/mqtt_kill9_test.sh path/to/lakeguard   (LAKEGUARD_KILL9_READINGS, default 50000)
set -euo pipefail
bin=${1:?usage: mqtt_kill9_test.sh LAKEGUARD_BIN}
n=${LAKEGUARD_KILL9_READINGS:-50000}
tmp=$(mktemp -d)
chmod 777 "$tmp"  # Mosquitto started as root runs as user mosquitto and writes its store here
broker="" server="" pub=""
cleanup() {
  for p in $pub $server $broker; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "mqtt_kill9_test: $*" >&2; for f in "$tmp"/err*; do tail -5 "$f" >&2 || true; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
count() { python3 - "$tmp/db.sqlite" "$1" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
print(c.execute(sys.argv[2]).fetchone()[0] or 0)
EOF
}

mport=$(free_port)
cat >"$tmp/mosquitto.conf" <<EOF
listener $mport 127.0.0.1
allow_anonymous true
persistence true
persistence_location $tmp/
max_queued_messages 0
log_dest file $tmp/mosquitto.log
EOF
mosquitto -c "$tmp/mosquitto.conf" 2>"$tmp/err.broker" &
broker=$!

LAKEGUARD_DEMO_PASSWORD=kill9-test-password LAKEGUARD_LOG_LEVEL=warn \
  "$bin" demo --db "$tmp/db.sqlite" --no-serve >/dev/null 2>"$tmp/err.demo" || fail "demo load failed"
code=$(python3 - "$tmp/db.sqlite" <<'EOF'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "SELECT code FROM devices WHERE kind = 'rain_gauge' ORDER BY id LIMIT 1").fetchone()[0])
EOF
)

serve() {  # $1: a tag for its output files
  LAKEGUARD_MQTT_URL="tcp://127.0.0.1:$mport" LAKEGUARD_MQTT_CLIENT_ID=lakeguard-kill9 \
    LAKEGUARD_LOG_LEVEL=warn "$bin" serve --db "$tmp/db.sqlite" --listen 127.0.0.1:0 \
    >"$tmp/out.$1" 2>"$tmp/err.$1" &
  server=$!
  local url=""
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out.$1" 2>/dev/null | head -1 || true)
    if [[ -n $url ]] && curl -fsS "$url/metrics" 2>/dev/null | grep -q '^lakeguard_mqtt_connected 1'; then
      return 0
    fi
    sleep 0.1
  done
  fail "lakeguard ($1) did not subscribe"
}

serve first
# A rain gauge: its readings also feed the built-in rainstorm rule (whose saved state is bounded,
# docs/alarms.md), so the alarm writes run beside the ingest as in production.
# Distinct timestamps one millisecond apart, ending 10 minutes ago.
t0=$(( $(date +%s) * 1000 - 600000 - n ))
python3 -c "
import sys
for i in range($n):
    sys.stdout.write('{\"ts\":%d,\"metric\":\"rain_mm\",\"value\":0.1}\n' % ($t0 + i))
" >"$tmp/payloads"
mosquitto_pub -h 127.0.0.1 -p "$mport" -V 5 -q 1 -i kill9-publisher \
  -t "lakeguard/v1/telemetry/$code" -l <"$tmp/payloads" 2>"$tmp/err.pub" &
pub=$!

# Kill lakeguard -9 once about a fifth is stored.
for _ in $(seq 1 600); do
  (( $(count "SELECT COUNT(*) FROM readings") >= n / 5 )) && break
  sleep 0.1
done
kill -9 "$server"
wait "$server" 2>/dev/null || true
at_kill=$(count "SELECT COUNT(*) FROM readings")
wait "$pub" || fail "mosquitto_pub failed (not every message acknowledged by the broker)"
pub=""
(( at_kill < n )) || fail "lakeguard had stored everything before the kill; raise LAKEGUARD_KILL9_READINGS"

serve second
for _ in $(seq 1 1200); do
  (( $(count "SELECT COUNT(*) FROM readings") >= n )) && break
  sleep 0.1
done
got=$(count "SELECT COUNT(*) FROM readings")
m=$(count "SELECT SUM(n) FROM readings_1m")
h=$(count "SELECT SUM(n) FROM readings_1h")
metrics=$(curl -fsS "$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out.second" | head -1)/metrics")
dups=$(awk '/^lakeguard_telemetry_duplicates_total/ {print $2}' <<<"$metrics")
recovered=$(awk '/^lakeguard_mqtt_recovered_total/ {print $2}' <<<"$metrics")
echo "mqtt_kill9_test: $n published (QoS 1, all acknowledged by the broker); $at_kill stored at the kill -9; after restart $got stored, roll-ups 1m $m, 1h $h; $recovered journalled messages stored at the restart; $dups repeats ignored"
[[ $got == "$n" ]] || fail "expected $n readings, found $got"
[[ $m == "$n" && $h == "$n" ]] || fail "roll-ups count 1m $m, 1h $h, expected $n"
# Everything stored: the journal holds nothing outstanding, its files are emptied or deleted.
jbytes=1
for _ in $(seq 1 50); do
  jbytes=$(cat "$tmp"/mqtt-journal/*.journal 2>/dev/null | wc -c)
  (( jbytes == 0 )) && break
  sleep 0.1
done
(( jbytes == 0 )) || fail "the journal still holds $jbytes bytes after everything was stored"
echo "mqtt_kill9_test: passed"
