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
# Every fuzz target briefly, only where nightly and cargo-fuzz are already there (the long
# runs are scripts/fuzz.sh SECONDS).
if rustup toolchain list 2>/dev/null | grep -q '^nightly' && cargo fuzz --version >/dev/null 2>&1; then
  echo "== fuzz (20 s per target)"
  ./scripts/fuzz.sh "${KOJO_FUZZ_SECONDS:-20}"
else
  echo "== fuzz skipped: nightly or cargo-fuzz is not installed (scripts/fuzz.sh installs them)"
fi
