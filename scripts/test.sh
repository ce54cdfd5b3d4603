#!/usr/bin/env bash
# Runs every test of the studio, installing what they need first:
#   formatting and clippy; the release build of the front end (WebAssembly) and of the server and
#   its tests (one dependency tree, the release profile, shared by the tests and the binary the
#   end-to-end tests run); the Rust unit, property and integration tests against a private
#   Postgres this script starts, the hostile-request suite against the release binary; the
#   end-to-end tests in headless Chromium against the release server with its own embedded
#   Postgres; schemathesis against its OpenAPI document; a bounded run of every fuzz target
#   (built in the background while the tests run).
# Exits non-zero on the first failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$ROOT/scripts/setup.sh" --test
toolchain_env
cd "$ROOT"

TEST_PG_DIR="$ROOT/target/test-pg"
E2E_DATA_DIR="$ROOT/target/e2e-data"
BIN="$ROOT/target/release/kafka-studio"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -x "$BIN" ]; then
    "$BIN" postgres stop --data-dir "$TEST_PG_DIR" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

timed "cargo fmt --check" cargo fmt --all -- --check
cargo fmt --manifest-path "$ROOT/fuzz/Cargo.toml" -- --check

# The front end compiles in the background, in a target folder of its own, while the native
# half is linted and built in the foreground.
start_logged "front end (WebAssembly)" "$ROOT/target/logs/front-end.log" "$ROOT/scripts/build.sh" --front-end

timed "cargo clippy (-D warnings)" native_cargo clippy --workspace --all-targets --quiet -- -D warnings
# The browser half of the UI type-checks natively too: lint the three bundles (studio: hydrate;
# review: hydrate + review; editor: hydrate + editor).
timed "cargo clippy, front end (studio bundle)" native_cargo clippy -p app --features hydrate --quiet -- -D warnings
timed "cargo clippy, front end (review bundle)" native_cargo clippy -p app --features hydrate,review --quiet -- -D warnings
timed "cargo clippy, front end (editor bundle)" native_cargo clippy -p app --features hydrate,editor --quiet -- -D warnings

# One release build: the tests, and the kafka-studio binary the end-to-end tests run.
timed "building the server and the tests (release)" native_cargo test --release --workspace --no-run --quiet
wait_logged "front end (WebAssembly)"
# The tests spend much of their time waiting on Postgres and Chromium: build the fuzz targets
# (their own target folder) meanwhile.
start_logged "fuzz targets (build)" "$ROOT/target/logs/fuzz-build.log" "$ROOT/scripts/fuzz.sh" build

say "starting a private Postgres for the Rust tests ($TEST_PG_DIR)"
TEST_DATABASE_URL=$("$BIN" postgres start --data-dir "$TEST_PG_DIR")
export TEST_DATABASE_URL

timed "cargo test (unit, property, integration, hostile requests, doc tests)" native_cargo test --release --workspace

# End-to-end: the release server exactly as scripts/run.sh starts it, on a free port, with a
# fresh embedded Postgres of its own.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export STUDIO_URL="http://127.0.0.1:$port"
rm -rf "$E2E_DATA_DIR"
say "starting the studio for the end-to-end tests on $STUDIO_URL"
env -u DATABASE_URL "$BIN" --addr "127.0.0.1:$port" --data-dir "$E2E_DATA_DIR" >"$ROOT/target/e2e-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "$STUDIO_URL/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$ROOT/target/e2e-server.log"; die "the studio did not start"; }
  sleep 0.5
done
curl -fsS "$STUDIO_URL/healthz" >/dev/null || { cat "$ROOT/target/e2e-server.log"; die "the studio did not become healthy"; }

timed "end-to-end tests (Playwright in headless Chromium)" npm --prefix "$ROOT/e2e" test
timed "API contract (schemathesis against /api/v1/openapi.json)" "$ROOT/scripts/api-contract.sh" "$STUDIO_URL"

wait_logged "fuzz targets (build)"
FUZZ_SECONDS=${FUZZ_SECONDS:-30} timed "fuzzing (bounded run of every target)" "$ROOT/scripts/fuzz.sh"

say "all tests passed"
