#!/usr/bin/env bash
# Installs what the studio needs to build and run, and with --test what its tests need too.
# Idempotent: everything already present is skipped (and said so). Called by run.sh and test.sh;
# safe to run on its own.
#
#   scripts/setup.sh          compiler for the wasm half (Debian route), binaryen's wasm-opt
#                             (prebuilt, from npm), Postgres server binaries
#   scripts/setup.sh --test   also Chromium, poppler-utils, the e2e npm packages, schemathesis
#                             (a Python venv in target/venv) and cargo-fuzz
#
# wasm-bindgen's CLI is installed by scripts/build.sh, while the front end compiles (it has to
# be compiled itself, about 3 minutes, and is needed only at the end of that build).
# cargo-leptos is not needed (scripts/build.sh does its job); `cargo leptos watch` still works
# for those who install it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"


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
# The front end's bundles are sent brotli-compressed at quality 11 (scripts/build.sh).
command -v brotli >/dev/null || pkgs+=(brotli)
if [ "$with_test" -eq 1 ]; then
  pkgs+=(chromium poppler-utils)
  command -v curl >/dev/null || pkgs+=(curl)
fi
if [ ${#pkgs[@]} -gt 0 ]; then apt_ensure "${pkgs[@]}"; fi

# --- npm: binaryen (wasm-opt), and the e2e packages ----------------------------------------------
npm_ensure() {
  local dir=$1 what=$2
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
    [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    say "$what present"
  else
    command -v npm >/dev/null || apt_ensure nodejs npm
    timed "npm ci: $what" npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
}
npm_ensure "$ROOT/tools" "binaryen (wasm-opt $(grep -o '"binaryen": "[^"]*"' "$ROOT/tools/package.json" | cut -d'"' -f4))"
if [ "$with_test" -eq 1 ]; then
  npm_ensure "$ROOT/e2e" "e2e packages (playwright-core, mermaid; no browser download)"
fi

# --- Python: schemathesis (the API against its OpenAPI document), PyYAML (YAML 1.1 reader) ----
SCHEMATHESIS_VERSION=4.32.5
if [ "$with_test" -eq 1 ]; then
  venv="$ROOT/target/venv"
  if [ -x "$venv/bin/st" ] && "$venv/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    say "schemathesis $SCHEMATHESIS_VERSION present"
  else
    python3 -m venv --help >/dev/null 2>&1 || apt_ensure python3-venv
    timed "pip install schemathesis $SCHEMATHESIS_VERSION (into target/venv)" \
      bash -c "python3 -m venv '$venv' && '$venv/bin/pip' install --quiet --disable-pip-version-check schemathesis==$SCHEMATHESIS_VERSION"
  fi
  # The report tests read the Strimzi YAML with PyYAML, as kubectl's YAML 1.1 reader would.
  python3 -c 'import yaml' 2>/dev/null || apt_ensure python3-yaml
fi

# --- cargo-fuzz (the fuzz targets' bounded run) --------------------------------------------------
CARGO_FUZZ_VERSION=0.13.2
if [ "$with_test" -eq 1 ]; then
  if cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    say "cargo-fuzz present: $(cargo fuzz --version)"
  else
    timed "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (about 1 minute)" \
      cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet
  fi
fi

say "setup complete"
