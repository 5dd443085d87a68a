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

self=$(readlink -f -- "$0" 2>/dev/null || printf '%s' "$0")
cli="$(dirname -- "$self")/../dist/cli-health.js"
if [ ! -f "$cli" ]; then
  echo "auth-health-check.sh: $cli not found; install @mana/auth-monitor (or build it with 'npx tsup')." >&2
  exit 3
fi

has_target=no
has_history=no
for arg in "$@"; do
  case $arg in
    -c | --config | --config=* | -h | --help | -v | --version | http://* | https://*) has_target=yes ;;
    --history | --history=*) has_history=yes ;;
  esac
done
if [ "$has_history" = no ] && [ -n "${AUTH_HISTORY:-}" ]; then
  set -- --history "$AUTH_HISTORY" "$@"
fi
if [ "$has_target" = no ]; then
  set -- "$@" "${AUTH_URL:-http://localhost:3001/api/v1/auth}"
fi
exec node "$cli" "$@"
