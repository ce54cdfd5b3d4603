#!/usr/bin/env bash
# The studio's hotspot analysis of a million pasted keys against Kafka's own C client library
# merely assigning the same keys to partitions, side by side, as whole processes (a benchmark,
# not a test: it reports, it does not judge).
#
#   scripts/bench-hotspot.sh          # uses target/release/kafka-studio; BENCH_KEYS (1000000)
#
# The studio side: `kafka-studio size design.json`, a design whose producer has the keys pasted
# (parse, validate, merge duplicates, place, size, report: parse to result). The librdkafka side:
# scripts/bench/rdkafka_partition.c, built here from Debian's librdkafka-dev when it is
# installed (say `apt-get install librdkafka-dev`; the script says so and measures only the
# studio otherwise), reading the keys one per line and calling rd_kafka_msg_partitioner_murmur2
# for each. Both runs are timed by hyperfine when present (else five runs with `time`).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

bin=target/release/kafka-studio
[ -x "$bin" ] || die "build the studio first (scripts/build.sh --server)"
n=${BENCH_KEYS:-1000000}
partitions=48
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$n" "$partitions" "$work" <<'EOF'
import json, random, sys
n, partitions, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(7)
# Customer ids with repeats, as pasted from a log: a million draws from 900 000 ids, about 600 000
# distinct, 400 000 repeats.
keys = [f"customer-{random.randrange(n * 9 // 10)}" for _ in range(n)]
open(f"{work}/keys.txt", "w").write("\n".join(keys) + "\n")
design = {
    "schema": "kafka-design/v1", "name": "a million pasted keys",
    "nodes": [
        {"id": "p", "kind": "producer", "name": "orders", "messages_per_sec": 10000, "avg_message_bytes": 500,
         "key": {"field": "customerId", "distribution": {"kind": "sample", "keys": keys}}},
        {"id": "t", "kind": "topic", "name": "shop.orders.created", "partitions": partitions,
         "config": {"replication.factor": 3, "min.insync.replicas": 2, "cleanup.policy": "delete", "retention.ms": 604800000}},
    ],
    "edges": [{"from": "p", "to": "t"}],
}
json.dump(design, open(f"{work}/design.json", "w"))
EOF
say "$n keys ($(du -h "$work/keys.txt" | cut -f1) as lines, $(du -h "$work/design.json" | cut -f1) as a design), $partitions partitions"

c_side=()
if pkg-config --exists rdkafka 2>/dev/null || [ -f /usr/include/librdkafka/rdkafka.h ]; then
  cc -O2 -o "$work/rdkafka_partition" scripts/bench/rdkafka_partition.c -lrdkafka
  c_side=("$work/rdkafka_partition" "$work/keys.txt" "$partitions")
  say "librdkafka $(dpkg-query -W -f='${Version}' librdkafka-dev 2>/dev/null || echo '(version unknown)'): $("${c_side[@]}")"
else
  warn "librdkafka-dev is not installed (apt-get install librdkafka-dev): measuring the studio alone"
fi
studio=("$bin" size "$work/design.json" --format json)
# `size` exits 1 when the design has error findings (this one has: auto topic creation is on).
"${studio[@]}" >"$work/size.json" || [ $? -eq 1 ] || die "kafka-studio size failed"
say "the studio: $(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["topics"][0]; print(t["name"], "on", t["partitions"], "partitions")' "$work/size.json")"

if command -v hyperfine >/dev/null; then
  # 40 runs each: a short process's time varies with the kernel's page zeroing; the medians are
  # what the ratio is taken of.
  args=(--warmup 5 --runs 40 -N -i --export-json "$work/runs.json" -n "kafka-studio size (parse to result)" "${studio[*]}")
  if [ ${#c_side[@]} -gt 0 ]; then
    args+=(-n "librdkafka assigning the keys" "${c_side[*]}")
  fi
  hyperfine "${args[@]}"
  python3 - "$work/runs.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
for r in runs:
    print(f"median {r['median'] * 1e3:6.1f} ms  {r['command']}")
if len(runs) == 2:
    print(f"the studio takes {runs[0]['median'] / runs[1]['median']:.2f}x librdkafka's time (medians)")
PY
else
  for run in 1 2 3 4 5; do
    /usr/bin/time -f "kafka-studio size: %e s" "${studio[@]}" >/dev/null || true
    if [ ${#c_side[@]} -gt 0 ]; then /usr/bin/time -f "librdkafka: %e s" "${c_side[@]}" >/dev/null; fi
  done
fi
