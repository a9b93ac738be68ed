#!/usr/bin/env bash
# Benchmark of `kojo assess` (issue 4): the 10,000-asset / 500-zone / 50,000-flow generated
# model, time and peak memory on one core, side by side with OWASP pytm on a model of the
# same size and shape (installed from PyPI into a venv under the target directory).
#
# Usage: scripts/bench-assess.sh [ASSETS ZONES FLOWS]   (default 10000 500 50000)
# Env:   PYTM_TIMEOUT (seconds, default 1800): pytm runs longer are reported as such.
#        CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
ASSETS=${1:-10000}; ZONES=${2:-500}; FLOWS=${3:-50000}
TARGET=${CARGO_TARGET_DIR:-target}
PYTM_TIMEOUT=${PYTM_TIMEOUT:-1800}

cargo build --release -q -p kojo-assess --example assess_synth
BIN="$TARGET/release/examples/assess_synth"

echo "== kojo (one core)"
KOJO_OUT=$(taskset -c 0 /usr/bin/time -f "peak RSS %M KB" "$BIN" "$ASSETS" "$ZONES" "$FLOWS" 1 2>&1)
echo "$KOJO_OUT"
KOJO_S=$(echo "$KOJO_OUT" | sed -n 's/.*assess \([0-9.]*\) s.*/\1/p')

echo "== OWASP pytm (one core)"
VENV="$TARGET/bench-venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "pytm==1.3.1" || "$VENV/bin/pip" install -q pytm
fi
PYTM_OUT=$(timeout "$PYTM_TIMEOUT" taskset -c 0 /usr/bin/time -f "peak RSS %M KB" \
  "$VENV/bin/python" scripts/bench/pytm_model.py "$ASSETS" "$ZONES" "$FLOWS" 1 2>&1) || {
  echo "pytm did not finish within ${PYTM_TIMEOUT} s"; PYTM_OUT="PYTM_SECONDS $PYTM_TIMEOUT"; }
echo "$PYTM_OUT" | grep -v PYTM_SECONDS
PYTM_S=$(echo "$PYTM_OUT" | sed -n 's/PYTM_SECONDS \([0-9.]*\)/\1/p')

echo "== side by side ($ASSETS assets, $ZONES zones, $FLOWS flows)"
python3 - "$KOJO_S" "$PYTM_S" <<'PY'
import sys
k, p = float(sys.argv[1]), float(sys.argv[2])
print(f"kojo assess {k:.3f} s | pytm check+resolve {p:.3f} s | kojo is {p / k:.0f}x faster")
PY
