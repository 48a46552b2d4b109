#!/usr/bin/env bash
# Runs the three benchmarks in turn and writes a dated results block.
#
#   bench/run-all.sh                  # → bench/results/YYYY-MM-DD_HHMMSS.md (+ …-raw/)
#   BENCH_RESULTS=/tmp/r.md bench/run-all.sh
#
# Takes about 4 minutes. Each script cleans up its own servers and temporary files.
# The block is also printed on stdout. Exit status: 0 if every script ran (goals met or not),
# 1 if one of them could not run.

set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
LG_BIN="${LAKEGUARD_BIN:-$REPO_DIR/build/release/src/app/lakeguard}"
STAMP="$(date -u +%Y-%m-%d_%H%M%S)"
OUT="${BENCH_RESULTS:-$BENCH_DIR/results/$STAMP.md}"
RAW="${OUT%.md}-raw"
mkdir -p "$(dirname "$OUT")"

model="$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
mem="$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
rev="$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
dirty="$(git -C "$REPO_DIR" status --porcelain 2>/dev/null | grep -q . && echo ' (working tree has uncommitted changes)' || true)"

{
  echo "# lakeguard benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Machine: $(nproc) cores (nproc), $model, $mem RAM, $(uname -sr); shared with other work, so figures are noisy."
  echo "- Binary: \`$LG_BIN\` (modified $(date -u -r "$LG_BIN" '+%Y-%m-%d %H:%M UTC')); source $rev$dirty."
  echo "- Tools: $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*nginx\///'), $(python3 --version)."
  echo "- Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
} >"$OUT"

status=0
for s in http_vs_nginx demo_startup memory; do
  echo "[run-all] $s" >&2
  if [[ "$s" == http_vs_nginx ]]; then
    BENCH_KEEP_RAW="$RAW" "$BENCH_DIR/$s.sh" >>"$OUT" || { echo "(**$s could not run**)" >>"$OUT"; status=1; }
  else
    "$BENCH_DIR/$s.sh" >>"$OUT" || { echo "(**$s could not run**)" >>"$OUT"; status=1; }
  fi
  echo >>"$OUT"
done

{
  echo "## Summary"
  echo
  grep '^RESULT' "$OUT" | sed 's/^RESULT /- /'
  echo
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg). Raw wrk outputs and the nginx configuration: \`$(basename "$RAW")/\`."
} >>"$OUT.tmp"
cat "$OUT.tmp" >>"$OUT"
rm -f "$OUT.tmp"
cat "$OUT"
echo "[run-all] wrote $OUT" >&2
exit "$status"
