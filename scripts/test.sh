#!/usr/bin/env bash
# All of kojo's tests, on a fresh machine: installs and starts what the tests need
# (scripts/deps.sh), then format, lints and the whole workspace's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/deps.sh
# The PostgreSQL server deps.sh started, for kojo-web's store and API tests.
if [[ -f target/kojo-test-pg-url ]]; then
  export KOJO_TEST_PG_URL="${KOJO_TEST_PG_URL:-$(cat target/kojo-test-pg-url)}"
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
