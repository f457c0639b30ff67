#!/usr/bin/env bash
# Runs every fuzz target (or those named as arguments) one after the other, each until it has
# executed FUZZ_RUNS inputs (default 10 million) or FUZZ_SECONDS have passed (default 900), and
# prints the executions and the rate of each. Not part of CI: it costs minutes per target.
#
#   bash fuzz/run.sh                       # all targets
#   FUZZ_SECONDS=60 bash fuzz/run.sh origin
#
# Needs the nightly toolchain (libFuzzer's instrumentation); installs cargo-fuzz if missing.
# One process per target (no -jobs/-workers): the machine's cores are shared. Built without a
# sanitizer (`-s none`, safe Rust; debug assertions stay on) for throughput. New inputs go to
# fuzz/corpus/<target> (not checked in), the checked-in seeds are read from fuzz/seeds/<target>.
# A finding is saved under fuzz/artifacts/<target>/ and makes the script exit non-zero;
# reproduce it with `cargo +nightly fuzz run -s none <target> <artifact>`.
set -euo pipefail
cd "$(dirname "$0")"

RUNS=${FUZZ_RUNS:-10000000}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-900}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(origin request_headers decision)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
    exit 1
fi

cargo +nightly fuzz build -s none
mkdir -p logs
status=0
summary=()
for target in "${TARGETS[@]}"; do
    mkdir -p "corpus/$target"
    log="logs/$target.log"
    echo "== $target: up to $RUNS executions or $SECONDS_PER_TARGET s"
    start=$(date +%s)
    if cargo +nightly fuzz run -s none "$target" "corpus/$target" "seeds/$target" -- \
        -runs="$RUNS" -max_total_time="$SECONDS_PER_TARGET" -max_len=4200 \
        -print_final_stats=1 >"$log" 2>&1; then
        outcome="no finding"
    else
        outcome="FINDING (see $log and artifacts/$target/)"
        status=1
    fi
    elapsed=$(( $(date +%s) - start ))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    execs=${execs:-0}
    rate=$(( execs / (elapsed > 0 ? elapsed : 1) ))
    line="$target: $execs executions in ${elapsed} s ($rate/s), $outcome"
    echo "$line"
    summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
