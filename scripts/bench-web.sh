#!/usr/bin/env bash
# Load test of `kojo serve` on loopback (issue #17), on SQLite and on PostgreSQL: a synthetic
# factory of ASSETS assets (kojo-synth), wrk with CONN connections for DURATION per phase.
#   1. warm: the dashboard and the assessment page, caches filled;
#   2. right after a save (through the API): the same pages, wrk started at once, so the new
#      version's assessment is computed while CONN viewers ask for it;
#   3. during a flood of wrong-password logins for the admin from another loopback address
#      (127.0.0.2; then from FLOOD_ADDRESSES addresses), another user's dashboard; then the
#      admin logs in from 127.0.0.1.
# Per phase: requests/s, p50, p99, max, errors; the server's peak RSS (VmHWM, reset per phase
# through /proc/PID/clear_refs). Targets: p99 < 100 ms warm; right after a save p99 < 1 s and
# peak RSS < 2x the warm peak; during a flood, the other user's p99 < 200 ms.
#   ASSETS=1000 CONN=100 DURATION=10s ./scripts/bench-web.sh
#   BACKENDS=sqlite ASSETS=10000 ./scripts/bench-web.sh     (one backend only)
# PostgreSQL: KOJO_BENCH_PG_URL, else KOJO_TEST_PG_URL, else target/kojo-test-pg-url (a
# schema of its own is created and dropped); skipped with a message when there is none.
set -euo pipefail
cd "$(dirname "$0")/.."
ASSETS=${ASSETS:-1000}
CONN=${CONN:-100}
DURATION=${DURATION:-10s}
PORT=${PORT:-18950}
FLOOD_CONN=${FLOOD_CONN:-50}
FLOOD_ADDRESSES=${FLOOD_ADDRESSES:-50}
BACKENDS=${BACKENDS:-sqlite postgres}
TARGET=${CARGO_TARGET_DIR:-target}
SECS=${DURATION%s}
PG_URL=${KOJO_BENCH_PG_URL:-${KOJO_TEST_PG_URL:-$(cat "$TARGET/kojo-test-pg-url" 2>/dev/null || true)}}

need() {
  command -v "$1" >/dev/null && return
  echo "== installing $1"
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq "$1" >/dev/null; else sudo apt-get install -y -qq "$1" >/dev/null; fi
}
need wrk
need jq
echo "== building (release)"
cargo build --release -q -p kojo-cli
cargo build --release -q -p kojo-web --example bench_setup --example bench_flood
SETUP="$TARGET/release/examples/bench_setup"
FLOOD="$TARGET/release/examples/bench_flood"

