# shellcheck shell=bash
# Shared helpers for scripts/{setup,run,test}.sh. Source it; do not run it.
#
# It decides which compiler builds the WebAssembly half of the studio and exports the
# environment for it, so that every script builds with the same toolchain:
#
#   rustup route  - rustup's toolchain has the wasm32-unknown-unknown target: nothing extra.
#   debian route  - it does not (and cannot download it): Debian's rustc-web (a newer rustc with
#                   the standard library's source) builds std for wasm32 with -Zbuild-std.
#
# Only the WebAssembly build uses that compiler; everything native uses rustup's.

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

# Decides the route and puts cargo's bin folder on PATH. Nothing else is exported: the
# native half (server, clippy, tests) always builds with the machine's own toolchain, so that the
# release build and the tests share one dependency tree; only `wasm_cargo` uses Debian's rustc.
toolchain_env() {
  WASM_ROUTE=$(wasm_route)
  export WASM_ROUTE
  local bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  case ":$PATH:" in *":$bin:"*) ;; *) export PATH="$bin:$PATH" ;; esac
  # .cargo/config.toml builds both halves with `--cfg erase_components`; a RUSTFLAGS variable
  # would replace that list, and a server and a front end that disagree on it fail to hydrate.
  if [ -n "${RUSTFLAGS+set}" ]; then
    case " $RUSTFLAGS " in *" erase_components "*) ;; *) export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg erase_components" ;; esac
  fi
}

# Runs cargo for the WebAssembly half. On the Debian route: Debian's rustc-web, which builds the
# wasm32 standard library from source (-Zbuild-std), linked by lld's wasm-ld.
wasm_cargo() {
  if [ "$WASM_ROUTE" = debian ]; then
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld \
      cargo "$@" -Zbuild-std=std,panic_abort
  else
    cargo "$@"
  fi
}

# Runs cargo with the machine's own (rustup) toolchain: the server, clippy, tests and doctests.
native_cargo() {
  env -u RUSTC -u RUSTC_BOOTSTRAP -u CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER cargo "$@"
}

# Runs a command in the background with its output in a log file; `wait_logged` collects it.
# Used to build the front end while the native half builds (two cargo processes, two target
# folders, so neither waits for the other's lock).
declare -A BG_PIDS=()
declare -A BG_LOGS=()
start_logged() {
  local name=$1 log=$2
  shift 2
  mkdir -p "$(dirname "$log")"
  say "$name: started in the background (log: ${log#"$ROOT"/})"
  # Not `if "$@"`: bash ignores `set -e` inside a function run as a condition, so a step that
  # is a function (build.sh's build_front_end) would go on past its first failure and end well.
  (
    set -e
    start=$SECONDS
    "$@" >"$log" 2>&1
    echo "finished in $((SECONDS - start)) s" >>"$log"
  ) &
  BG_PIDS[$name]=$!
  BG_LOGS[$name]=$log
}

# Waits for a background step, printing a line of progress every 30 s; dies with its log's tail
# when it failed.
wait_logged() {
  local name=$1 pid=${BG_PIDS[$1]} log=${BG_LOGS[$1]} start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    if [ $(((SECONDS - start) % 30)) -lt 5 ] && kill -0 "$pid" 2>/dev/null; then
      say "waiting for $name: $(grep -c 'Compiling' "$log" || true) crates compiled, last: $(tail -n 1 "$log" | cut -c1-80)"
    fi
  done
  if wait "$pid"; then
    say "$name: $(tail -n 1 "$log")"
  else
    warn "$name failed; the end of its log (${log#"$ROOT"/}):"
    tail -n 40 "$log" >&2
    die "$name failed"
  fi
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

# binaryen's wasm-opt, prebuilt from the npm registry (tools/package.json).
wasm_opt() {
  echo "$ROOT/tools/node_modules/.bin/wasm-opt"
}

# Installs wasm-bindgen's CLI at exactly the version of the wasm-bindgen crate in Cargo.lock
# (it must match), unless it is there. No registry has it prebuilt, so it compiles: unoptimised
# (--debug), which takes a quarter of the time of a release install (90 s of CPU instead of
# 380) and makes it bind our bundle in 2 s instead of 0.5. Not --locked: one of its locked
# dependency versions is missing from the registry; on the Debian route with Debian's newer
# rustc, which some of the newest need.
ensure_wasm_bindgen() {
  local want have
  want=$(locked_wasm_bindgen_version)
  [ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" = "$want" ]; then
    say "wasm-bindgen present: $have (matches Cargo.lock)"
    return
  fi
  local log="$ROOT/target/logs/wasm-bindgen-cli.log"
  mkdir -p "$(dirname "$log")"
  say "installing wasm-bindgen-cli $want (first time only; log: ${log#"$ROOT"/})"
  local start=$SECONDS
  if [ "$WASM_ROUTE" = debian ]; then
    RUSTC=/usr/bin/rustc cargo install --debug wasm-bindgen-cli --version "$want" --force >"$log" 2>&1
  else
    cargo install --debug wasm-bindgen-cli --version "$want" --force >"$log" 2>&1
  fi || {
    tail -n 30 "$log" >&2
    die "installing wasm-bindgen-cli failed (log: $log)"
  }
  say "wasm-bindgen-cli $want installed ($((SECONDS - start)) s)"
}
