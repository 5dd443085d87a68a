#!/bin/sh
# auth-health-check.sh - the spec's health check for cron, a thin wrapper around mana-auth-health.
#
# Usage: auth-health-check.sh [mana-auth-health options] [base-url ...]
#
#   Without a base URL or --config it checks $AUTH_URL
#   (default: http://localhost:3001/api/v1/auth, i.e. <base>/health and <base>/jwks).
#   With $AUTH_HISTORY set and no --history flag, results are appended to that file.
#   Exit codes: 0 healthy, 1 degraded, 2 down, 3 usage or config error.
set -eu

mana_bin=$(dirname -- "$(readlink -f -- "$0" 2>/dev/null || printf '%s' "$0")")
. "$mana_bin/mana-cli.sh"

if [ -n "${AUTH_HISTORY:-}" ] && ! mana_given '--history --history=*' "$@"; then
  set -- --history "$AUTH_HISTORY" "$@"
fi
if ! mana_given '-c --config --config=* -h --help -v --version http://* https://*' "$@"; then
  set -- "$@" "${AUTH_URL:-http://localhost:3001/api/v1/auth}"
fi
mana_exec auth-health-check.sh cli-health.js "$@"
