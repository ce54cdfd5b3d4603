#!/usr/bin/env bash
# Installs what the studio needs to build and run, and with --test what its tests need too.
# Idempotent: everything already present is skipped (and said so). Called by run.sh and test.sh;
# safe to run on its own.
#
#   scripts/setup.sh          compiler for the wasm half, cargo-leptos, wasm-bindgen, wasm-opt,
#                             Postgres server binaries
#   scripts/setup.sh --test   also Chromium, poppler-utils and the e2e npm packages
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CARGO_LEPTOS_VERSION=0.3.11
WASM_OPT_VERSION=0.116.1

with_test=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    *) die "setup.sh: unknown argument $arg (takes --test)" ;;
  esac
done

toolchain_env
say "WebAssembly toolchain: $WASM_ROUTE route"

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs) and run this again"

# --- Debian packages -------------------------------------------------------------------------
pkgs=()
if [ "$WASM_ROUTE" = debian ]; then
  pkgs+=(rustc-web cargo-web rust-web-src lld-22)
fi
[ -n "$(pg_bin_dir)" ] || pkgs+=(postgresql)
if [ "$with_test" -eq 1 ]; then
  pkgs+=(chromium poppler-utils)
  command -v curl >/dev/null || pkgs+=(curl)
fi
if [ ${#pkgs[@]} -gt 0 ]; then apt_ensure "${pkgs[@]}"; fi

# --- cargo tools -----------------------------------------------------------------------------
cargo_install() {
  local what=$1
  shift
  timed "cargo install $what (compiles from source; the first time takes a while)" \
    cargo install --quiet "$@"
}

if cargo leptos --version >/dev/null 2>&1; then
  say "cargo-leptos present: $(cargo leptos --version)"
else
  cargo_install "cargo-leptos $CARGO_LEPTOS_VERSION (about 20 min on 2 cores)" \
    cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

want=$(locked_wasm_bindgen_version)
[ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" = "$want" ]; then
  say "wasm-bindgen present: $have (matches Cargo.lock)"
else
  # Not --locked: one of its locked dependency versions is missing from the registry.
  cargo_install "wasm-bindgen-cli $want (matching Cargo.lock; found '${have:-none}')" \
    wasm-bindgen-cli --version "$want" --force
fi

# Debian's binaryen (108) produces wasm that fails at hydration, so only a wasm-opt from
# crates.io (binaryen >= 116) in cargo's bin folder counts.
if [ -x "$HOME/.cargo/bin/wasm-opt" ]; then
  say "wasm-opt present: $("$HOME/.cargo/bin/wasm-opt" --version)"
else
  cargo_install "wasm-opt $WASM_OPT_VERSION (builds binaryen, about 10 min)" \
    wasm-opt --version "$WASM_OPT_VERSION"
fi

# --- browser tests ---------------------------------------------------------------------------
if [ "$with_test" -eq 1 ]; then
  if [ -d "$ROOT/e2e/node_modules/playwright-core" ] &&
    [ "$ROOT/e2e/node_modules/.package-lock.json" -nt "$ROOT/e2e/package-lock.json" ]; then
    say "e2e npm packages present"
  else
    command -v npm >/dev/null || apt_ensure nodejs npm
    timed "npm ci (e2e, playwright-core; no browser download)" \
      npm ci --prefix "$ROOT/e2e" --no-audit --no-fund --loglevel=error
  fi
fi

say "setup complete"
