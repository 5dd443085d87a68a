# mana-cli.sh - shared by the wrapper scripts in this folder; sourced, never run by itself.
#
# A wrapper sets $mana_bin to its own folder (symlinks resolved), sources this file, adds its
# defaults to the arguments (mana_given tells whether the caller already gave a flag), and ends
# with `mana_exec <wrapper name> <file in dist/> "$@"`.

# mana_given "<patterns>" "$@": succeeds when an argument matches one of the space-separated
# case patterns, e.g. mana_given '--out --out=* -o' "$@".
mana_given() {
  mana_patterns=$1
  shift
  set -f # the patterns are matched against the arguments, never against file names
  for mana_arg in "$@"; do
    for mana_pattern in $mana_patterns; do
      # shellcheck disable=SC2254 # the pattern is meant to be a pattern
      case $mana_arg in $mana_pattern) set +f && return 0 ;; esac
    done
  done
  set +f
  return 1
}

# mana_exec <wrapper name> <file in dist/> "$@": runs the built CLI with node, or exits 3 with a
# hint when the package has not been built.
mana_exec() {
  mana_name=$1
  mana_cli="$mana_bin/../dist/$2"
  shift 2
  if [ ! -f "$mana_cli" ]; then
    echo "$mana_name: $mana_cli not found; install @mana/auth-monitor (or build it with 'npx tsup')." >&2
    exit 3
  fi
  exec node "$mana_cli" "$@"
}
