#!/usr/bin/env bash
# Signs a Salla webhook body the way Salla does (hex HMAC-SHA256 of the raw bytes with the webhook
# secret) and posts it to a receiver, by default the sample's (dotnet run --project samples/Salla.Codegen.Receiver).
#
#   scripts/send-example.sh [FILE|EVENT]      FILE: any JSON body; EVENT: a name such as order.created,
#                                             read from specs/examples/EVENT.json
#   SALLA_WEBHOOK_SECRET  secret to sign with (default: the sample's development-only secret)
#   SALLA_WEBHOOK_URL     where to post      (default: http://127.0.0.1:5080/webhooks/salla)
#
# Prints the HTTP status line and the receiver's short reason; exits non-zero unless the status is 2xx.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
examples="$root/specs/examples"
secret=${SALLA_WEBHOOK_SECRET:-dev-only-salla-webhook-secret-do-not-use-in-production}
url=${SALLA_WEBHOOK_URL:-http://127.0.0.1:5080/webhooks/salla}
arg=${1:-order.created}

if [[ -f "$arg" ]]; then
  file=$arg
elif [[ -f "$examples/$arg.json" ]]; then
  file="$examples/$arg.json"
elif [[ -f "$examples/$arg" ]]; then
  file="$examples/$arg"
else
  echo "send-example.sh: no file '$arg' (nor $examples/$arg.json)" >&2
  exit 2
fi

signature=$(openssl dgst -sha256 -hmac "$secret" -r < "$file" | cut -d' ' -f1)

echo "POST $url  ($(basename "$file"), $(wc -c < "$file" | tr -d ' ') bytes, X-Salla-Signature: ${signature:0:12}...)"
reply=$(mktemp)
trap 'rm -f "$reply"' EXIT
status=$(curl -sS -o "$reply" -w '%{http_code}' -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H 'X-Salla-Security-Strategy: Signature' \
  -H "X-Salla-Signature: $signature" \
  --data-binary @"$file") || { echo "send-example.sh: could not reach $url (is the receiver running?)" >&2; exit 1; }
echo "HTTP $status: $(cat "$reply")"
[[ $status == 2* ]]
