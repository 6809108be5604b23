# SPDX-License-Identifier: MIT
# caller_args.sh: sourced by the scripts that take paths (scripts/bench.sh,
# bench/mpi_bench.sh, scripts/proben1.sh, scripts/sklearn_compare.sh,
# scripts/check-install.sh) before they cd to the repository. A path given on
# the command line is the caller's, relative to where the script was started,
# not to the repository it moves to: `callers PATH` prints it made absolute.
# caller_args "$@" (the benchmark drivers, which hand their arguments on)
# leaves the arguments in the array args with the FILE of `--json FILE` (or
# --json=FILE) made absolute, the others as they were.
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
