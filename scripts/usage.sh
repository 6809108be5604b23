# SPDX-License-Identifier: MIT
# usage.sh: --help and usage errors for every script of scripts/ and bench/,
# sourced before the script moves to the repository (it finds the script
# from where it was started). Each script's usage is its header comment: the
# lines from the third (after #! and the licence) to the first that is not a
# comment. A usage error has the form and status of mlptrain's
# (docs/exit-codes.md): one line on stderr, exit 2, nothing else done.
#   usage             print the usage on stdout (for -h, --help; then exit 0)
#   usage_error WHAT  print "NAME: WHAT; try 'DIR/NAME --help'" on stderr, exit 2
#   usage_unknown ARG usage_error 'unknown option "ARG"' for an ARG that starts
#                     with -, else 'unexpected argument "ARG"'
# shellcheck shell=bash
usage_script=$(realpath -- "${BASH_SOURCE[1]}")
usage_name=$(basename -- "$usage_script")
usage_path=$(basename -- "$(dirname -- "$usage_script")")/$usage_name
usage() { sed -n '3,$ { /^#/!q; s/^# \{0,1\}//; p; }' "$usage_script"; }
usage_error() { printf "%s: %s; try '%s --help'\n" "$usage_name" "$*" "$usage_path" >&2; exit 2; }
usage_unknown() {
    case $1 in
        -?*) usage_error "unknown option \"$1\"" ;;
        *) usage_error "unexpected argument \"$1\"" ;;
    esac
}
