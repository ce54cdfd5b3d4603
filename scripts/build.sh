#!/usr/bin/env bash
# Builds the studio for release, the way `cargo leptos build --release` would, without needing
# cargo-leptos (whose own installation takes 20 minutes on 2 cores):
#
#   front end  the `app` crate compiled to WebAssembly three times (profile wasm-release: size
#              over speed): the `studio` bundle (feature hydrate: home, log-in), the `review`
#              bundle (hydrate + review: /s/<token>) and the `editor` bundle (hydrate + editor:
#              /editor), each bound by wasm-bindgen and shrunk by binaryen's wasm-opt, then
#              compressed (brotli, gzip), beside the stylesheet and the public assets in
#              target/site/. The server's page shell asks for the bundle the page needs.
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
# The bundles: name and the features of `app` each is built with.
BUNDLES=("studio:hydrate" "review:hydrate,review" "editor:hydrate,editor")

# The WebAssembly bundles, their JavaScript glue, the stylesheet and the assets, in target/site/.
build_front_end() {
  toolchain_env
  cd "$ROOT"
  # wasm-bindgen's CLI is needed only once the WebAssembly is compiled: install it meanwhile.
  ensure_wasm_bindgen &
  local bindgen=$!
  local staging="$SITE/pkg.new" bundle name features
  rm -rf "$staging"
  mkdir -p "$staging"
  for bundle in "${BUNDLES[@]}"; do
    name=${bundle%%:*}
    features=${bundle#*:}
    wasm_cargo build --package app --lib --target wasm32-unknown-unknown \
      --profile wasm-release --no-default-features --features "$features" --target-dir "$FRONT_TARGET"
    # Every build writes app.wasm: keep each one under its bundle's name.
    cp "$FRONT_TARGET/wasm32-unknown-unknown/wasm-release/app.wasm" "$staging/$name.raw.wasm"
  done
  wait "$bindgen" || die "wasm-bindgen-cli is missing"
  for bundle in "${BUNDLES[@]}"; do
    name=${bundle%%:*}
    wasm-bindgen --target web --no-typescript --out-dir "$staging" --out-name "$name" "$staging/$name.raw.wasm"
    # The page asks for /pkg/<name>.js and /pkg/<name>.wasm (app::shell picks the name).
    "$(wasm_opt)" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-reference-types --enable-multivalue --enable-mutable-globals \
      "$staging/${name}_bg.wasm" -o "$staging/$name.wasm"
    rm "$staging/${name}_bg.wasm" "$staging/$name.raw.wasm"
  done
  cp "$ROOT/style/main.css" "$staging/studio.css"
  # Compressed once here, as hard as the formats go, so that the server sends each bundle as a
  # file instead of compressing it for every visitor at a quick setting (brotli at quality 11
  # makes the review bundle 25 % smaller than gzip -9; the server's on-the-fly brotli, 20 %).
  compress_assets "$staging"
  cp -R "$ROOT/public/." "$SITE/"
  # Swap the new bundles in at once: a running studio never serves half of them.
  rm -rf "$SITE/pkg.old"
  if [ -d "$SITE/pkg" ]; then mv "$SITE/pkg" "$SITE/pkg.old"; fi
  mv "$staging" "$SITE/pkg"
  rm -rf "$SITE/pkg.old"
  for bundle in "${BUNDLES[@]}"; do
    name=${bundle%%:*}
    echo "$name bundle: $(du -k "$SITE/pkg/$name.wasm" | cut -f1) KiB of WebAssembly; with its script $(($(wc -c <"$SITE/pkg/$name.wasm.gz") + $(wc -c <"$SITE/pkg/$name.js.gz"))) bytes gzipped$(
      [ -f "$SITE/pkg/$name.wasm.br" ] && echo ", $(($(wc -c <"$SITE/pkg/$name.wasm.br") + $(wc -c <"$SITE/pkg/$name.js.br"))) with brotli")"
  done
}

# Beside each bundle, its script and the stylesheet: a brotli (.br, when `brotli` is installed;
# setup.sh installs it) and a gzip (.gz) copy, which the server sends to browsers that take them.
compress_assets() {
  local dir=$1 f
  for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    gzip -9 -n -k -f "$f"
    if command -v brotli >/dev/null; then brotli -q 11 -f -o "$f.br" "$f"; fi
  done
  command -v brotli >/dev/null || warn "brotli is not installed (apt-get install brotli): the bundles are sent gzipped"
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
