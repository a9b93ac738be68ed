#!/usr/bin/env bash
# Throughput and peak memory of kojo's capture reader against tshark and nfdump's nfpcapd,
# on one core, with the capture in the page cache.
#
# Builds a capture of about BENCH_MB MiB (default 1024) by repeating the shared test
# captures (Ethernet link type) with addresses varied per round by tcprewrite --seed, then
# runs side by side:
#   kojo     kojo traffic BIG --format csv -o /dev/null   (or the kojo-traffic example)
#   tshark   tshark -q -z conv,tcp -z conv,udp -r BIG
#   nfpcapd  nfpcapd -r BIG -w DIR
# and prints each one's wall time, throughput and peak RSS.
#
# Needs: tcprewrite (tcpreplay), mergecap/editcap/tshark (tshark), nfpcapd (nfdump), GNU
# time; installs the missing ones with apt-get (root or sudo), and says plainly that it
# skips (exit 3) when it cannot or the shared captures are absent.
# Environment: KOJO_SHARED_DIR (default <repo>/../shared), BENCH_MB, BENCH_DIR (default a
# temporary directory), KOJO_BIN (a built `kojo`; default: build the kojo-traffic
# example `traffic_read` in release), SKIP_TSHARK=1 (tshark needs ~5 GiB and minutes).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${KOJO_SHARED_DIR:-$repo/../shared}"
pcaps="$shared/testdata/pcap"
mb="${BENCH_MB:-1024}"
[ -f "$pcaps/MANIFEST.md" ] || { echo "bench-traffic: skipped: shared captures not found at $pcaps" >&2; exit 3; }
# The peers and tools, installed like scripts/deps.sh does (Debian packages) when missing.
need() { # tool package
  command -v "$1" >/dev/null && return
  echo "bench-traffic: installing $2 (for $1)"
  local sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; } || true
  command -v "$1" >/dev/null || { echo "bench-traffic: skipped: $1 is missing and $2 cannot be installed" >&2; exit 3; }
}
need tcprewrite tcpreplay
need mergecap tshark
need editcap tshark
need capinfos tshark
need nfpcapd nfdump
need /usr/bin/time time
need taskset util-linux
[ "${SKIP_TSHARK:-0}" = 1 ] || need tshark tshark

work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
big="$work/bench-${mb}m.pcap"

if [ -n "${KOJO_BIN:-}" ]; then
  kojo=("$KOJO_BIN" traffic --format csv -o /dev/null --no-progress)
else
  (cd "$repo" && cargo build --release -q -p kojo-traffic --example traffic_read)
  target="${CARGO_TARGET_DIR:-$repo/target}"
  kojo=("$target/release/examples/traffic_read")
fi

if [ ! -f "$big" ]; then
  echo "building a ${mb} MiB capture in $work ..."
  # One round: every Ethernet capture, as pcap, appended in order.
  parts=()
  while IFS= read -r f; do
    if [ "$(capinfos -T -E "$f" 2>/dev/null | tail -1 | cut -f2)" = "ether" ]; then
      out="$work/part-${#parts[@]}.pcap"
      editcap -F pcap "$f" "$out" 2>/dev/null && parts+=("$out")
    fi
  done < <(find "$pcaps" -name '*.pcap' -o -name '*.pcapng' | sort)
  mergecap -a -F pcap -w "$work/round.pcap" "${parts[@]}"
  rm -f "${parts[@]}"
  round_bytes=$(stat -c %s "$work/round.pcap")
  rounds=$(( (mb * 1024 * 1024 + round_bytes - 1) / round_bytes ))
  # Vary the addresses per round so that the flow table grows like a real site's.
  list=()
  for i in $(seq 1 "$rounds"); do
    tcprewrite --seed="$i" --infile="$work/round.pcap" --outfile="$work/r$i.pcap" 2>/dev/null
    list+=("$work/r$i.pcap")
  done
  mergecap -a -F pcap -w "$big" "${list[@]}"
  rm -f "${list[@]}" "$work/round.pcap"
fi
size=$(stat -c %s "$big")
cat "$big" > /dev/null   # into the page cache

run() { # name, command...
  local name="$1"; shift
  local log="$work/$name.time"
  if taskset -c 0 /usr/bin/time -f '%e %M' -o "$log" "$@" > "$work/$name.out" 2> "$work/$name.err"; then :; else
    echo "$name: exit $? (see $work/$name.err)" >&2
  fi
  read -r secs kib < "$log"
  awk -v n="$name" -v s="$secs" -v k="$kib" -v b="$size" \
    'BEGIN { printf "%-8s %8.2f s %9.1f MB/s %8.1f MiB peak\n", n, s, (s > 0 ? b / s / 1e6 : 0), k / 1024 }'
}

echo "capture: $big ($(awk -v b="$size" 'BEGIN { printf "%.1f MiB", b / 1048576 }'), $(capinfos -c -M "$big" | awk -F': *' '/Number of packets/ {print $2}') packets); one core (taskset -c 0)"
run kojo "${kojo[@]}" "$big"
rm -rf "$work/nfpcapd" && mkdir -p "$work/nfpcapd"
run nfpcapd nfpcapd -r "$big" -w "$work/nfpcapd"
if [ "${SKIP_TSHARK:-0}" != 1 ]; then
  run tshark tshark -q -z conv,tcp -z conv,udp -r "$big"
fi
echo "outputs and timings: $work"
