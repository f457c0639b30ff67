#!/usr/bin/env bash
# Load and faults over loopback, bounded in requests and time; stops by itself.
#
#   bash scripts/load-faults.sh            # LOAD_REQUESTS=1000000 per wrk run, LOAD_RUNS=3 runs
#
# 1. Builds the quickstart and load_target examples (release) and installs wrk (Debian) if missing.
# 2. Serves the quickstart on 127.0.0.1, runs wrk (2 threads, 64 connections) with
#    scripts/load-mix.lua (allowed/disallowed actual requests, allowed/refused preflights, a 405)
#    LOAD_RUNS times (default 3) for LOAD_REQUESTS requests each, and prints req/s, errors, the
#    status mix, wrong CORS answers and the server's RSS at start and after each run (1M, 2M, 3M).
# 3. Serves benches/load_target.rs and runs scripts/faults.py: half-sent requests, disconnects
#    mid-body, malformed header values, a panicking handler (bare, and behind CatchPanicLayer added
#    with CorsRouter::layer: a 500 with the route's CORS headers), while a wrk run keeps sending
#    the mix;
#    checks the server still answers normal requests correctly throughout.
# Exits non-zero if a server died, wrk saw a wrong CORS answer or a fault case failed.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${LOAD_REQUESTS:-1000000}
RUNS=${LOAD_RUNS:-3}
THREADS=2
CONNECTIONS=64
QUICKSTART_PORT=${QUICKSTART_PORT:-38080}
TARGET_PORT=${TARGET_PORT:-38081}

if ! command -v wrk >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk
fi
cargo build --release --example quickstart && cargo build --release -p cors-bench --bin load-target

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

start_server() { # binary-path name port; sets SERVER_PID
    PORT=$3 "$1" >"/tmp/load-faults-$2.log" 2>&1 &
    SERVER_PID=$!
    pids+=("$SERVER_PID")
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$3") 2>/dev/null; then return; fi
        sleep 0.1
    done
    echo "server $2 did not start" >&2
    exit 1
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
alive() { kill -0 "$1" 2>/dev/null || { echo "server $2 died" >&2; exit 1; }; }

status=0
echo "== load: quickstart, $THREADS threads, $CONNECTIONS connections, $RUNS x $REQUESTS requests"
start_server target/release/examples/quickstart quickstart "$QUICKSTART_PORT"
qs=$SERVER_PID
rss0=$(rss_kib "$qs")
# Warm-up is part of neither figure: the first connections allocate the server's buffers.
wrk -t1 -c4 -d1s "http://127.0.0.1:$QUICKSTART_PORT/health" >/dev/null
rss_warm=$(rss_kib "$qs")
per_thread=$(( REQUESTS / THREADS ))
rss_after=()
for run in $(seq "$RUNS"); do
    markers=$(mktemp -d)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d600s --timeout 5s -s scripts/load-mix.lua \
        "http://127.0.0.1:$QUICKSTART_PORT" -- "$per_thread" "$markers" >/tmp/load-faults-wrk.txt &
    wrk_pid=$!
    # wrk's main thread sleeps until -d: end it once every thread has met its quota.
    while kill -0 "$wrk_pid" 2>/dev/null; do
        if [ "$(find "$markers" -type f | wc -l)" -ge "$THREADS" ]; then
            kill -INT "$wrk_pid"
            break
        fi
        sleep 0.1
    done
    wait "$wrk_pid" || true
    rm -rf "$markers"
    out=$(cat /tmp/load-faults-wrk.txt)
    alive "$qs" quickstart
    line=$(grep '^RESULT' <<<"$out")
    echo "run $run: ${line#RESULT }"
    grep -q ' wrong_cors=0 ' <<<"$line" || status=1
    rss_after+=("after_run$run=$(rss_kib "$qs")")
done
echo "quickstart RSS (KiB): start=$rss0 after_warmup=$rss_warm ${rss_after[*]}"

echo "== faults: load_target"
start_server target/release/load-target load_target "$TARGET_PORT"
lt=$SERVER_PID
# Normal traffic while the fault cases run; it must see no error and no wrong answer.
wrk -t1 -c8 -d60s --timeout 5s -s scripts/load-mix.lua "http://127.0.0.1:$TARGET_PORT" -- 0 \
    >/tmp/load-faults-background.txt 2>&1 &
bg=$!
timeout 300 python3 scripts/faults.py "$TARGET_PORT" || status=1
wait "$bg" || true
echo "background traffic during faults: $(grep '^RESULT' /tmp/load-faults-background.txt | sed 's/^RESULT //')"
alive "$lt" load_target
echo "load_target RSS (KiB) after faults: $(rss_kib "$lt")"
grep -c 'panicked' "/tmp/load-faults-load_target.log" | sed 's/^/handler panics logged by the server: /'
exit $status
