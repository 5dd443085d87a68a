#!/bin/sh
# generate-dashboard.sh - the spec's HTML status dashboard, a thin wrapper around mana-auth-dashboard.
#
# Usage: generate-dashboard.sh [mana-auth-dashboard options]
#
#   --history defaults to $AUTH_HISTORY (default: ./auth-history.jsonl)
#   --out     defaults to $DASHBOARD_OUT (default: ./auth-status.html)
#   Exit codes: 0 written, 3 usage error or unreadable history.
set -eu

mana_bin=$(dirname -- "$(readlink -f -- "$0" 2>/dev/null || printf '%s' "$0")")
. "$mana_bin/mana-cli.sh"

info='-h --help -v --version' # print and exit: no defaults needed
if ! mana_given "--history --history=* $info" "$@"; then
  set -- --history "${AUTH_HISTORY:-./auth-history.jsonl}" "$@"
fi
if ! mana_given "-o --out --out=* $info" "$@"; then
  set -- --out "${DASHBOARD_OUT:-./auth-status.html}" "$@"
fi
mana_exec generate-dashboard.sh cli-dashboard.js "$@"
