#!/usr/bin/env bash
# Loopback load test: bare axum, tower-http's CorsLayer and cors-runtime serving the same routes
# (benches/load_server.rs: the quickstart's /users policy), driven by wrk on 127.0.0.1.
#
#   scripts/load-compare.sh                 # 3 rounds of 3 s per (stack, request kind)
#   ROUNDS=5 SECONDS_PER_RUN=5 scripts/load-compare.sh
#
# Each round runs every stack once for actual requests (GET with an allowed Origin) and once for
# preflights, interleaved so that a busy neighbour slows all stacks alike; the table shows the
# median req/s and p99 latency over the rounds and the ratio to bare axum (for preflights bare
# axum answers 405: there is no preflight to answer). Installs Debian's wrk if missing. The
# servers are killed when the script ends, whatever the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-3}"
connections="${CONNECTIONS:-32}"
base_port="${BASE_PORT:-18710}"
stacks=(bare tower-http cors-runtime)
origin="https://app.example.com"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'load-compare.sh: %s\n' "$*" >&2; exit 2; }

if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk (apt-get)"
  if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null; then as_root=(sudo)
  else die "wrk is missing and neither root nor sudo is available to install it"; fi
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 "${as_root[@]}" apt-get update -qq
  timeout 600 "${as_root[@]}" apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null 2>&1 || die "apt-get did not install wrk"
fi

say "building benches/load_server.rs (release)"
cargo build --release -q -p cors-bench --bin load-server
server="${CARGO_TARGET_DIR:-target}/release/load-server"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# wrk sends GET unless a script says otherwise.
cat >"$work/actual.lua" <<EOF
wrk.method = "GET"
wrk.headers["Origin"] = "$origin"
EOF
cat >"$work/preflight.lua" <<EOF
wrk.method = "OPTIONS"
wrk.headers["Origin"] = "$origin"
wrk.headers["Access-Control-Request-Method"] = "POST"
wrk.headers["Access-Control-Request-Headers"] = "content-type"
EOF

port_of() {
  local i
  for i in "${!stacks[@]}"; do
    if [ "${stacks[$i]}" = "$1" ]; then echo $((base_port + i)); return; fi
  done
  die "unknown stack $1"
}

for stack in "${stacks[@]}"; do
  port="$(port_of "$stack")"
  "$server" "$stack" "$port" >"$work/$stack.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/users" && break
    sleep 0.1
  done
  curl -fs -o /dev/null "http://127.0.0.1:$port/users" || die "$stack did not start: $(cat "$work/$stack.log")"
done

# Each stack must answer as expected before its figures mean anything.
for stack in "${stacks[@]}"; do
  port="$(port_of "$stack")"
  got="$(curl -s -o /dev/null -w '%{http_code}' -X OPTIONS "http://127.0.0.1:$port/users" \
    -H "Origin: $origin" -H 'Access-Control-Request-Method: POST' \
    -H 'Access-Control-Request-Headers: content-type')"
  case "$stack:$got" in
    bare:405 | tower-http:200 | cors-runtime:204) ;;
    *) die "$stack answered a preflight with $got" ;;
  esac
  acao="$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/users" -H "Origin: $origin" |
    tr -d '\r' | grep -i '^access-control-allow-origin:' || true)"
  if [ "$stack" != bare ] && [ -z "$acao" ]; then die "$stack did not allow $origin"; fi
done

# wrk's latency is printed as e.g. 1.23ms, 850.00us or 1.02s; convert to microseconds.
to_us() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") print n; else if (u == "ms") print n * 1000; else if (u == "s") print n * 1000000
    else print "nan" }'
}

for round in $(seq "$rounds"); do
  for kind in actual preflight; do
    for stack in "${stacks[@]}"; do
      port="$(port_of "$stack")"
      out="$(wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/$kind.lua" \
        "http://127.0.0.1:$port/users")"
      rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
      p99="$(to_us "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
      errors="$(awk '/Socket errors/ {print}' <<<"$out")"
      [ -z "$errors" ] || say "$stack $kind round $round: $errors"
      echo "$kind $stack $rps $p99" >>"$work/results"
      say "round $round/$rounds $kind $stack: $rps req/s, p99 ${p99} us"
    done
  done
done

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo
echo "Loopback, $rounds rounds of ${seconds}s per stack and kind, wrk -t1 -c$connections; medians (min-max req/s)"
echo
echo "| request | stack | req/s | p99 | req/s vs bare axum |"
echo "|---|---|---|---|---|"
for kind in actual preflight; do
  base="$(awk -v k="$kind" '$1 == k && $2 == "bare" {print $3}' "$work/results" | median)"
  for stack in "${stacks[@]}"; do
    rps_all="$(awk -v k="$kind" -v s="$stack" '$1 == k && $2 == s {print $3}' "$work/results")"
    rps="$(median <<<"$rps_all")"
    lo="$(sort -g <<<"$rps_all" | head -1)"
    hi="$(sort -g <<<"$rps_all" | tail -1)"
    p99="$(awk -v k="$kind" -v s="$stack" '$1 == k && $2 == s {print $4}' "$work/results" | median)"
    ratio="$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2fx", a / b}')"
    [ "$kind:$stack" = preflight:bare ] && ratio="(its 405)"
    printf '| %s | %s | %.0f (%.0f-%.0f) | %.0f us | %s |\n' "$kind" "$stack" "$rps" "$lo" "$hi" "$p99" "$ratio"
  done
done
tp="$(awk '$1 == "preflight" && $2 == "tower-http" {print $3}' "$work/results" | median)"
op="$(awk '$1 == "preflight" && $2 == "cors-runtime" {print $3}' "$work/results" | median)"
awk -v o="$op" -v t="$tp" 'BEGIN {printf "\npreflight throughput, cors-runtime / tower-http: %.2fx\n", o / t}'
