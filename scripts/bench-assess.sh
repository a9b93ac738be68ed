#!/usr/bin/env bash
# Benchmark of `kojo assess` (issue 4): the 10,000-asset / 500-zone / 50,000-flow generated
# model, time and peak memory on one core and on all cores, side by side with OWASP pytm on a model of the
# same size and shape (installed from PyPI into a venv under the target directory).
#
# Usage: scripts/bench-assess.sh [ASSETS ZONES FLOWS]   (default 10000 500 50000)
# Env:   RUNS (default 5): kojo runs per figure, the median is reported.
#        PYTM_TIMEOUT (seconds, default 1800): pytm runs longer are reported as such.
#        VENV (default $CARGO_TARGET_DIR/bench-venv): a venv with pytm, made if missing.
#        CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
ASSETS=${1:-10000}; ZONES=${2:-500}; FLOWS=${3:-50000}
TARGET=${CARGO_TARGET_DIR:-target}
PYTM_TIMEOUT=${PYTM_TIMEOUT:-1800}

cargo build --release -q -p kojo-assess --example assess_synth
BIN="$TARGET/release/examples/assess_synth"

# kojo's figure is the median of RUNS runs (it takes a fraction of a second, so one run is
# at the mercy of whatever else the machine does); pytm runs once.
RUNS=${RUNS:-5}
median_run() { # prints the output of the run with the median assess time
  local outs=() times=() i
  for ((i = 0; i < RUNS; i++)); do
    outs[i]=$("$@" 2>&1)
    times[i]=$(echo "${outs[i]}" | sed -n 's/.*assess \([0-9.]*\) s, .*/\1/p')
  done
  local mid
  mid=$(for i in "${!times[@]}"; do echo "${times[i]} $i"; done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p" | cut -d' ' -f2)
  echo "${outs[mid]}"
}

echo "== kojo, one core (taskset -c 0: rayon sees one CPU); median of $RUNS runs"
KOJO_OUT=$(median_run taskset -c 0 /usr/bin/time -f "peak RSS %M KB" "$BIN" "$ASSETS" "$ZONES" "$FLOWS" 1)
echo "$KOJO_OUT" | grep -v KOJO_CPU
KOJO_S=$(echo "$KOJO_OUT" | sed -n 's/.*assess \([0-9.]*\) s, .*/\1/p')
KOJO_CPU=$(echo "$KOJO_OUT" | sed -n 's/KOJO_CPU \([0-9.]*\)/\1/p')

echo "== kojo, all $(nproc) cores (rules and threats run side by side); median of $RUNS runs"
KOJO_ALL_OUT=$(median_run /usr/bin/time -f "peak RSS %M KB" "$BIN" "$ASSETS" "$ZONES" "$FLOWS" 1)
echo "$KOJO_ALL_OUT" | grep -v -e KOJO_CPU -e "findings by kind"
KOJO_ALL_S=$(echo "$KOJO_ALL_OUT" | sed -n 's/.*assess \([0-9.]*\) s, .*/\1/p')

echo "== OWASP pytm (one core)"
VENV=${VENV:-$TARGET/bench-venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pytm
fi
PYTM_OUT=$(timeout "$PYTM_TIMEOUT" taskset -c 0 /usr/bin/time -f "peak RSS %M KB" \
  "$VENV/bin/python" scripts/bench/pytm_model.py "$ASSETS" "$ZONES" "$FLOWS" 1 2>&1) || {
  echo "pytm did not finish within ${PYTM_TIMEOUT} s (the ratio below is a lower bound)"
  PYTM_OUT="PYTM_SECONDS $PYTM_TIMEOUT"; }
echo "$PYTM_OUT" | grep -v -e PYTM_SECONDS -e PYTM_CPU
PYTM_S=$(echo "$PYTM_OUT" | sed -n 's/PYTM_SECONDS \([0-9.]*\)/\1/p')
PYTM_CPU=$(echo "$PYTM_OUT" | sed -n 's/PYTM_CPU \([0-9.]*\)/\1/p')

echo "== side by side ($ASSETS assets, $ZONES zones, $FLOWS flows)"
echo "   kojo: kojo_assess::assess_with_knowledge on the loaded model and catalog knowledge"
echo "         (every rule, SBOM check, decisions, zone requirements, sorted findings);"
echo "         not the YAML load (scripts/bench-model.sh) nor reading the catalog."
echo "   pytm: TM.check() + TM.resolve() on the built model; not building the model."
python3 - "$KOJO_S" "$PYTM_S" "${KOJO_CPU:-0}" "${PYTM_CPU:-0}" "${KOJO_ALL_S:-0}" "$(nproc)" <<'PY'
import sys
k, p, kc, pc, ka, n = (float(x) if x not in ("", "n/a") else 0.0 for x in sys.argv[1:7])
print(f"wall, one core:  kojo assess {k:.3f} s | pytm check+resolve {p:.3f} s | kojo {p / k:.0f}x faster")
if kc > 0 and pc > 0:
    print(f"CPU, one core:   kojo assess {kc:.2f} s | pytm check+resolve {pc:.2f} s | kojo {pc / kc:.0f}x faster")
if ka > 0:
    print(f"wall, {n:.0f} cores:   kojo assess {ka:.3f} s | pytm (single-threaded) {p:.3f} s | kojo {p / ka:.0f}x faster")
PY
