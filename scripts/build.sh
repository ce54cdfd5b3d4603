#!/usr/bin/env bash
# Builds the studio for release, the way `cargo leptos build --release` would, without needing
# cargo-leptos (whose own installation takes 20 minutes on 2 cores):
#
#   front end  the `app` crate with feature `hydrate`, compiled to WebAssembly (profile
#              wasm-release: size over speed), bound by wasm-bindgen, shrunk by binaryen's
#              wasm-opt, beside the stylesheet and the public assets in target/site/
#   server     the `kafka-studio` binary (release profile, the machine's own toolchain)
#
#   scripts/build.sh               both, at the same time (two target folders, so neither waits)
#   scripts/build.sh --front-end   only the front end
#   scripts/build.sh --server      only the server
#
# The metadata for cargo-leptos stays in Cargo.toml: `cargo leptos watch` works for those who
# have it. This script does not call setup.sh; run.sh and test.sh do.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Where the WebAssembly build keeps its artifacts: apart from target/ so that it can run while the
# native build holds target/'s lock.
FRONT_TARGET="$ROOT/target/front"
SITE="$ROOT/target/site"

# The WebAssembly bundle, its JavaScript glue, the stylesheet and the assets, in target/site/.
build_front_end() {
  toolchain_env
  cd "$ROOT"
  # wasm-bindgen's CLI is needed only once the WebAssembly is compiled: install it meanwhile.
  ensure_wasm_bindgen &
  local bindgen=$!
  wasm_cargo build --package app --lib --target wasm32-unknown-unknown --profile wasm-release \
    --no-default-features --features hydrate --target-dir "$FRONT_TARGET"
  wait "$bindgen" || die "wasm-bindgen-cli is missing"
  local wasm="$FRONT_TARGET/wasm32-unknown-unknown/wasm-release/app.wasm"
  local staging="$SITE/pkg.new"
  rm -rf "$staging"
  mkdir -p "$staging"
  wasm-bindgen --target web --no-typescript --out-dir "$staging" --out-name studio "$wasm"
  # The page asks for /pkg/studio.wasm (LEPTOS_OUTPUT_NAME is set in .cargo/config.toml).
  "$(wasm_opt)" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$staging/studio_bg.wasm" -o "$staging/studio.wasm"
  rm "$staging/studio_bg.wasm"
  cp "$ROOT/style/main.css" "$staging/studio.css"
  cp -R "$ROOT/public/." "$SITE/"
  # Swap the new bundle in at once: a running studio never serves half of one.
  rm -rf "$SITE/pkg.old"
  if [ -d "$SITE/pkg" ]; then mv "$SITE/pkg" "$SITE/pkg.old"; fi
  mv "$staging" "$SITE/pkg"
  rm -rf "$SITE/pkg.old"
  echo "front end: $(du -k "$SITE/pkg/studio.wasm" | cut -f1) KiB of WebAssembly ($(gzip -c "$SITE/pkg/studio.wasm" | wc -c) bytes gzipped)"
}

build_server() {
  toolchain_env
  cd "$ROOT"
  native_cargo build --release --package server --bin kafka-studio
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    --front-end) timed "building the front end (WebAssembly)" build_front_end ;;
    --server) timed "building the server" build_server ;;
    "")
      start_logged "front end (WebAssembly)" "$ROOT/target/logs/front-end.log" build_front_end
      timed "building the server (release)" build_server
      wait_logged "front end (WebAssembly)"
      ;;
    *) die "build.sh: unknown argument $1 (takes --front-end or --server)" ;;
  esac
fi
