#!/usr/bin/env bash
# Benchmark of `kojo assess` (issues 4, 14, 15) on the generated 10,000-asset / 500-zone /
# 50,000-flow model, all on one core (taskset -c 0), side by side with OWASP pytm on a model
# of the same size and shape (installed from PyPI into a venv under the target directory).
#
#  1. In process: kojo_assess::assess_with_knowledge on the loaded model, with the time of
#     each phase (KOJO_TIMING=1); target: the reasoning under 1 s of CPU.
#  2. Whole process: `kojo check` and `kojo assess --format json -o FILE` on the model file;
#     targets: check at 50 MB/s of YAML or better, assess within twice the time of check.
#  3. Peak memory (max RSS) of `kojo assess` per output format, on this model and on the
#     100,000-asset one; target: SARIF within twice the peak memory of JSON.
#  4. pytm in process (TM.check() + TM.resolve()) and as a whole process from the command
#     line, against kojo's in-process and whole-process figures.
#
# Usage: scripts/bench-assess.sh [ASSETS ZONES FLOWS]   (default 10000 500 50000)
# Env:   RUNS (default 5): kojo runs per figure, the median is reported.
#        BIG (default 100000): assets of the large model for the memory figures (its zones
#          and flows scale alike); BIG=0 skips it.
#        PYTM_TIMEOUT (seconds, default 1800): pytm runs longer are reported as such.
#        VENV (default $CARGO_TARGET_DIR/bench-venv): a venv with pytm, made if missing.
#        CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
ASSETS=${1:-10000}; ZONES=${2:-500}; FLOWS=${3:-50000}
TARGET=${CARGO_TARGET_DIR:-target}
PYTM_TIMEOUT=${PYTM_TIMEOUT:-1800}
RUNS=${RUNS:-5}
BIG=${BIG:-100000}
[[ -x /usr/bin/time ]] || { echo "bench-assess: /usr/bin/time (GNU time) not found" >&2; exit 2; }

# One cargo invocation: building the packages one by one would resolve their features
# apart and rebuild the shared crates each time.
cargo build --release -q -p kojo-cli -p kojo-assess -p kojo-synth \
  --bin kojo --example assess_synth --example synth_yaml
KOJO="$TARGET/release/kojo"
SYNTH="$TARGET/release/examples/synth_yaml"
INPROC="$TARGET/release/examples/assess_synth"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MODEL="$WORK/synth.yaml"
"$SYNTH" "$MODEL" "$ASSETS" "$ZONES" "$FLOWS" 1
YAML_MB=$(awk -v b="$(stat -c %s "$MODEL")" 'BEGIN { printf "%.1f", b / 1e6 }')
cat "$MODEL" >/dev/null # into the page cache

# Runs a command RUNS times on one core; prints "wall cpu rss_kb" of the run with the median
# CPU time (user + system). The command's output goes to $WORK/last.out.
median_proc() {
  local i rows=()
  for ((i = 0; i < RUNS; i++)); do
    taskset -c 0 /usr/bin/time -f '%e %U %S %M' -o "$WORK/t" "$@" >"$WORK/last.out" 2>"$WORK/last.err" || true
    rows+=("$(awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$WORK/t")")
  done
  printf '%s\n' "${rows[@]}" | sort -k2 -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

echo "== 1. in process, one core: kojo_assess::assess_with_knowledge, phases (KOJO_TIMING=1); median of $RUNS runs"
for ((i = 0; i < RUNS; i++)); do
  out=$(KOJO_TIMING=1 taskset -c 0 "$INPROC" "$ASSETS" "$ZONES" "$FLOWS" 1 2>&1)
  cpu=$(echo "$out" | sed -n 's/KOJO_CPU \([0-9.]*\)/\1/p')
  echo "$cpu" >>"$WORK/cpus"
  printf '%s\n' "$out" >"$WORK/inproc.$i"
done
mid=$(awk '{ print $1, NR - 1 }' "$WORK/cpus" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p" | cut -d' ' -f2)
grep -v -e KOJO_CPU -e "findings by kind" "$WORK/inproc.$mid" | sed 's/^/   /'
KOJO_CPU=$(sed -n 's/KOJO_CPU \([0-9.]*\)/\1/p' "$WORK/inproc.$mid")
KOJO_IN_S=$(sed -n 's/.*assess \([0-9.]*\) s, .*/\1/p' "$WORK/inproc.$mid")
echo "   reasoning (index, threats, rules, verdicts, to-be, sort): CPU $KOJO_CPU s (target: under 1 s)"

echo "== 2. whole process, one core; median of $RUNS runs; model $YAML_MB MB of YAML"
read -r CHECK_WALL CHECK_CPU CHECK_RSS < <(median_proc "$KOJO" check --color never "$MODEL")
read -r JSON_WALL JSON_CPU JSON_RSS < <(median_proc "$KOJO" assess "$MODEL" --today 2026-06-01 --format json -o "$WORK/out.json")
JSON_MB=$(awk -v b="$(stat -c %s "$WORK/out.json" 2>/dev/null || echo 0)" 'BEGIN { printf "%.0f", b / 1e6 }')
awk -v w="$CHECK_WALL" -v c="$CHECK_CPU" -v r="$CHECK_RSS" -v mb="$YAML_MB" 'BEGIN {
  printf "   kojo check:                  wall %.2f s, CPU %.2f s, peak RSS %d MB, %.0f MB/s of YAML (CPU; target 50)\n", w, c, r / 1024, (c > 0 ? mb / c : 0) }'
awk -v w="$JSON_WALL" -v c="$JSON_CPU" -v r="$JSON_RSS" -v cc="$CHECK_CPU" -v mb="$JSON_MB" 'BEGIN {
  printf "   kojo assess --format json:   wall %.2f s, CPU %.2f s, peak RSS %d MB, %d MB of JSON; %.1fx check (target: 2x or less)\n", w, c, r / 1024, mb, (cc > 0 ? c / cc : 0) }'

