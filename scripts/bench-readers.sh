#!/usr/bin/env bash
# Peak memory of kojo's readers on 1 MB inputs of hostile shapes: the target (issue 18) is
# under 100 MB whatever the input holds. Measured as the maximum resident set size of
# `kojo check` (model files, includes, `--catalog` packs: loads, checks and renders every
# diagnostic), `kojo traffic --model` (captures and flow logs, plain and gzip: a 1 GiB line
# in a 1 MB gzip, zero-filled streams cut at 1 MB, many flows) and `kojo sbom` (SBOMs and
# advisories: deep nesting, 1 MB strings, garbage). Not a timed test.
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
# Captures and flow logs, held against a model.
python3 - "$dir" "$mb" <<'PY'
import gzip, os, sys
d, mb = sys.argv[1], int(sys.argv[2])
def write(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
mib_x = gzip.compress(b"x" * (1 << 20), 9)
def bomb(head):
    # head, then one line of 1 GiB: 1024 gzip members of the same MiB (about 1 MB on disk).
    return gzip.compress(head.encode()) + mib_x * 1024
write("long-line.csv.gz", bomb("src,dst,transport,src_port,dst_port\n10.0.0.1,"))
write("long-line.zeek.gz", bomb("#separator \\x09\n#fields\tts\tuid\tid.orig_h\n1.0\tC1\t"))
write("long-line.json.gz", bomb('{"ts": 1.0, "uid": "'))
pcap_head = bytes.fromhex("d4c3b2a1020004000000000000000000ffff000001000000")
write("zeros.pcap", pcap_head + bytes(mb))
write("zeros.pcap.gz", gzip.compress(pcap_head + bytes(64 * mb)))
# A record claiming 4 GiB, then zeros.
write("huge-claim.pcap", pcap_head + bytes(8) + b"\xff\xff\xff\xff" * 2 + bytes(mb))
rows, i = ["src,dst,transport,src_port,dst_port"], 0
while sum(len(r) + 1 for r in rows) < mb:
    rows.append(f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255},10.0.0.1,tcp,{1024 + i % 60000},502"); i += 1
write("many-flows.csv", ("\n".join(rows) + "\n").encode())
PY
model=examples/annex-a/case1-after.yaml
for f in long-line.csv.gz long-line.zeek.gz long-line.json.gz zeros.pcap zeros.pcap.gz huge-claim.pcap many-flows.csv; do
  run "$f (traffic)" traffic --no-progress --model "$model" "$dir/$f"
done
run "/dev/zero (traffic)" traffic --no-progress --model "$model" --max-input-bytes 1048576 /dev/zero

# SBOMs and advisories.
mkdir -p "$dir/sbom/sboms" "$dir/sbom/adv"
python3 - "$dir/sbom" "$mb" <<'PY'
import json, os, sys
d, mb = sys.argv[1], int(sys.argv[2])
def write(name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
write("sboms/deep.cdx.json", '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ' + "[" * (mb // 2))
write("sboms/long.cdx.json", json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5",
    "components": [{"type": "library", "name": "x" * mb, "version": "1", "purl": "pkg:npm/" + "y" * 1000 + "@1"}]}))
comps = []
while len(json.dumps(comps)) < mb:
    i = len(comps)
    comps.append({"type": "library", "name": f"lib{i}", "version": f"1.{i}", "purl": f"pkg:pypi/lib{i}@1.{i}"})
write("sboms/many.cdx.json", json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": comps}))
write("adv/deep.json", '{"id": "OSV-1", "affected": ' + "[" * (mb // 2))
write("adv/long.json", json.dumps({"id": "OSV-2", "modified": "2024-01-01T00:00:00Z", "summary": "z" * mb,
    "affected": [{"package": {"ecosystem": "PyPI", "name": "lib1"}, "versions": ["1.1"]}]}))
write("adv/garbage.json", "\x00\x01" * (mb // 2))
write("factory.yaml", """version: 1
factory:
  name: SBOM bench works
zones:
  - {id: office, name: Office, kind: information}
assets:
  - {id: deep, name: Deep, kind: software, zone: office, sbom: sboms/deep.cdx.json}
  - {id: long, name: Long, kind: software, zone: office, sbom: sboms/long.cdx.json}
  - {id: many, name: Many, kind: software, zone: office, sbom: sboms/many.cdx.json}
""")
PY
run "SBOMs, advisories (sbom)" sbom --cache "$dir/cache" --advisories "$dir/sbom/adv" "$dir/sbom/factory.yaml"

echo "worst: $((worst / 1024)) MB (target: under 100 MB)"
(( worst <= limit_kb ))
