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
# The missing ones compile at the same time: cargo-leptos spends minutes on one crate on one core,
# and the others use the second. Each writes its own log; a failure prints it.
LOG_DIR="$ROOT/target/setup-logs"
mkdir -p "$LOG_DIR"
jobs_names=()
jobs_pids=()
start_install() {
  local name=$1
  shift
  say "installing $name in the background (log: ${LOG_DIR#"$ROOT"/}/$name.log)"
  cargo install "$@" >"$LOG_DIR/$name.log" 2>&1 &
  jobs_names+=("$name")
  jobs_pids+=($!)
}

if cargo leptos --version >/dev/null 2>&1; then
  say "cargo-leptos present: $(cargo leptos --version)"
else
  start_install cargo-leptos cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

want=$(locked_wasm_bindgen_version)
[ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" = "$want" ]; then
  say "wasm-bindgen present: $have (matches Cargo.lock)"
else
  # Not --locked: one of its locked dependency versions is missing from the registry.
  start_install wasm-bindgen-cli wasm-bindgen-cli --version "$want" --force
fi

# Debian's binaryen (108) produces wasm that fails at hydration, so only a wasm-opt from
# crates.io (binaryen >= 116) in cargo's bin folder counts.
if [ -x "$HOME/.cargo/bin/wasm-opt" ]; then
  say "wasm-opt present: $("$HOME/.cargo/bin/wasm-opt" --version)"
else
  start_install wasm-opt wasm-opt --version "$WASM_OPT_VERSION"
fi

if [ ${#jobs_pids[@]} -gt 0 ]; then
  start=$SECONDS
  say "compiling ${jobs_names[*]} from source (first time only: cargo-leptos takes about 20 min on 2 cores)"
  # A line of progress every 30 s, so that a long first build does not look like a hang.
  while true; do
    running=()
    for i in "${!jobs_pids[@]}"; do
      if kill -0 "${jobs_pids[$i]}" 2>/dev/null; then
        running+=("${jobs_names[$i]} ($(grep -c 'Compiling' "$LOG_DIR/${jobs_names[$i]}.log" || true) crates)")
      fi
    done
    [ ${#running[@]} -gt 0 ] || break
    say "still compiling after $((SECONDS - start)) s: ${running[*]}"
    sleep 30
  done
  failed=0
  for i in "${!jobs_pids[@]}"; do
    if wait "${jobs_pids[$i]}"; then
      say "${jobs_names[$i]} installed ($((SECONDS - start)) s)"
    else
      warn "installing ${jobs_names[$i]} failed; its log:"
      tail -n 40 "$LOG_DIR/${jobs_names[$i]}.log" >&2
      failed=1
    fi
  done
  [ "$failed" -eq 0 ] || die "some tools did not install (see above)"
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
