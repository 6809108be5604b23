# SPDX-License-Identifier: MIT
# mpi_lib.sh: what the MPI tests (test_mpi*.sh) share, sourced after lib.sh:
# the skip when mlptrain was built without MPI (ctest passes MLP_MPIEXEC,
# empty then; exit 77 is ctest's SKIP_RETURN_CODE), Open MPI's consent to
# run as root (CI is root), `mpi N ARGS...` (mlptrain on N ranks of one
# thread each, more ranks than cores allowed) and `compare A B REL WHAT`
# (tests/cli/mpi_compare.py: two CSV files of numbers within a relative
# REL; its largest difference goes to the test's log) and `same_as_one NAME
# RANKS WANT SPEC` (training on SPEC fails with exactly WANT, exit 2, in one
# process and on RANKS ranks, where nothing is written).
# shellcheck shell=bash
if [ -z "${MLP_MPIEXEC:-}" ]; then
    echo "mlptrain was built without MPI (MLP_MPI=OFF): skipped"
    exit 77
fi
export OPENBLAS_NUM_THREADS=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() {
    local n=$1
    shift
    "$MLP_MPIEXEC" --oversubscribe -np "$n" "$MLPTRAIN" --threads 1 "$@"
}
compare() {
    local out
    if out=$(/usr/bin/python3 "$ROOT/tests/cli/mpi_compare.py" "$1" "$2" "$3"); then
        ok
        echo "$4: $out"
    else
        bad "$4: $out"
    fi
}

same_as_one() { # NAME RANKS WANT-STDERR SPEC
    local rc1=0 rc2=0
    "$MLPTRAIN" -q -c "$4" -w w1.bin -o l1.csv 2>one.txt || rc1=$?
    error_is "$1, one process" 2 "$3" "$rc1" "$(cat one.txt)" && ok
    mpi "$2" -q -c "$4" -w w2.bin -o l2.csv 2>two.txt || rc2=$?
    error_is "$1, $2 ranks" 2 "$3" "$rc2" "$(grep '^mlptrain:' two.txt)" && ok
    [ ! -e w2.bin ] && [ ! -e l2.csv ] && ok || bad "$1: an output was written"
}
