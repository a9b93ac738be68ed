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
# Every fuzz target briefly where cargo-fuzz is installed (on nightly, or on stable through
# RUSTC_BOOTSTRAP; the long runs are scripts/fuzz.sh SECONDS).
if cargo fuzz --version >/dev/null 2>&1; then
  echo "== fuzz (${KOJO_FUZZ_SECONDS:-20} s per target)"
  KOJO_FUZZ_NO_INSTALL=1 ./scripts/fuzz.sh "${KOJO_FUZZ_SECONDS:-20}"
else
  # The targets still compile against today's crates, so a changed API is caught here
  # and not first on a machine that has cargo-fuzz.
  echo "== fuzz targets: cargo check (cargo-fuzz is not installed: cargo install --locked cargo-fuzz)"
  cargo check --manifest-path fuzz/Cargo.toml --bins --locked
fi
