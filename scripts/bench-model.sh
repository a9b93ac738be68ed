#!/usr/bin/env bash
# Benchmark of the model loader on a generated factory (kojo_synth::factory_yaml): load time
# and peak memory (maximum resident set size, which includes generating the YAML text).
# Target (issue 2): 10,000 assets, 500 zones, 50,000 flows in under 1 s and 500 MB, one core.
# Optional arguments: ASSETS ZONES FLOWS SEED. Set CRITERION=1 to also run `cargo bench`.
# On a busy machine the wall-clock figures stretch; "User time" is the CPU time of the whole
# run (generating the YAML, loading it, indexing it).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p kojo-model --example load_synth
bin="${CARGO_TARGET_DIR:-target}/release/examples/load_synth"
args=("${@:-10000}" )
[[ $# -eq 0 ]] && args=(10000 500 50000 1)
if [[ -x /usr/bin/time ]]; then
  # One core, as in the target.
  taskset -c 0 /usr/bin/time -v "$bin" "${args[@]}" 2>"${TMPDIR:-/tmp}/kojo-bench-model.time"
  grep -E "Maximum resident set size|Elapsed \(wall clock\)|User time|System time|Percent of CPU" "${TMPDIR:-/tmp}/kojo-bench-model.time" \
    | sed -e 's/^[[:space:]]*/  /'
else
  "$bin" "${args[@]}"
  echo "  (/usr/bin/time not found: no peak-memory figure)"
fi
if [[ "${CRITERION:-0}" == 1 ]]; then
  cargo bench -p kojo-model --bench load
fi
