# SPDX-License-Identifier: MIT
# caller_args.sh: sourced by scripts/bench.sh and bench/mpi_bench.sh before
# they cd to the repository. `--json FILE` (or --json=FILE) is the caller's,
# relative to where the script was started, not to the repository it moves
# to (as in scripts/proben1.sh): caller_args "$@" leaves the arguments in
# the array args with such a FILE made absolute, the others as they were.
caller=$(pwd)
callers() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$caller/$1" ;; esac; }
caller_args() {
    args=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --json) args+=("$1"); [ $# -lt 2 ] || { args+=("$(callers "$2")"); shift; } ;;
            --json=*) args+=("--json=$(callers "${1#--json=}")") ;;
            *) args+=("$1") ;;
        esac
        shift
    done
}
