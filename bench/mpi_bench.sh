#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The MPI benchmark of docs/scaling.md: builds mlp (Release, with MPI),
# bench/mpi_allreduce.c and the timing shim bench/mpi_timing.c, generates the
# W4 and W5 data once into bench/out/, and runs bench/mpi_run.py: W4 and W5
# with 1 and 2 ranks of one thread each, then the allreduce micro-benchmark
# at 2 and 3 ranks. About a minute on 2 cores.
#   usage: bench/mpi_bench.sh [--ranks 1,2,3] [--rounds R] [--w4-epochs N] [--w5-epochs N] [--json FILE]
#                             [--only W4,W5] [--skip-allreduce] [--allreduce-seconds S]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/usage.sh"
# --json FILE is the caller's (scripts/caller_args.sh).
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/caller_args.sh"
caller_args "$@"
set -- ${args[@]+"${args[@]}"}
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The options bench/mpi_run.py takes, checked before anything is built
# (mpi_run.py's own refusal came after the build); it checks the values of
# --ranks, --only and --allreduce-seconds.
check_args() {
    local name value
    while [ $# -gt 0 ]; do
        name=${1%%=*}
        case $1 in
            -h | --help) usage; exit 0 ;;
            --skip-allreduce) ;;
            --ranks | --rounds | --w4-epochs | --w5-epochs | --json | --only | --allreduce-seconds)
                [ $# -ge 2 ] || usage_error "$1 needs a value"
                value=$2
                shift
                ;;
            --ranks=* | --rounds=* | --w4-epochs=* | --w5-epochs=* | --json=* | --only=* | --allreduce-seconds=*)
                value=${1#*=}
                ;;
            *) usage_unknown "$1" ;;
        esac
        case $name in
            --rounds | --w4-epochs | --w5-epochs)
                [[ $value =~ ^[1-9][0-9]{0,5}$ ]] || usage_error "$name needs a whole number from 1, not \"$value\"" ;;
        esac
        shift
    done
}
check_args "$@"

for tool in mpicc mpirun; do
    if ! command -v "$tool" >/dev/null; then
        echo "mpi_bench: $tool is missing; install OpenMPI (Debian: apt-get install openmpi-bin libopenmpi-dev, or scripts/install-deps.sh)" >&2
        exit 1
    fi
done

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target mlptrain >/dev/null
if ! grep -q '^MLP_MPI:BOOL=ON' build/CMakeCache.txt; then
    echo "mpi_bench: build/ was configured without MPI (MLP_MPI is not ON); reconfigure with -DMLP_MPI=ON" >&2
    exit 1
fi

out=bench/out
mkdir -p "$out"
cflags=(-O2 -Wall -Wextra -Werror -std=c11 -D_POSIX_C_SOURCE=200809L)
if [[ ! -f "$out/large.csv" || ! -f "$out/regression.csv" ]]; then
    gcc "${cflags[@]}" -Isrc bench/gen_data.c src/rng.c -o "$out/gen_data" -lm
    echo "mpi_bench: generating the W4 and W5 data (once; a few seconds) ..." >&2
    "$out/gen_data" "$out" large regression
fi
mpicc "${cflags[@]}" bench/mpi_allreduce.c -o "$out/mpi_allreduce"
mpicc "${cflags[@]}" -shared -fPIC bench/mpi_timing.c -o "$out/libmpi_timing.so"

exec /usr/bin/python3 bench/mpi_run.py --build build --out "$out" "$@"