WORK=$(mktemp -d)
SERVER=""
SCHEMA=""
cleanup() {
  if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [[ -n "$SCHEMA" ]]; then "$SETUP" --drop-schema "$PG_URL" "$SCHEMA" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

BASE="http://127.0.0.1:$PORT"
# The flood client runs on the same machine: its CPU time is printed beside its figures.
TIMER=()
[[ -x /usr/bin/time ]] && TIMER=(/usr/bin/time -f "login flood client CPU: %U s user + %S s system in %e s")

# The peak RSS since the last reset, in MB; then starts a new peak.
peak_mb() {
  local kb
  kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER/status")
  echo 5 >"/proc/$SERVER/clear_refs"
  echo $((kb / 1024))
}

# wrk against PATH with session COOKIE; prints one line: LABEL req/s p50 p99 max errors.
run_wrk() {
  local label=$1 path=$2 cookie=$3 out
  out=$(wrk -t2 -c"$CONN" -d"$DURATION" --timeout 10s --latency -H "Cookie: kojo_session=$cookie" "$BASE$path")
  echo "$out" >>"$WORK/wrk.log"
  echo "$out" | awk -v label="$label" '
    $1 == "Latency" && NF >= 4 { max = $4 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { sock = $0; sub(/.*Socket errors: /, "", sock) }
    END {
      err = (non2xx == "" ? 0 : non2xx) " non-2xx"
      if (sock != "") err = err ", socket errors " sock
      printf "  %-44s %8s req/s   p50 %9s   p99 %9s   max %9s   %s\n", label, rps, p50, p99, max, err
    }'
}

login() { # USER PASSWORD -> session cookie
  local jar="$WORK/jar-$1"
  curl -fs -o /dev/null -c "$jar" -H "Origin: $BASE" --data-urlencode "username=$1" --data-urlencode "password=$2" "$BASE/login"
  awk '$6 == "kojo_session" {print $7}' "$jar"
}

# Saves the model again through the API (a comment added: a new version, a new assessment).
save() {
  local cookie=$1 n=$2
  curl -fs -H "Cookie: kojo_session=$cookie" "$BASE/api/v1/factories/$FID/model" |
    jq --arg n "$n" '{yaml: (.yaml + "\n# bench save " + $n + "\n"), base_version: .version, note: "bench save"}' |
    curl -fs -o /dev/null -w "  save $n through the API: status %{http_code}, %{time_total} s\n" -X PUT \
      -H "Cookie: kojo_session=$cookie" -H "Origin: $BASE" -H "Content-Type: application/json" \
      --data-binary @- "$BASE/api/v1/factories/$FID/model"
}

bench() { # NAME DATABASE_URL (empty: SQLite in a data directory)
  local name=$1 url=$2 data="$WORK/$1"
  echo "== $name: $ASSETS assets, $CONN connections, $DURATION per phase (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  if [[ -n "$url" ]]; then
    FID=$("$SETUP" "$data" "$ASSETS" "$url")
    "$TARGET/release/kojo" serve --database "$url" --listen "127.0.0.1:$PORT" >"$WORK/$name.log" 2>&1 &
  else
    FID=$("$SETUP" "$data" "$ASSETS")
    "$TARGET/release/kojo" serve --data "$data" --listen "127.0.0.1:$PORT" >"$WORK/$name.log" 2>&1 &
  fi
  SERVER=$!
  for _ in $(seq 200); do curl -fs -o /dev/null "$BASE/login" && break; sleep 0.1; done
  local admin viewer
  admin=$(login bench bench-password)
  viewer=$(login viewer viewer-password)
  [[ -n "$admin" && -n "$viewer" ]] || { echo "login failed"; exit 1; }
  curl -s -o /dev/null -b "kojo_session=$admin" -w "  first dashboard request (assessment + diagram): status %{http_code}, %{time_total} s\n" "$BASE/f/$FID"
  curl -s -o /dev/null -b "kojo_session=$admin" -w "  first assessment page: status %{http_code}, %{time_total} s, %{size_download} bytes\n" "$BASE/f/$FID/assessment"
  peak_mb >/dev/null
  echo "  -- warm"
  run_wrk "dashboard" "/f/$FID" "$admin"
  run_wrk "assessment page" "/f/$FID/assessment" "$admin"
  local warm after
  warm=$(peak_mb)
  echo "  peak RSS warm: $warm MB"
  echo "  -- right after a save"
  save "$admin" 1
  run_wrk "dashboard after a save" "/f/$FID" "$admin"
  save "$admin" 2
  run_wrk "assessment page after a save" "/f/$FID/assessment" "$admin"
  after=$(peak_mb)
  echo "  peak RSS after saves: $after MB ($(awk -v a="$after" -v w="$warm" 'BEGIN {printf "%.2f", a / w}') x the warm peak)"
  echo "  -- login flood for the admin (bench), the viewer's dashboard measured"
  "${TIMER[@]}" "$FLOOD" "127.0.0.1:$PORT" bench 127.0.0.2 1 "$FLOOD_CONN" "$SECS" >"$WORK/flood1" 2>&1 &
  local flood=$!
  run_wrk "viewer dashboard, flood from 1 address" "/f/$FID" "$viewer"
  wait "$flood"
  sed 's/^/  /' "$WORK/flood1"
  "${TIMER[@]}" "$FLOOD" "127.0.0.1:$PORT" bench 127.0.0.2 "$FLOOD_ADDRESSES" "$FLOOD_CONN" "$SECS" >"$WORK/flood2" 2>&1 &
  flood=$!
  run_wrk "viewer dashboard, flood from $FLOOD_ADDRESSES addresses" "/f/$FID" "$viewer"
  wait "$flood"
  sed 's/^/  /' "$WORK/flood2"
  echo "  peak RSS during the floods: $(peak_mb) MB"
  curl -s -o /dev/null -c "$WORK/jar-after" -H "Origin: $BASE" -d "username=bench&password=bench-password" \
    -w "  the admin logs in from 127.0.0.1 after the floods: status %{http_code} (303 = logged in), %{time_total} s\n" "$BASE/login"
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
  echo "  (load average $(cut -d' ' -f1-3 /proc/loadavg))"
}

[[ " $BACKENDS " == *" sqlite "* ]] && bench sqlite ""
if [[ " $BACKENDS " != *" postgres "* ]]; then
  :
elif [[ -n "$PG_URL" ]]; then
  SCHEMA="kojo_bench_$$"
  "$SETUP" --create-schema "$PG_URL" "$SCHEMA"
  sep='?'
  [[ "$PG_URL" == *\?* ]] && sep='&'
  bench postgres "$PG_URL${sep}options=-c%20search_path%3D$SCHEMA"
else
  echo "== postgres: skipped (set KOJO_BENCH_PG_URL or KOJO_TEST_PG_URL, or run scripts/deps.sh)"
fi
