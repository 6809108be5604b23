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
unset OPENBLAS_NUM_THREADS GOTO_NUM_THREADS OMP_NUM_THREADS
T="timeout -s KILL 60"
KB=300000 # 292 MiB: 1 buffer of 128 MiB and the margin fit, 3 do not
if ! (ulimit -v 400000 && "$MLPTRAIN" --version >/dev/null 2>&1); then
    echo "skipped: the programs cannot start under ulimit -v (a sanitizer build)"
    ok
    finish
fi
if [ "$(nproc)" -lt 2 ]; then
    echo "skipped: one processor, so a count of 2 from the environment is 1"
    ok
    finish
fi
cp "$ROOT/data/xor.csv" xor.csv
sed 's#../data/xor.csv#xor.csv#' "$ROOT/configs/xor.json" > xor.json
"$MLPTRAIN" -q -c xor.json -e 50 -w m.bin -o m.csv || bad "training"

# expect NAME STATUS MESSAGE CMD...: this exit status and exact stderr.
expect() {
    local name=$1 want_rc=$2 want=$3 rc=0
    shift 3
    "$@" >out.txt 2>err.txt || rc=$?
    error_is "$name" "$want_rc" "$want" "$rc" "$(cat err.txt)" && ok
}
room="out of memory: the address-space limit (ulimit -v, $((KB / 1024)) MiB) leaves too little for the BLAS buffers (128 MiB each, 3 for 2 threads)"
env_hint="raise the limit or use fewer threads: OPENBLAS_NUM_THREADS=1"
under() { # ENV... -- PROGRAM ARGS...: the program under ulimit -v $KB
    local envs=()
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
    $T env "${envs[@]}" bash -c "ulimit -v $KB; exec \"\$@\"" bash "$@"
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
expect "mlppredict --threads 2" 3 "mlppredict: $room; raise the limit or use fewer --threads" \
    under OPENBLAS_NUM_THREADS=1 -- "$MLPPREDICT" --threads 2 m.bin xor.csv
expect "mlptrain --threads 2" 3 "mlptrain: $room; raise the limit or use fewer --threads" \
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
