#!/usr/bin/env bash
# 双随机 draws recomputed independently of lakeguard's code (issue 10 §6): a real server makes
# a draw (commit, two witnesses, reveal); this script then recomputes the commitment, final_seed
# and both selections with coreutils' sha256sum, checks `lakeguard draw verify` accepts the
# published JSON and refuses a tampered copy, and loads the public verification page in headless
# Chromium, whose own JavaScript SHA-256 must reach the same verdict.
#
#   tests/scripts/draw_verify_test.sh path/to/lakeguard
set -euo pipefail
BIN="$1"
TMP="$(mktemp -d -t lakeguard-draw.XXXXXX)"
PID=""
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sha() { sha256sum | cut -d' ' -f1; }
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }

LAKEGUARD_DEMO_PASSWORD=draw-test-pw LAKEGUARD_LOG_LEVEL=warn \
  timeout 300 "$BIN" demo --db "$TMP/demo.sqlite" --listen 127.0.0.1:0 >"$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 600); do grep -q 'lakeguard is serving' "$TMP/out" 2>/dev/null && break; sleep 0.1; done
URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/out" | head -1)"
[[ -n "$URL" ]] || { cat "$TMP/err" >&2; fail "server did not start"; }

curl -sS -X POST -H 'Content-Type: application/json' \
  -d '{"username":"district","password":"draw-test-pw"}' "$URL/api/v1/auth/login" >"$TMP/login"
AUTH="Authorization: Bearer $(json "$TMP/login" 'd["token"]')"
post() { curl -sS -X POST -H "$AUTH" -H 'Content-Type: application/json' -d "$2" "$URL$1"; }
post /api/v1/inspections/draws '{"k":4,"m":3}' >"$TMP/draw"
ID="$(json "$TMP/draw" 'd["id"]')"
post "/api/v1/inspections/draws/$ID/witness" '{"name":"区纪委","entropy":"西湖 2026-12-06 晴"}' >/dev/null
post "/api/v1/inspections/draws/$ID/witness" '{"name":"企业代表","entropy":"a:b"}' >/dev/null
post "/api/v1/inspections/draws/$ID/reveal" '' >"$TMP/reveal"
[[ "$(json "$TMP/reveal" 'd["status"]')" == revealed ]] || fail "not revealed: $(cat "$TMP/reveal")"

SEED="$(json "$TMP/reveal" 'd["seed"]')"
# commitment = SHA-256 of the seed's 32 raw bytes (published before the witnesses wrote).
[[ "$(printf "$(sed 's/../\\x&/g' <<<"$SEED")" | sha)" == "$(json "$TMP/draw" 'd["commitment"]')" ]] \
  || fail "commitment is not SHA-256 of the seed"
FINAL="$(printf '%s' "$SEED:西湖 2026-12-06 晴:a:b" | sha)"
[[ "$FINAL" == "$(json "$TMP/reveal" 'd["final_seed"]')" ]] || fail "final_seed differs"
# The n smallest keys sha256(final_seed:e:id) / (…:i:id), compared as strings, in key order.
select_ids() {  # POOL_FIELD SIDE N
  for id in $(json "$TMP/reveal" "' '.join(str(m['id']) for m in d['$1'])"); do
    printf '%s %s\n' "$(printf '%s' "$FINAL:$2:$id" | sha)" "$id"
  done | LC_ALL=C sort | head -n "$3" | cut -d' ' -f2 | paste -sd,
}
[[ "$(select_ids pool_enterprises e 4)" == "$(json "$TMP/reveal" "','.join(str(m['id']) for m in d['selected_enterprises'])")" ]] \
  || fail "selected enterprises differ from the independent recomputation"
[[ "$(select_ids pool_inspectors i 3)" == "$(json "$TMP/reveal" "','.join(str(m['id']) for m in d['selected_inspectors'])")" ]] \
  || fail "selected inspectors differ from the independent recomputation"

"$BIN" draw verify "$TMP/reveal" >/dev/null || fail "lakeguard draw verify refused the published draw"
curl -sS "$URL/public/inspections" >"$TMP/public"
"$BIN" draw verify "$TMP/public" >/dev/null || fail "lakeguard draw verify refused the public list"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["witnesses"][0]["entropy"]+="x"; json.dump(d, open(sys.argv[2], "w"))' \
  "$TMP/reveal" "$TMP/tampered"
if "$BIN" draw verify "$TMP/tampered" >/dev/null; then fail "a changed witness text was accepted"; fi

# The public page recomputes with its own SHA-256 (no crypto.subtle on plain HTTP).
CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
if [[ -z "$CHROMIUM" ]]; then
  [[ "${LAKEGUARD_REQUIRE_BROWSER:-1}" == 1 ]] && fail "chromium not found"
else
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$TMP/chrome" \
    --virtual-time-budget=10000 --dump-dom "$URL/public/inspections/verify" 2>/dev/null >"$TMP/dom" || true
  grep -q 'class="ok verdict"' "$TMP/dom" || fail "the public page did not verify the draw"
  if grep -q 'class="bad verdict"' "$TMP/dom"; then fail "the public page found a mismatch"; fi
fi
echo "draw_verify_test: OK (draw $ID recomputed by sha256sum, lakeguard draw verify and Chromium)"
