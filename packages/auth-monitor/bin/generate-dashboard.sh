#!/bin/sh
# generate-dashboard.sh - the spec's HTML status dashboard, a thin wrapper around mana-auth-dashboard.
#
# Usage: generate-dashboard.sh [mana-auth-dashboard options]
#
#   --history defaults to $AUTH_HISTORY (default: ./auth-history.jsonl)
#   --out     defaults to $DASHBOARD_OUT (default: ./auth-status.html)
#   Exit codes: 0 written, 3 usage error or unreadable history.
set -eu

self=$(readlink -f -- "$0" 2>/dev/null || printf '%s' "$0")
cli="$(dirname -- "$self")/../dist/cli-dashboard.js"
if [ ! -f "$cli" ]; then
  echo "generate-dashboard.sh: $cli not found; install @mana/auth-monitor (or build it with 'npx tsup')." >&2
  exit 3
fi

has_history=no
has_out=no
for arg in "$@"; do
  case $arg in
    --history | --history=*) has_history=yes ;;
    -o | --out | --out=*) has_out=yes ;;
    -h | --help | -v | --version) has_history=yes has_out=yes ;;
  esac
done
if [ "$has_history" = no ]; then set -- --history "${AUTH_HISTORY:-./auth-history.jsonl}" "$@"; fi
if [ "$has_out" = no ]; then set -- --out "${DASHBOARD_OUT:-./auth-status.html}" "$@"; fi
exec node "$cli" "$@"
