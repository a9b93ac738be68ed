#!/usr/bin/env bash
# Peak memory of the readers kojo-model and kojo-catalog own (model files, includes,
# `--catalog` packs) on 1 MB inputs of hostile shapes: the target (issue 18) is under
# 100 MB whatever the input holds. Measured as the maximum resident set size of
# `kojo check` (which loads, checks and renders every diagnostic). Not a timed test.
# Usage: scripts/bench-readers.sh [KOJO_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-}"
if [[ -z "$bin" ]]; then
  cargo build --quiet -p kojo-cli
  bin="${CARGO_TARGET_DIR:-target}/debug/kojo"
fi
[[ -x /usr/bin/time ]] || { echo "bench-readers: /usr/bin/time not found: no peak-memory figure" >&2; exit 3; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
limit_kb=$((100 * 1024))
mb=1048576

head_yaml() { printf 'version: 1\nfactory:\n  name: Bench works\n'; }
python3 - "$dir" "$mb" <<'PY'
import sys, os
d, mb = sys.argv[1], int(sys.argv[2])
head = "version: 1\nfactory:\n  name: Bench works\n"
def write(name, body):
    with open(os.path.join(d, name), "w") as f:
        f.write(body)
# Many valid assets.
z = "zones:\n  - {id: z, name: Z, kind: control}\nassets:\n"
body, i = head + z, 0
while len(body) < mb:
    body += f"  - {{id: a{i}, name: Asset {i}, kind: equipment, zone: z}}\n"; i += 1
write("many-assets.yaml", body)
# One 1 MB line with a syntax error at its end.
write("one-line.yaml", head + "zones: [" + "a, " * (mb // 3) + "]]]\n")
# Every value wrong: one diagnostic per line.
body, i = head + "zones:\n", 0
while len(body) < mb:
    body += f"  - {{id: z{i}, name: Z, kind: nonsense{i}}}\n"; i += 1
write("all-errors.yaml", body)
# An alias bomb that stays under 1 MB of text.
lines = [head, "x0: &a0 [" + ", ".join(["v"] * 10) + "]\n"]
for k in range(1, 40):
    lines.append(f"x{k}: &a{k} [" + ", ".join([f"*a{k-1}"] * 10) + "]\n")
write("alias-bomb.yaml", "".join(lines))
# Deep nesting.
write("deep.yaml", head + "zones: " + "[" * (mb // 2) + "\n")
# Unknown keys by the thousand.
body, i = head, 0
while len(body) < mb:
    body += f"unknown_key_{i}: {i}\n"; i += 1
write("unknown-keys.yaml", body)
# A catalog pack of 1 MB (threats with bad references).
body, i = "threats:\n", 0
while len(body) < mb:
    body += f"  - id: thr-bench-{i}\n    name: {{en: T{i}, ja: T{i}}}\n    threat_type: tt-nope\n    measures: [msr-nope-{i}]\n"; i += 1
write("pack.yaml", body)
PY
printf 'model: version: 1\n' >/dev/null
head_yaml >"$dir/ok.yaml"
printf '%-22s %10s %8s\n' input "peak RSS" verdict
worst=0
run() {
  local name="$1"; shift
  /usr/bin/time -f '%M' -o "$dir/rss" "$bin" "$@" >/dev/null 2>&1 || true
  local kb; kb=$(tail -1 "$dir/rss")
  local v=ok; (( kb > limit_kb )) && v=OVER
  (( kb > worst )) && worst=$kb
  printf '%-22s %7d MB %8s\n' "$name" $((kb / 1024)) "$v"
}
for f in many-assets one-line all-errors alias-bomb deep unknown-keys; do
  run "$f.yaml" check --color never "$dir/$f.yaml"
done
printf 'version: 1\nfactory:\n  name: I\ninclude: [all-errors.yaml]\n' >"$dir/include.yaml"
run "include of all-errors" check --color never "$dir/include.yaml"
run "pack.yaml (--catalog)" check --color never --catalog "$dir/pack.yaml" "$dir/ok.yaml"
if [[ -e /dev/zero ]]; then
  KOJO_MAX_FILE_BYTES=1M run "/dev/zero (1 MiB cap)" check --color never /dev/zero
fi
echo "worst: $((worst / 1024)) MB (target: under 100 MB)"
(( worst <= limit_kb ))
