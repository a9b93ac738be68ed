#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60) with the real shared data as
# seeds, and prints each target's executions per second and libFuzzer's coverage (cov:
# edges, ft: features). A crash stops the script with libFuzzer's reproducer in
# fuzz/artifacts/TARGET/; commit it as a regression test in the crate's tests.
#
# Works on nightly and on stable: without a nightly toolchain, cargo-fuzz's unstable flags
# (the sanitizer) are allowed on stable with RUSTC_BOOTSTRAP=1, for this build only.
# Installs cargo-fuzz with `cargo install --locked cargo-fuzz` when it is missing (not when
# KOJO_FUZZ_NO_INSTALL=1: then it exits 3, "skipped").
# Environment: KOJO_FUZZ_SANITIZER (address, the default; none runs about twice as fast),
# KOJO_FUZZ_PIPELINE_SANITIZER (model_pipeline's; none, the default: see below),
# KOJO_SHARED_DIR (default <repo>/../shared).
#
# Sanitizer per target. The byte-level targets (parsers of files, packets, archives) run
# under ASan with compare tracing. model_pipeline runs without ASan and without compare
# tracing, with debug assertions and overflow checks, built in its own target directory
# (fuzz/target/pipeline) so that the other targets' build stays as it is. It loads, assesses
# twice, renders and diffs every input: under ASan that is 35-55 inputs a second, too few to
# explore the models; without it, several times as many. kojo's crates contain no `unsafe`
# code, so in them an out-of-bounds index or an overflow panics with or without ASan; what
# ASan would add is a check of the dependencies' unsafe code (memchr, zlib-rs, serde_json),
# which those crates' own fuzzing covers. Its inputs are indexes into the model's
# vocabularies, not bytes compared with magic values, so compare tracing buys it little.
# KOJO_FUZZ_PIPELINE_SANITIZER=address runs it under ASan (e.g. over the grown corpus).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
shared="${KOJO_SHARED_DIR:-../shared}/testdata"
sanitizer="${KOJO_FUZZ_SANITIZER:-address}"
pipeline_sanitizer="${KOJO_FUZZ_PIPELINE_SANITIZER:-none}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  if [[ "${KOJO_FUZZ_NO_INSTALL:-0}" == 1 ]]; then
    echo "fuzz.sh: cargo-fuzz is not installed; fuzzing skipped" >&2
    exit 3
  fi
  echo "fuzz.sh: installing cargo-fuzz (cargo install --locked cargo-fuzz)"
  cargo install --locked cargo-fuzz || {
    echo "fuzz.sh: cannot install cargo-fuzz; fuzzing skipped" >&2; exit 3; }
fi

fuzz=(cargo fuzz)
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
  toolchain=nightly
else
  # Stable compilers accept unstable flags when told this build is the compiler's own.
  export RUSTC_BOOTSTRAP=1
  toolchain="stable (RUSTC_BOOTSTRAP=1)"
fi

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <("${fuzz[@]}" list)
fi

# Seeds per target from the repository's examples and the shared data (when present).
seed_dirs() {
  case "$1" in
    model_load) echo examples/annex-a examples ;;
    catalog_pack) echo catalog ;;
    sbom_parse) echo "$shared/sbom" "$shared/osv" "$shared/csaf" "$shared/kev" ;;
    advisory_zip) echo "$shared/osv" ;;
    traffic_packets | traffic_check | traffic_flow_logs | traffic_sniff) echo "$shared/pcap" ;;
    *) ;; # model_pipeline, advisory_cache: structured inputs, no files to seed from
  esac
}
[[ -d "$shared" ]] || echo "fuzz.sh: shared data not found at $shared; seeding from the repository only"

# libFuzzer runs one input at a time: the assessment's worker threads only add overhead
# there (its output is the same on any number of threads: kojo-pipeline's tests check it).
export RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-1}"
echo "fuzz.sh: ${#targets[@]} targets, ${secs} s each, $toolchain, sanitizer $sanitizer" \
  "(model_pipeline: $pipeline_sanitizer)"
# How a target is built; its run takes the same flags, or cargo fuzz would build it again.
build_flags() {
  case "$1" in
    model_pipeline)
      echo --sanitizer "$pipeline_sanitizer" --debug-assertions --no-trace-compares \
        --target-dir fuzz/target/pipeline ;;
    *) echo --sanitizer "$sanitizer" ;;
  esac
}
# One build of every target (skipped when model_pipeline is the only one asked for) and
# model_pipeline's own; each run below then starts at once.
if printf '%s\n' "${targets[@]}" | grep -qvx model_pipeline; then
  "${fuzz[@]}" build --sanitizer "$sanitizer" >/dev/null
fi
if printf '%s\n' "${targets[@]}" | grep -qx model_pipeline; then
  # shellcheck disable=SC2046 # the flags are separate words
  "${fuzz[@]}" build $(build_flags model_pipeline) model_pipeline >/dev/null
fi

printf '%-18s %10s %8s %8s\n' target execs/s cov ft
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  dirs=()
  for d in $(seed_dirs "$t"); do [[ -d "$d" ]] && dirs+=("$d"); done
  log="${TMPDIR:-/tmp}/kojo-fuzz-$t.log"
  # Seeds larger than 1 MB are cut by -max_len; an input running 30 s is a hang.
  # shellcheck disable=SC2046 # the flags are separate words
  if ! "${fuzz[@]}" run $(build_flags "$t") "$t" "$corpus" "${dirs[@]}" -- \
      -max_total_time="$secs" -max_len=1048576 -rss_limit_mb=2048 -timeout=30 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz.sh: $t failed; the reproducer is in fuzz/artifacts/$t/ (log: $log)" >&2
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  printf '%-18s %10s %8s %8s\n' "$t" "$((execs / secs))" "$cov" "$ft"
done
