#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer, release), regenerates the seed corpora
# from Vectors/, runs each target for a given time and prints executions, exec/s and crashes.
#
#   bash FuzzTesting/run.sh [--seconds N] [--no-build] [--debug] TARGET... | all
#
# Each target runs single-process (no -jobs/-workers) for N seconds (default 60). When a target
# crashes, the input is kept in FuzzTesting/crashes/ and the target is started again for the rest
# of its time, so one crash does not end the session. Exits non-zero if any target crashed.
# The corpus a run grows is kept in FuzzTesting/corpora/<target>/ (git-ignored), so later runs
# start from it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ALL=(FuzzCBORStrict FuzzCBORUpstream FuzzMultiformats FuzzCapability FuzzChamp FuzzCryptree FuzzPKI FuzzPointer FuzzServerBodies)
SECONDS_PER_TARGET=60
BUILD=yes
CONFIG=release
TARGETS=()

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  echo "targets: ${ALL[*]}"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_PER_TARGET="${2:?--seconds needs a value}"; shift 2 ;;
    --seconds=*) SECONDS_PER_TARGET="${1#--seconds=}"; shift ;;
    --no-build) BUILD=no; shift ;;
    --debug) CONFIG=debug; shift ;;
    -h|--help) usage; exit 0 ;;
    all) TARGETS+=("${ALL[@]}"); shift ;;
    -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *)
      found=no
      for t in "${ALL[@]}"; do [[ "$t" == "$1" ]] && found=yes; done
      [[ $found == yes ]] || { echo "run.sh: unknown target $1" >&2; usage >&2; exit 2; }
      TARGETS+=("$1"); shift ;;
  esac
done
[[ ${#TARGETS[@]} -gt 0 ]] || { usage >&2; exit 2; }
[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --seconds must be a positive integer" >&2; exit 2; }

cd "$HERE"
mkdir -p crashes corpora logs
# Pin the dependency versions to the root package's (Package.resolved is git-ignored here).
[[ -f Package.resolved ]] || cp ../Package.resolved Package.resolved
if [[ $BUILD == yes ]]; then
  echo "== building ($CONFIG, fuzzer + address sanitizers; log in FuzzTesting/logs/build.log)"
  # The recipe that links on Swift 6.3 (../shared/research/SURVEY.md, finding 7), plus
  # `-Xswiftc -sanitize=fuzzer,address`: SwiftPM passes `-sanitize=fuzzer -sanitize=address` as two
  # flags and swiftc keeps only the last, so without it the code has ASan but no coverage
  # instrumentation and libFuzzer fuzzes blind ("Is the code instrumented for coverage?").
  if ! swift build -c "$CONFIG" --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
      >logs/build.log 2>&1; then
    tail -40 logs/build.log >&2
    echo "run.sh: build failed" >&2
    exit 2
  fi
fi
BIN="$HERE/.build/$CONFIG"
[[ -d "$BIN" ]] || BIN="$(ls -d "$HERE"/.build/*-*/"$CONFIG" 2>/dev/null | head -1)"

echo "== seed corpora"
python3 "$HERE/make-corpora.py" "$HERE/corpora" | tail -1

total_execs=0
total_crashes=0
printf '\n%-18s %8s %14s %10s %8s\n' target seconds executions exec/s crashes
results=()
for target in "${TARGETS[@]}"; do
  [[ -x "$BIN/$target" ]] || { echo "run.sh: $BIN/$target is not built" >&2; exit 2; }
  # Refuse to fuzz blind: the binary must carry libFuzzer's coverage counters.
  if ! objdump -h "$BIN/$target" | grep -q __sancov_cntrs; then
    echo "run.sh: $target has no coverage instrumentation (__sancov_cntrs); rebuild with the recipe above" >&2
    exit 2
  fi
  mkdir -p "corpora/$target"
  execs=0
  crashes=0
  start=$(date +%s)
  runs=0
  log="logs/$target.log"
  : >"$log"
  while :; do
    now=$(date +%s)
    left=$(( SECONDS_PER_TARGET - (now - start) ))
    (( left > 0 )) || break
    runs=$((runs + 1))
    before=$(ls crashes | grep -c "^$target-" || true)
    set +e
    # SWIFT_BACKTRACE: the Swift runtime's own crash handler would otherwise race ASan's report.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:handle_abort=1" \
      "$BIN/$target" "corpora/$target" -max_total_time="$left" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="crashes/$target-" >>"$log" 2>&1
    rc=$?
    set -e
    n=$(grep -a '^stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}')
    execs=$(( execs + ${n:-0} ))
    # Mark the stats line as counted so a restart does not count it twice.
    sed -i 's/^stat::number_of_executed_units:/stat::counted_executed_units:/' "$log"
    after=$(ls crashes | grep -c "^$target-" || true)
    if (( rc != 0 )); then
      crashes=$(( crashes + (after > before ? after - before : 1) ))
      # A crashing input that is also in the corpus would crash every restart at once: move it
      # out (libFuzzer names both by the SHA-1 of the contents).
      for f in crashes/"$target"-*; do
        [[ -e "$f" ]] || continue
        rm -f "corpora/$target/${f##*-}"
      done
      echo "   $target: crash (exit $rc), input in FuzzTesting/crashes/; see FuzzTesting/$log" >&2
      (( runs < 50 )) || break
    else
      break
    fi
  done
  elapsed=$(( $(date +%s) - start ))
  rate=$(( execs / (elapsed > 0 ? elapsed : 1) ))
  printf '%-18s %8d %14d %10d %8d\n' "$target" "$elapsed" "$execs" "$rate" "$crashes"
  total_execs=$(( total_execs + execs ))
  total_crashes=$(( total_crashes + crashes ))
done
printf '%-18s %8s %14d %10s %8d\n' total "" "$total_execs" "" "$total_crashes"
(( total_crashes == 0 ))
