#!/usr/bin/env bash
# Real-browser CORS conformance suite: installs what it needs, builds and starts
# `examples/conformance.rs` on 127.0.0.1:8701 and `examples/isolation.rs` (CORP, COOP, COEP) on
# 127.0.0.1:8703, runs every case in headless Chromium, then replays every CORS case through the
# browser model (`examples/model_agreement.rs`), which must agree.
#
#   tests/browser/run.sh                # all cases
#   tests/browser/run.sh 4 9c iso-2h    # only these cases
#
# Needs: Rust, Node >= 20, and either /usr/bin/chromium or root/sudo to `apt-get install chromium`.
# Exits non-zero if anything fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${CONFORMANCE_PORT:-8701}"
export CONFORMANCE_PORT="$port"

say() { printf '== %s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }

# --- Chromium: Debian's package; test tools cannot download a browser here.
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium (apt-get)"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    die "/usr/bin/chromium is missing and neither root nor sudo is available to install it"
  fi
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 "${as_root[@]}" apt-get update -qq
  timeout 900 "${as_root[@]}" apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] || die "apt-get did not install /usr/bin/chromium"
fi

command -v node >/dev/null 2>&1 || die "node is required"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' ||
  die "node >= 20 is required (found $(node --version))"

# --- playwright-core, exactly as locked; it never downloads a browser.
say "npm ci (tests/browser)"
(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 npm ci --no-audit --no-fund --loglevel=error)

# --- the server under test.
say "cargo build --example conformance --example isolation --example model_agreement"
(cd "$root" && cargo build --quiet --example conformance --example isolation --example model_agreement)
target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
server_bin="$target_dir/debug/examples/conformance"
[ -x "$server_bin" ] || die "built server not found at $server_bin"
isolation_bin="$target_dir/debug/examples/isolation"
[ -x "$isolation_bin" ] || die "built isolation server not found at $isolation_bin"
model_bin="$target_dir/debug/examples/model_agreement"
[ -x "$model_bin" ] || die "built browser-model check not found at $model_bin"

# Another process on these ports would be tested instead of ours (or would break the pages).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$port" 8700 8702 8703; do
  if port_busy "$p"; then die "port $p on 127.0.0.1 is already in use; stop whatever listens there"; fi
done

server_log="$(mktemp -t cors-conformance-server.XXXXXX)"
isolation_log="$(mktemp -t cors-isolation-server.XXXXXX)"
# What Chromium did with every request, replayed through the browser model afterwards.
export AGREEMENT_FILE="$(mktemp -t cors-conformance-agreement.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$server_log" "$isolation_log" "$AGREEMENT_FILE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME BIN PORT LOG: starts BIN in the background and waits (30 s at most) until it listens.
start() {
  local name="$1" bin="$2" port="$3" log="$4" pid
  say "starting $bin on 127.0.0.1:$port"
  "$bin" >"$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  local deadline=$((SECONDS + 30))
  until port_busy "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2
      die "the $name server exited before listening"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      cat "$log" >&2
      die "the $name server did not listen on 127.0.0.1:$port within 30 s"
    fi
    sleep 0.2
  done
}
start conformance "$server_bin" "$port" "$server_log"
# Its port is fixed: its CORS policy names the page origin http://localhost:8703.
start isolation "$isolation_bin" 8703 "$isolation_log"

say "running the cases in headless Chromium"
status=0
(cd "$here" && timeout 150 node conformance.mjs "$@") || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- conformance server output ---"
  tail -n 60 "$server_log"
  echo "--- isolation server output ---"
  tail -n 40 "$isolation_log"
fi

# The browser model (cors_runtime::testing) must reach Chromium's verdict on every CORS case; the
# isolation cases are listed as excluded (the model covers CORS reads only).
# Only isolation cases selected: the model has nothing to replay (and would fail on zero requests).
cors_selected=$(($# == 0))
for id in "$@"; do
  case "$id" in iso-*) ;; *) cors_selected=1 ;; esac
done
say "replaying the cases through the browser model"
if [ "$cors_selected" -eq 0 ]; then
  echo "only isolation cases selected: nothing for the browser model to replay"
elif [ -s "$AGREEMENT_FILE" ]; then
  timeout 120 "$model_bin" "$AGREEMENT_FILE" || { model_status=$?; [ "$status" -ne 0 ] || status=$model_status; }
else
  echo "run.sh: the suite wrote no agreement file ($AGREEMENT_FILE)" >&2
  [ "$status" -ne 0 ] || status=2
fi
exit "$status"
