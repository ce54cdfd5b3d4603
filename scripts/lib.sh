# shellcheck shell=bash
# Shared helpers for scripts/{setup,run,test}.sh. Source it; do not run it.
#
# It decides which compiler builds the WebAssembly half of the studio and exports the
# environment for it, so that every script builds with the same toolchain:
#
#   rustup route  - rustup's toolchain has the wasm32-unknown-unknown target: nothing extra.
#   debian route  - it does not (and cannot download it): Debian's rustc-web (a newer rustc with
#                   the standard library's source) builds std for wasm32 with -Zbuild-std.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# The sqlx query macros read the committed `.sqlx/` data instead of a live database, so that a
# build never depends on which Postgres happens to be reachable at compile time.
export SQLX_OFFLINE=true

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() {
  printf '\033[1;31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

# Runs a long step and says how long it took.
timed() {
  local label=$1 start=$SECONDS
  shift
  say "$label"
  "$@"
  say "$label: done in $((SECONDS - start)) s"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install it yourself or run as root)"
  fi
}

APT_UPDATED=0
# Installs the Debian packages that are not installed yet; says which ones it skipped.
apt_ensure() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: $*"
    return
  fi
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get: install them by hand"
  if [ "$APT_UPDATED" -eq 0 ]; then
    timed "apt-get update" as_root apt-get update -q
    APT_UPDATED=1
  fi
  timed "apt-get install ${missing[*]}" as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Which way the wasm32 standard library is had on this machine (see the header).
wasm_route() {
  if [ -n "${STUDIO_WASM_ROUTE:-}" ]; then
    echo "$STUDIO_WASM_ROUTE"
  elif command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo rustup
  else
    echo debian
  fi
}

# Exports the build environment for the route and sets LEPTOS_ARGS for `cargo leptos`.
toolchain_env() {
  WASM_ROUTE=$(wasm_route)
  export WASM_ROUTE
  LEPTOS_ARGS=()
  if [ "$WASM_ROUTE" = debian ]; then
    export RUSTC=/usr/bin/rustc
    export RUSTC_BOOTSTRAP=1
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld
    # Only the lib (wasm) build gets -Zbuild-std; the server is an ordinary native build.
    LEPTOS_ARGS=(--lib-cargo-args=-Zbuild-std=std,panic_abort)
  fi
  # Tools that `cargo install` puts here must be found by cargo-leptos.
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
}

# Runs cargo with the machine's own (rustup) toolchain, for native-only work: clippy, tests and
# doctests. Their drivers (clippy-driver, rustdoc) belong to that toolchain and cannot read crates
# compiled by Debian's rustc-web, which the debian route uses for what cargo-leptos builds.
native_cargo() {
  env -u RUSTC -u RUSTC_BOOTSTRAP -u CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER cargo "$@"
}

# The wasm-bindgen version pinned in Cargo.lock (the CLI must match it exactly).
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Where this machine's Postgres server binaries live (Debian keeps them off PATH).
pg_bin_dir() {
  if command -v initdb >/dev/null; then
    dirname "$(command -v initdb)"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}
