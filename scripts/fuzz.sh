#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60) with the real shared data as
# seeds, and prints each target's executions per second and coverage. Installs nightly and
# cargo-fuzz when they are missing, and says so when it cannot. A crash stops the script
# with libFuzzer's reproducer in fuzz/artifacts/TARGET/; commit it as a regression test.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
shared="../shared/testdata"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "fuzz.sh: installing the nightly toolchain (cargo-fuzz needs it for the sanitizer)"
  rustup toolchain install nightly --profile minimal || {
    echo "fuzz.sh: cannot install nightly; fuzzing skipped" >&2; exit 3; }
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz"
  cargo install --locked cargo-fuzz || {
    echo "fuzz.sh: cannot install cargo-fuzz; fuzzing skipped" >&2; exit 3; }
fi

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

# Seeds per target from the repository's examples and the shared data (when present).
seed_dirs() {
  case "$1" in
    model_load) echo examples/annex-a examples ;;
    catalog_pack) echo catalog ;;
    sbom_parse) echo "$shared/sbom" "$shared/osv" "$shared/csaf" "$shared/kev" ;;
    advisory_zip) echo "$shared/osv" ;;
    traffic_packets | traffic_check | flow_logs | sniff) echo "$shared/pcap" "$shared/flowlogs" "$shared/zeek" ;;
    *) ;;
  esac
}
[[ -d "$shared" ]] || echo "fuzz.sh: shared data not found at $shared; seeding from the repository only"

printf '%-18s %10s %10s %8s\n' target execs/s coverage features
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  dirs=()
  for d in $(seed_dirs "$t"); do [[ -d "$d" ]] && dirs+=("$d"); done
  log="${TMPDIR:-/tmp}/kojo-fuzz-$t.log"
  # Seeds larger than 1 MB are skipped by libFuzzer's -max_len; rss capped at 2 GB.
  if ! cargo +nightly fuzz run "$t" "$corpus" "${dirs[@]}" -- \
      -max_total_time="$secs" -max_len=1048576 -rss_limit_mb=2048 -print_final_stats=1 \
      >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz.sh: $t failed; the reproducer is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  printf '%-18s %10s %10s %8s\n' "$t" "$(( execs / secs ))" "$cov" "$ft"
done
