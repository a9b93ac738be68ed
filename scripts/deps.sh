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

# kojo-web: a PostgreSQL server on loopback for the store and API tests, and chromedriver for
# the end-to-end tests (crates/kojo-web). The test database URL is written to
# target/kojo-test-pg-url; scripts/test.sh exports it as KOJO_TEST_PG_URL.
apt_install postgresql chromium chromium-driver
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
pg_cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')
if [[ -z "$pg_cluster" ]]; then
  pg_ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if [[ $(id -u) -eq 0 ]]; then pg_createcluster "$pg_ver" main >/dev/null; else sudo pg_createcluster "$pg_ver" main >/dev/null; fi
  pg_cluster="$pg_ver main"
fi
read -r pg_ver pg_name <<<"$pg_cluster"
if ! pg_lsclusters --no-header | awk -v v="$pg_ver" -v n="$pg_name" '$1==v && $2==n {print $4}' | grep -q online; then
  echo "== starting PostgreSQL $pg_ver/$pg_name on loopback"
  if [[ $(id -u) -eq 0 ]]; then
    pg_ctlcluster "$pg_ver" "$pg_name" start -- -o "-c listen_addresses=127.0.0.1"
  else
    sudo pg_ctlcluster "$pg_ver" "$pg_name" start -- -o "-c listen_addresses=127.0.0.1"
  fi
fi
pg_port=$(pg_lsclusters --no-header | awk -v v="$pg_ver" -v n="$pg_name" '$1==v && $2==n {print $3}')
as_postgres psql -q -p "$pg_port" -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kojo_test') THEN CREATE ROLE kojo_test LOGIN PASSWORD 'kojo_test'; END IF; END \$\$;" >/dev/null
if ! as_postgres psql -tA -p "$pg_port" -c "SELECT 1 FROM pg_database WHERE datname = 'kojo_test'" | grep -q 1; then
  as_postgres createdb -p "$pg_port" -O kojo_test kojo_test
fi
mkdir -p target
echo "postgres://kojo_test:kojo_test@127.0.0.1:${pg_port}/kojo_test" > target/kojo-test-pg-url
