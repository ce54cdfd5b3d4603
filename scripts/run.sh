#!/usr/bin/env bash
# Builds the studio and runs it on http://127.0.0.1:3000.
#
# Without DATABASE_URL it keeps its designs in a private Postgres cluster under ./data (created on
# first run, kept across restarts, stopped when the studio stops). Arguments are passed to the
# server: scripts/run.sh --addr 0.0.0.0:8080, scripts/run.sh --help.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$ROOT/scripts/setup.sh"
toolchain_env
cd "$ROOT"

"$ROOT/scripts/build.sh"

say "starting the studio; stop it with Ctrl+C"
exec "$ROOT/target/release/kafka-studio" "$@"
