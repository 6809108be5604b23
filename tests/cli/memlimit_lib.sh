# SPDX-License-Identifier: MIT
# Shared by the tests of the address-space advice (test_memlimit_advice.sh,
# test_memlimit_threads_option.sh), sourced after lib.sh: the limit, the
# messages it gives, the skips where it cannot be shown, and XOR to train on.
unset OPENBLAS_NUM_THREADS GOTO_NUM_THREADS OMP_NUM_THREADS
T="timeout -s KILL 60"
KB=300000 # 292 MiB: 1 buffer of 128 MiB and the margin fit, 3 do not
room="out of memory: the address-space limit (ulimit -v, $((KB / 1024)) MiB) leaves too little for the BLAS buffers (128 MiB each, 3 for 2 threads)"
opt_hint="raise the limit or use fewer --threads"
env_hint="raise the limit or use fewer threads: OPENBLAS_NUM_THREADS=1"
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
OPENBLAS_NUM_THREADS=1 "$MLPTRAIN" -q -c xor.json -e 50 -w m.bin -o m.csv || bad "training"

under() { # ENV... -- PROGRAM ARGS...: the program under ulimit -v $KB
    local envs=()
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
    $T env "${envs[@]}" bash -c "ulimit -v $KB; exec \"\$@\"" bash "$@"
}
