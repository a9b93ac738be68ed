#!/usr/bin/env bash
# The audit log of `kojo serve` with many rows: ROWS audit rows (about 60 % of them in the
# factory the auditor reads, with its members' logins), then the time of one request per
# kind of query (first page, a deep page, each filter, the HTML page) and of the CSV
# export of the whole log, with the server's peak memory before and after the export.
# Targets: a page under 0.5 s at 1,000,000 rows; the export's memory does not grow with
# the number of rows.
#   ROWS=1000000 ./scripts/bench-audit.sh                  # SQLite
#   DATABASE=postgres://… ROWS=1000000 ./scripts/bench-audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
PORT=${PORT:-18951}
TARGET=${CARGO_TARGET_DIR:-target}

echo "== building (release)"
cargo build --release -q -p kojo-cli
cargo build --release -q -p kojo-web --example bench_audit_setup

DATA=$(mktemp -d)
cleanup() {
  [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
URL=${DATABASE:-sqlite:$DATA/kojo.db}
echo "== $ROWS audit rows into $URL"
START=$(date +%s.%N)
FID=$("$TARGET/release/examples/bench_audit_setup" "$URL" "$ROWS")
echo "   filled in $(echo "$(date +%s.%N) - $START" | bc) s"
"$TARGET/release/kojo" serve --database "$URL" --listen "127.0.0.1:$PORT" >/dev/null &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE/login" && break; sleep 0.1; done

JAR="$DATA/cookies"
curl -fs -o /dev/null -c "$JAR" -H "Origin: $BASE" -d "username=audit&password=bench-password" "$BASE/login"
API="$BASE/api/v1/factories/$FID/audit"
time_of() {
  curl -s -o /dev/null -b "$JAR" -w "%{http_code} %{time_total} s %{size_download} B  $1\n" "$1"
}
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$SERVER/status"; }
MONTH=$(date -u -d "2 months ago" +%Y-%m)
echo "== one request each (the second of two, so the first warms the database's cache)"
for q in "" "?page=2" "?page=3000" "?per_page=1000&page=300" "?user=a-member7" "?action=login" \
         "?action=login.failure" "?entity=asset&id=asset-17" "?entity=user&id=a-member3" \
         "?from=$MONTH-01&to=$MONTH-28&tz=%2B09:00" "?user=a-member6&action=model.save&page=20"; do
  curl -s -o /dev/null -b "$JAR" "$API$q"
  time_of "$API$q"
done
curl -s -o /dev/null -b "$JAR" "$BASE/f/$FID/audit"
time_of "$BASE/f/$FID/audit"
time_of "$BASE/f/$FID/audit?per_page=1000&page=100"
echo "== CSV of the whole log (server peak memory before: $(peak_kb) kB)"
time_of "$API.csv"
echo "   server peak memory after: $(peak_kb) kB"
curl -s -b "$JAR" "$API.csv" | wc -l | awk '{print "   lines (header included): " $1}'
