#!/usr/bin/env bash
# Load test of `kojo serve` on loopback: the dashboard of a synthetic 1,000-asset factory
# (kojo-synth) under wrk with 100 concurrent connections. Target: p99 under 100 ms, no errors.
#   ASSETS=1000 CONN=100 DURATION=20s ./scripts/bench-web.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ASSETS=${ASSETS:-1000}
CONN=${CONN:-100}
DURATION=${DURATION:-20s}
PORT=${PORT:-18950}
TARGET=${CARGO_TARGET_DIR:-target}

if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
echo "== building (release)"
cargo build --release -q -p kojo-cli
cargo build --release -q -p kojo-web --example bench_setup

DATA=$(mktemp -d)
cleanup() {
  [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
FID=$("$TARGET/release/examples/bench_setup" "$DATA" "$ASSETS")
"$TARGET/release/kojo" serve --data "$DATA" --listen "127.0.0.1:$PORT" >/dev/null &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE/login" && break; sleep 0.1; done

JAR="$DATA/cookies"
curl -fs -o /dev/null -c "$JAR" -H "Origin: $BASE" -d "username=bench&password=bench-password" "$BASE/login"
COOKIE=$(awk '$6 == "kojo_session" {print $7}' "$JAR")
[[ -n "$COOKIE" ]] || { echo "login failed"; exit 1; }
echo "== first dashboard request (assesses the model and caches the result)"
curl -s -o /dev/null -b "$JAR" -w "status %{http_code}, %{time_total} s, %{size_download} bytes\n" "$BASE/f/$FID"
curl -s -o /dev/null -b "$JAR" -w "second request: status %{http_code}, %{time_total} s\n" "$BASE/f/$FID"
echo "== wrk: $CONN connections, $DURATION, dashboard of a $ASSETS-asset factory"
wrk -t2 -c"$CONN" -d"$DURATION" --latency -H "Cookie: kojo_session=$COOKIE" "$BASE/f/$FID"
