#!/usr/bin/env bash
# Load benchmark of the designs API with wrk (not a test: it reports, it does not judge).
#
#   scripts/bench-api.sh            # builds nothing; uses target/release/kafka-studio
#   STUDIO_URL=http://host:port scripts/bench-api.sh   # against a running studio
#
# Measures GET of a saved 200-node design, PUT of a fresh revision of it (each connection saves
# its own design with If-Match of the revision it last got) and POST /api/v1/analyze of the
# e-commerce template, and prints requests/s and latency percentiles. wrk shares the machine's
# cores with the studio. Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (8), BENCH_NODES (200).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

apt_ensure wrk
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-8}
nodes=${BENCH_NODES:-200}
work=$(mktemp -d)
chmod 755 "$work" # the private Postgres runs as `postgres` when the studio runs as root
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

url=${STUDIO_URL:-}
if [ -z "$url" ]; then
  bin=target/release/kafka-studio
  [ -x "$bin" ] || die "build the studio first (scripts/run.sh or cargo leptos build --release)"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  RUST_LOG=warn "$bin" --addr "127.0.0.1:$port" --data-dir "$work/data" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fs "$url/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$url/healthz" >/dev/null || { cat "$work/server.log"; die "the studio did not start"; }
fi

python3 scripts/bench/design.py "$nodes" >"$work/design.json"
email="bench+$(date +%s%N)@example.com"
session=$(curl -fs -D - -o /dev/null -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"correct horse battery\"}" "$url/api/v1/auth/signup" |
  sed -n 's/^[Ss]et-[Cc]ookie: studio_session=\([^;]*\);.*/\1/p')
[ -n "$session" ] || die "could not sign up at $url"
ids=()
for _ in $(seq 1 "$connections"); do
  ids+=("$(curl -fs -H 'content-type: application/json' -H "Cookie: studio_session=$session" \
    --data-binary @"$work/design.json" "$url/api/v1/designs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
done
say "design: $nodes nodes, $(wc -c <"$work/design.json") bytes; $connections connections, $seconds s each"

say "GET /api/v1/designs/{id}"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: studio_session=$session" \
  "$url/api/v1/designs/${ids[0]}" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'

say "PUT /api/v1/designs/{id} with If-Match of the newest revision"
BENCH_IDS=$(IFS=,; echo "${ids[*]}") BENCH_DESIGN="$work/design.json" BENCH_SESSION="$session" \
  wrk -t"$connections" -c"$connections" -d"${seconds}s" --latency -s scripts/bench/put.lua "$url" |
  grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'
revisions=$(curl -fs -H "Cookie: studio_session=$session" "$url/api/v1/designs/${ids[0]}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])')
say "design ${ids[0]} is now at revision $revisions"

say "POST /api/v1/analyze of the e-commerce template ($(wc -c <crates/design/templates/ecommerce.json) bytes)"
BENCH_BODY=crates/design/templates/ecommerce.json \
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/bench/post.lua "$url/api/v1/analyze" |
  grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'
