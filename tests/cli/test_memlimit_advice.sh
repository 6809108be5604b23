#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Under an address-space limit (`ulimit -v`) with room for the BLAS buffers
# of 1 thread but not of the 2 asked for, the advice names the way the
# count was asked (docs/exit-codes.md, "Limits"): --threads where it came
# from --threads, OPENBLAS_NUM_THREADS where it came from the environment,
# the only way mlpplot takes one. mlpplot was told "use fewer --threads",
# an option it refuses ("unknown option"). Following the advice runs.
. "$(dirname "$0")/lib.sh" memlimit_advice "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
. "$(dirname "$0")/memlimit_lib.sh"

# expect NAME STATUS MESSAGE CMD...: this exit status and exact stderr.
expect() {
    local name=$1 want_rc=$2 want=$3 rc=0
    shift 3
    "$@" >out.txt 2>err.txt || rc=$?
    error_is "$name" "$want_rc" "$want" "$rc" "$(cat err.txt)" && ok
}
expect "mlpplot surface, OPENBLAS_NUM_THREADS=2" 3 "mlpplot: $room; $env_hint" \
    under OPENBLAS_NUM_THREADS=2 -- "$MLPPLOT" surface m.bin xor.csv -o s.png
expect "mlpplot units, OMP_NUM_THREADS=2" 3 "mlpplot: $room; $env_hint" \
    under OMP_NUM_THREADS=2 -- "$MLPPLOT" units m.bin xor.csv -o u.png
expect "mlppredict, OPENBLAS_NUM_THREADS=2" 3 "mlppredict: $room; $env_hint" \
    under OPENBLAS_NUM_THREADS=2 -- "$MLPPREDICT" m.bin xor.csv
expect "mlptrain, GOTO_NUM_THREADS=2" 3 "mlptrain: $room; $env_hint" \
    under GOTO_NUM_THREADS=2 -- "$MLPTRAIN" -q -c xor.json -w w.bin -o l.csv
# A count from --threads keeps its advice.
expect "mlppredict --threads 2" 3 "mlppredict: $room; $opt_hint" \
    under OPENBLAS_NUM_THREADS=1 -- "$MLPPREDICT" --threads 2 m.bin xor.csv
expect "mlptrain --threads 2" 3 "mlptrain: $room; $opt_hint" \
    under OPENBLAS_NUM_THREADS=1 -- "$MLPTRAIN" -t 2 -q -c xor.json -w w.bin -o l.csv
# The advice followed: each runs.
expect "mlpplot surface, OPENBLAS_NUM_THREADS=1" 0 "" \
    under OPENBLAS_NUM_THREADS=1 -- "$MLPPLOT" surface m.bin xor.csv -o s.png
[ -s s.png ] && ok || bad "no picture with OPENBLAS_NUM_THREADS=1"
expect "mlppredict, OPENBLAS_NUM_THREADS=1" 0 "" \
    under OPENBLAS_NUM_THREADS=1 -- "$MLPPREDICT" m.bin xor.csv
# The option the old advice named is not mlpplot's.
rc=0
"$MLPPLOT" --threads 1 surface m.bin xor.csv -o t.png 2>err.txt || rc=$?
[ "$rc" = 2 ] && grep -q 'unknown option' err.txt && ok \
    || bad "mlpplot --threads: exit $rc: $(cat err.txt)"
finish
