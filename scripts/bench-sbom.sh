#!/usr/bin/env bash
# Benchmark of the SBOM check's advisory index: index 300,000 OSV-sized records (generated
# from the real ones in the shared test data) and match 10,000 components, on one core.
# Targets: index < 30 s, matching < 1 s. Then the vendor + product path (CISA CSAF, 10,000
# components) and SBOM parsing; `scripts/bench-sbom.sh vendor-product` runs that part alone.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p kojo-sbom --bench match_index --no-run
# The measurement itself runs pinned to one core.
exec taskset -c 0 cargo bench -p kojo-sbom --bench match_index "$@"