echo "== 3. peak memory per format (kojo assess -o FILE, one core, one run each)"
formats_mem() { # model, label
  local m="$1" label="$2" f json_kb=0 sarif_kb=0
  for f in json sarif csv text; do
    taskset -c 0 /usr/bin/time -f '%e %U %S %M' -o "$WORK/t" \
      "$KOJO" assess "$m" --today 2026-06-01 --format "$f" -o "$WORK/out.$f" >/dev/null 2>"$WORK/err.$f" || {
      echo "   $label $f: failed ($(tail -1 "$WORK/err.$f"))"; continue; }
    read -r w u s kb <"$WORK/t"
    [[ $f == json ]] && json_kb=$kb
    [[ $f == sarif ]] && sarif_kb=$kb
    awk -v l="$label" -v f="$f" -v w="$w" -v u="$u" -v s="$s" -v kb="$kb" -v b="$(stat -c %s "$WORK/out.$f")" 'BEGIN {
      printf "   %-6s %-6s wall %6.2f s, CPU %6.2f s, peak RSS %6d MB, output %5.0f MB\n", l, f, w, u + s, kb / 1024, b / 1e6 }'
    rm -f "$WORK/out.$f"
  done
  if ((json_kb > 0 && sarif_kb > 0)); then
    awk -v l="$label" -v j="$json_kb" -v s="$sarif_kb" 'BEGIN {
      printf "   %-6s SARIF peak / JSON peak: %.2f (target: 2 or less)\n", l, s / j }'
  fi
}
formats_mem "$MODEL" "${ASSETS}"
if ((BIG > 0)); then
  BIGM="$WORK/big.yaml"
  "$SYNTH" "$BIGM" "$BIG" $((BIG / 20)) $((BIG * 5)) 1
  formats_mem "$BIGM" "$BIG"
  rm -f "$BIGM"
fi

echo "== 4. OWASP pytm, one core"
VENV=${VENV:-$TARGET/bench-venv}
PYTM_OK=1
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pytm' 2>/dev/null; then
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pytm; } >"$WORK/pip.log" 2>&1 || PYTM_OK=0
fi
if ((PYTM_OK == 0)); then
  echo "   pytm could not be installed into $VENV (pip install pytm failed: $(tail -1 "$WORK/pip.log")); no pytm figures"
  PYTM_S=0; PYTM_CPU=0; PYTM_WALL=0; PYTM_WCPU=0
else
  PYTM_OUT=$(timeout "$PYTM_TIMEOUT" taskset -c 0 /usr/bin/time -f 'PYTM_PROC %e %U %S %M' \
    "$VENV/bin/python" scripts/bench/pytm_model.py "$ASSETS" "$ZONES" "$FLOWS" 1 2>&1) || {
    echo "   pytm did not finish within ${PYTM_TIMEOUT} s (the ratios below are lower bounds)"
    PYTM_OUT="PYTM_SECONDS $PYTM_TIMEOUT
PYTM_PROC $PYTM_TIMEOUT $PYTM_TIMEOUT 0 0"; }
  echo "$PYTM_OUT" | grep -v -e PYTM_SECONDS -e PYTM_CPU -e PYTM_PROC | sed 's/^/   /'
  PYTM_S=$(echo "$PYTM_OUT" | sed -n 's/PYTM_SECONDS \([0-9.]*\)/\1/p')
  PYTM_CPU=$(echo "$PYTM_OUT" | sed -n 's/PYTM_CPU \([0-9.]*\)/\1/p')
  read -r PYTM_WALL PYTM_WCPU < <(echo "$PYTM_OUT" | awk '/^PYTM_PROC/ { printf "%s %.2f\n", $2, $3 + $4 }')
fi

echo "== side by side ($ASSETS assets, $ZONES zones, $FLOWS flows; one core)"
echo "   in process:    kojo assess_with_knowledge (model loaded, catalog read) | pytm TM.check() + TM.resolve() (model built)"
echo "   whole process: kojo assess MODEL.yaml --format json -o FILE (read, check, assess, write)"
echo "                  | python pytm_model.py (start, import pytm, build the model, check, resolve)"
python3 - "$KOJO_IN_S" "${KOJO_CPU:-0}" "${PYTM_S:-0}" "${PYTM_CPU:-0}" "$JSON_WALL" "$JSON_CPU" "${PYTM_WALL:-0}" "${PYTM_WCPU:-0}" <<'PY'
import sys
ki, kic, pi, pic, kw, kwc, pw, pwc = (float(x) if x not in ("", "n/a") else 0.0 for x in sys.argv[1:9])
def row(what, k, p):
    ratio = f"kojo {p / k:.0f}x faster" if k > 0 and p > 0 else "no ratio"
    print(f"   {what:<22} kojo {k:7.2f} s | pytm {p:8.2f} s | {ratio}")
row("in process, wall", ki, pi)
row("in process, CPU", kic, pic)
row("whole process, wall", kw, pw)
row("whole process, CPU", kwc, pwc)
PY
