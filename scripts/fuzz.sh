#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz, libFuzzer) of the studio's parsers, engine and
# documents; see fuzz/fuzz_targets/ for what each target checks.
#
#   scripts/fuzz.sh              every target for FUZZ_SECONDS each (default 60; test.sh: 45)
#   scripts/fuzz.sh hotspot_request 600
#   scripts/fuzz.sh build        only build the targets
#
# Limits stated for every input: at most FUZZ_TIMEOUT seconds (default 5) and FUZZ_RSS_MB of
# memory (default 2048); an input past either is a failure, like a panic. The seed corpus
# (fuzz/corpus/<target>/, and for the importers their test fixtures) is in the repository and
# read only; what a run discovers goes to
# target/fuzz-corpus/<target>/ (copy interesting finds into fuzz/corpus by hand). A failing
# input is written to fuzz/artifacts/<target>/ and printed.
#
# cargo fuzz needs the unstable -Z flags of rustc; the machine's stable toolchain accepts them
# with RUSTC_BOOTSTRAP=1. No sanitizer: the code under test is safe Rust (no unsafe of ours),
# and what the fuzzing looks for is panics, unbounded time and unbounded memory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
toolchain_env
cd "$ROOT/fuzz"

build_only=0
if [ "${1:-}" = build ]; then
  build_only=1
  shift
fi
targets=("${1:-design_documents hotspot_request units_parse import_asyncapi import_streams_topology import_kafka_topics_describe import_consumer_groups_describe import_strimzi import_terraform schema_parsers change_plan comment_markup}")
seconds=${2:-${FUZZ_SECONDS:-60}}
timeout=${FUZZ_TIMEOUT:-5}
rss=${FUZZ_RSS_MB:-2048}
fuzz=(env RUSTC_BOOTSTRAP=1 cargo fuzz)

timed "building the fuzz targets (instrumented)" "${fuzz[@]}" build --sanitizer none
[ "$build_only" -eq 0 ] || exit 0
# The importers' seeds are their test fixtures (real documents, sources in each SOURCES.md),
# read in place rather than copied into fuzz/corpus.
fixtures_of() {
  case $1 in
    import_asyncapi) echo asyncapi ;;
    import_streams_topology) echo streams ;;
    import_kafka_topics_describe) echo topics-describe ;;
    import_consumer_groups_describe) echo groups-describe ;;
    import_strimzi) echo strimzi ;;
    import_terraform) echo terraform ;;
  esac
}

for target in ${targets[*]}; do
  found="$ROOT/target/fuzz-corpus/$target"
  mkdir -p "$found"
  seeds=()
  [ -d "$ROOT/fuzz/corpus/$target" ] && seeds+=("$ROOT/fuzz/corpus/$target")
  fixtures=$(fixtures_of "$target")
  [ -n "$fixtures" ] && seeds+=("$ROOT/crates/interop/tests/fixtures/$fixtures")
  dict=()
  [ "$target" = design_documents ] && dict=(-dict="$ROOT/fuzz/design.dict")
  timed "fuzzing $target for $seconds s (timeout ${timeout}s, ${rss} MB per input)" \
    "${fuzz[@]}" run --sanitizer none "$target" "$found" "${seeds[@]}" -- \
    -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss" -max_len=65536 \
    -print_final_stats=1 "${dict[@]}"
done
