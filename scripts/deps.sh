#!/usr/bin/env bash
# Installs and starts what the test suite needs on a fresh Debian machine, and nothing when
# it is already there. Each block is owned by the part of kojo whose tests need it.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "== installing ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
  fi
}

# kojo-report: headless Chromium renders the HTML report in its screenshot test
# (crates/kojo-report/tests/chromium.rs); the CJK fonts let Japanese reports render.
apt_install chromium fonts-noto-cjk
