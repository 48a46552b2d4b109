#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, Ninja, ccache) and runs each for a bounded
# time. Usage: tests/fuzz/run.sh [seconds-per-target] [target…]   (default 30 s, all targets)
#
# Seeds are read from tests/fuzz/corpus/<target>/ (never written), with tests/fuzz/<target>.dict as
# the dictionary; inputs the fuzzer discovers go to build/fuzz/fuzz-work/corpus/<target>/, crashes
# to build/fuzz/fuzz-work/artifacts/ and logs to build/fuzz/fuzz-work/logs/. The mutation seed is
# fixed (LAKEGUARD_FUZZ_SEED, default 1) so a CI run explores the same inputs first and a finding
# can be replayed; LAKEGUARD_FUZZ_SEED=0 lets libFuzzer pick a random seed for exploratory runs.
# Exit status: 0 when every target ran clean, 1 when any target found a
# crash, leak, timeout or OOM (or did not run), 2 on a usage or build error.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-30}"
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(fuzz_json_body fuzz_csv fuzz_query fuzz_live)
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -lt 1 ]]; then
  echo "usage: $0 [seconds-per-target] [target…]" >&2
  exit 2
fi

cd "$root" || exit 2
build="$root/build/fuzz"
work="$build/fuzz-work"

mkdir -p "$build"
echo "== configure + build (preset fuzz)"
if ! cmake --preset fuzz >"$build/configure.log" 2>&1; then
  cat "$build/configure.log" >&2
  echo "run.sh: configure failed" >&2
  exit 2
fi
if ! cmake --build --preset fuzz --target "${targets[@]}"; then
  echo "run.sh: build failed" >&2
  exit 2
fi

mkdir -p "$work/logs" "$work/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/$t"
  seeds="$root/tests/fuzz/corpus/$t"
  corpus="$work/corpus/$t"
  log="$work/logs/$t.log"
  dict=()
  [[ -f "$root/tests/fuzz/$t.dict" ]] && dict=(-dict="$root/tests/fuzz/$t.dict")
  mkdir -p "$corpus"
  echo "== $t (${seconds}s)"
  "$bin" "$corpus" "$seeds" \
    -seed="${LAKEGUARD_FUZZ_SEED:-1}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=5 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" "${dict[@]}" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
  units=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | sed 's/corp: //')
  status="ok"
  detail=""
  if [[ $rc -ne 0 ]]; then
    failed=1
    artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')
    kind=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-zA-Z -]+|runtime error: .*|lakeguard fuzz property violated: .*' "$log" | head -1)
    status="FAIL"
    detail=" | rc=$rc ${kind:-see log}${artifact:+ input=$artifact} log=$log"
    echo "---- last lines of $log" >&2
    tail -n 60 "$log" >&2
  fi
  summary+=("$(printf '%-16s %-4s runs=%s exec/s=%s %s corpus=%s peak_rss=%sMB' \
    "$t" "$status" "${runs:-?}" "${eps:-?}" "${cov:-cov: ?}" "${units:-?}" "${rss:-?}")$detail")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
