#!/bin/sh
# Contract check and verify of a partner's pacts against the CHeKT Partner API sandbox, for any CI.
# Usage: contract-ci.sh <folder of pact files> [client id]   (run from a checkout of the sandbox)
set -eu
PACTS="${1:?give the folder of your pact files}"
CLIENT="${2:-}"
export PACT_DO_NOT_TRACK=true
mkdir -p reports
status=0
npx chekt-mock contract check "$PACTS" --json reports/contract-check.json --junit reports/contract-check.xml || status=1
if [ -n "$CLIENT" ]; then
  npx chekt-mock contract verify "$PACTS" --client-id "$CLIENT" --json reports/contract-verify.json --junit reports/contract-verify.xml || status=1
else
  npx chekt-mock contract verify "$PACTS" --json reports/contract-verify.json --junit reports/contract-verify.xml || status=1
fi
exit "$status"
