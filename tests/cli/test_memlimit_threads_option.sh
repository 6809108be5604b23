#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Under an address-space limit (`ulimit -v`) with room for the BLAS buffers
# of 1 thread but not of the 2 asked for, the advice names the way the count
# was asked (docs/exit-codes.md, "Limits"). The library once guessed it by
# comparing the count with the environment's, so `--threads 2` beside
# OPENBLAS_NUM_THREADS=2 (or OMP_NUM_THREADS=2) was told to lower the
# variable, which changes nothing while --threads stays. Now mlptrain and
# mlppredict tell the library when --threads was given
# (mlp_memlimit_set_threads_option), and a count from the environment alone
# keeps the environment's advice (tests/cli/test_memlimit_advice.sh).
. "$(dirname "$0")/lib.sh" memlimit_threads_option "$@"
. "$(dirname "$0")/memlimit_lib.sh"

# expect NAME STATUS MESSAGE CMD...: this exit status and exact stderr, and
# no output written.
expect() {
    local name=$1 want_rc=$2 want=$3 rc=0
    shift 3
    "$@" >out.txt 2>err.txt || rc=$?
    error_is "$name" "$want_rc" "$want" "$rc" "$(cat err.txt)" && ok
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "$name: an output was written"
}
expect "mlptrain --threads 2, OPENBLAS_NUM_THREADS=2" 3 "mlptrain: $room; $opt_hint" \
    under OPENBLAS_NUM_THREADS=2 -- "$MLPTRAIN" --threads 2 -q -c xor.json -w w.bin -o l.csv
expect "mlptrain -t 2, OMP_NUM_THREADS=2" 3 "mlptrain: $room; $opt_hint" \
    under OMP_NUM_THREADS=2 -- "$MLPTRAIN" -t 2 -q -c xor.json -w w.bin -o l.csv
expect "mlppredict --threads 2, OPENBLAS_NUM_THREADS=2" 3 "mlppredict: $room; $opt_hint" \
    under OPENBLAS_NUM_THREADS=2 -- "$MLPPREDICT" --threads 2 m.bin xor.csv -o l.csv
# The same count from the environment alone keeps the environment's advice.
expect "mlptrain, OPENBLAS_NUM_THREADS=2" 3 "mlptrain: $room; $env_hint" \
    under OPENBLAS_NUM_THREADS=2 -- "$MLPTRAIN" -q -c xor.json -w w.bin -o l.csv
expect "mlppredict, OPENBLAS_NUM_THREADS=2" 3 "mlppredict: $room; $env_hint" \
    under OPENBLAS_NUM_THREADS=2 -- "$MLPPREDICT" m.bin xor.csv -o l.csv
# The advice followed runs: --threads 1 beside OPENBLAS_NUM_THREADS=2.
rc=0
under OPENBLAS_NUM_THREADS=2 -- "$MLPTRAIN" --threads 1 -q -c xor.json -w w.bin -o l.csv 2>err.txt || rc=$?
[ "$rc" = 0 ] && [ -s w.bin ] && ok || bad "mlptrain --threads 1, OPENBLAS_NUM_THREADS=2: exit $rc: $(cat err.txt)"
finish
