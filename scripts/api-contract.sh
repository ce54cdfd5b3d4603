#!/usr/bin/env bash
# The API against its own description: schemathesis (from PyPI) reads /api/v1/openapi.json of a
# running studio, generates requests for every operation (a bounded number of examples each)
# and checks every answer: no 5xx, a documented status, a documented media type and headers,
# and a body that matches the documented schema.
#
#   scripts/api-contract.sh http://127.0.0.1:3000      (scripts/test.sh runs it)
#
# It signs up an account of its own and makes a design and a review link, so that the
# operations on `{id}` and `{token}` reach real data; documents, charts and files are drawn
# from dictionaries of their real names half of the time. Log-out and the two deletes are left
# out (they would end the session and remove the data the others need; the integration tests
# cover them), and so are the live event streams (they answer for as long as the design is open:
# server/tests/reviews_api.rs reads them). SCHEMATHESIS_EXAMPLES sets the examples per operation (default 25).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

url=${1:?usage: api-contract.sh STUDIO_URL}
st="$ROOT/target/venv/bin/st"
[ -x "$st" ] || die "schemathesis is not installed: run scripts/setup.sh --test"
work="$ROOT/target/api-contract"
mkdir -p "$work"

email="contract+$(date +%s%N)@example.com"
session=$(curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"correct horse battery\"}" "$url/api/v1/auth/signup" |
  sed -n 's/^[Ss]et-[Cc]ookie: studio_session=\([^;]*\);.*/\1/p')
[ -n "$session" ] || die "could not sign up at $url"
auth=(-H "Cookie: studio_session=$session")
id=$(curl -fsS "${auth[@]}" -H 'content-type: application/json' \
  --data-binary @"$ROOT/server/tests/fixtures/orders-platform.json" "$url/api/v1/designs" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
token=$(curl -fsS "${auth[@]}" -X POST "$url/api/v1/designs/$id/shares" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

cat >"$work/schemathesis.toml" <<EOF
# Written by scripts/api-contract.sh for one run.
[parameters]
"path.id" = "$id"
"path.token" = "$token"
"path.n" = 1
"path.document" = { dictionary = "documents", probability = 0.5 }
"path.chart" = { dictionary = "charts", probability = 0.5 }
"path.file" = { dictionary = "files", probability = 0.5 }

[dictionaries.documents]
values = ["report.md", "report.zip", "report.pdf"]

[dictionaries.charts]
values = ["partition-load.svg", "broker-utilisation.svg", "storage-growth.svg", "consumer-lag.svg", "latency.svg", "peak-lag.svg", "cost-breakdown.svg", "cost-growth.svg", "topology.svg"]

[dictionaries.files]
values = ["kafka-topics.sh", "strimzi.yaml", "terraform.tf"]
EOF

# schemathesis keeps its cache and reports in the folder it runs in.
cd "$work"
"$st" --config-file "$work/schemathesis.toml" run "$url/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --exclude-path /api/v1/auth/logout \
  --exclude-path-regex '/events$' \
  --exclude-method DELETE \
  --phases examples,coverage,fuzzing \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" \
  --request-timeout 10 \
  --seed "${SCHEMATHESIS_SEED:-20261123}" \
  --no-color \
  "${auth[@]}"
