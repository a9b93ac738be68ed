#!/usr/bin/env bash
# Benchmark of the report on the generated 10,000-asset factory (kojo_synth::factory_yaml):
# load + assess + HTML must stay under 5 s. Optional arguments: ASSETS ZONES FLOWS.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release -p kojo-report --example bench_report -- "$@"
