#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bounded work on hostile input, end to end: endless inputs are refused past
# their documented size (a spec: 16 MiB; docs/spec.md), a spec with 160,000
# entries is refused at once, and under an address-space limit (`ulimit -v`)
# both programs exit 3 with a message instead of spinning inside OpenBLAS,
# and --version never hangs. Every run is under `timeout`: 124 is a hang.
. "$(dirname "$0")/lib.sh" limits "$@"
unset OPENBLAS_NUM_THREADS # the default threading is the case that used to hang
T="timeout 60"

# expect NAME STATUS EXPECTED-STDERR CMD...: the exit status and the exact message.
expect() {
    local name=$1 want_rc=$2 want_err=$3 rc=0
    shift 3
    "$@" >out.txt 2>err.txt || rc=$?
    if [ "$rc" != "$want_rc" ]; then
        bad "$name: exit $rc, want $want_rc: $(head -c 400 err.txt)"
    elif [ -n "$want_err" ] && [ "$(cat err.txt)" != "$want_err" ]; then
        bad "$name: stderr \"$(head -c 400 err.txt)\", want \"$want_err\""
    else
        ok
    fi
}

cp "$ROOT/tests/fixtures/diagnose/moons_onehot.csv" data.csv
cat >moons.json <<'JSON'
{"layers": [2, 6, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy",
 "epochs": 5, "data": {"train": "data.csv", "targets": ["c0", "c1"]}}
JSON

# Endless inputs.
expect "spec /dev/zero" 2 \
    "mlptrain: /dev/zero: the file is larger than 16 MiB, the most mlp reads; check that this is the file you meant (an endless stream such as /dev/zero is refused)" \
    $T "$MLPTRAIN" -c /dev/zero
mkfifo endless
yes '{"layers": [2, 1],' >endless &
writer=$!
expect "spec from an endless FIFO" 2 \
    "mlptrain: endless: the file is larger than 16 MiB, the most mlp reads; check that this is the file you meant (an endless stream such as /dev/zero is refused)" \
    $T "$MLPTRAIN" -c endless
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null

# 160,000 entries: refused at once (the ctest TIMEOUT catches a quadratic scan).
/usr/bin/python3 -c '
import sys
sys.stdout.write("{\"layers\": [2, 1],\n \"activations\": [" + ",\n".join(["\"relu\""] * 160000)
                 + "],\n \"loss\": \"mse\", \"data\": {\"train\": \"data.csv\"}}\n")' >big.json
expect "160,000 activations" 2 \
    "mlptrain: big.json:2:17: \"activations\" has 160000 names, but 2 layer sizes need 1; give one activation per weight layer, from the first hidden layer to the output" \
    $T "$MLPTRAIN" -c big.json -q

# Under an address-space limit. AddressSanitizer reserves terabytes of
# address space and cannot run under `ulimit -v` at all: skipped there.
if ! (ulimit -v 400000 && "$MLPTRAIN" --version >/dev/null 2>&1); then
    echo "skipped: the programs cannot start under ulimit -v (a sanitizer build)"
    finish
fi
"$MLPTRAIN" -c moons.json -w model.bin -o loss.csv -q || bad "training the model"
for kb in 60000 100000 150000; do
    mib=$((kb / 1024))
    expect "mlptrain --version under ulimit -v $kb" 0 "" $T bash -c "ulimit -v $kb; exec \"$MLPTRAIN\" --version"
    expect "mlppredict --version under ulimit -v $kb" 0 "" $T bash -c "ulimit -v $kb; exec \"$MLPPREDICT\" --version"
    expect "mlptrain under ulimit -v $kb" 3 \
        "mlptrain: out of memory: the address-space limit (ulimit -v, $mib MiB) leaves too little for the BLAS buffers (128 MiB per thread, 1 thread); raise the limit" \
        $T bash -c "ulimit -v $kb; exec \"$MLPTRAIN\" -c moons.json -w w.bin -o l.csv -q"
    expect "mlptrain -t 2 under ulimit -v $kb" 3 \
        "mlptrain: out of memory: the address-space limit (ulimit -v, $mib MiB) leaves too little for the BLAS buffers (128 MiB each, 3 for 2 threads); raise the limit or use fewer --threads" \
        $T bash -c "ulimit -v $kb; exec \"$MLPTRAIN\" -t 2 -c moons.json -w w.bin -o l.csv -q"
    expect "mlppredict under ulimit -v $kb" 3 \
        "mlppredict: out of memory: the address-space limit (ulimit -v, $mib MiB) leaves too little for the BLAS buffers (128 MiB per thread, 1 thread); raise the limit" \
        $T bash -c "ulimit -v $kb; exec \"$MLPPREDICT\" model.bin data.csv"
    expect "a bad option under ulimit -v $kb" 2 "" \
        $T bash -c "ulimit -v $kb; exec \"$MLPTRAIN\" --epoks 3"
done
[ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "a refused run left an output"
# With room for the buffers the same runs succeed, and a network too big for
# what is left fails with the ordinary out-of-memory exit, not a hang.
expect "mlptrain under ulimit -v 400000" 0 "" \
    $T bash -c "ulimit -v 400000; exec \"$MLPTRAIN\" -c moons.json -w w.bin -o l.csv -q"
expect "mlppredict under ulimit -v 400000" 0 "" \
    $T bash -c "ulimit -v 400000; exec \"$MLPPREDICT\" model.bin data.csv"
sed 's/\[2, 6, 2\]/[2, 3000, 3000, 2]/; s/\["tanh", "softmax"\]/["tanh", "tanh", "softmax"]/' moons.json >big_net.json
rc=0
$T bash -c "ulimit -v 400000; exec \"$MLPTRAIN\" -c big_net.json -w big.bin -o big.csv -q" 2>err.txt || rc=$?
[ "$rc" = 3 ] && grep -q "out of memory" err.txt && ok || bad "a net too big under ulimit -v: exit $rc: $(cat err.txt)"

# OPENBLAS_NUM_THREADS empty, 0 or not a number counts as unset (OpenBLAS
# then starts a worker per processor): the programs once skipped the
# re-execution for it and hung, --version included, until killed.
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
one_thread="out of memory: the address-space limit (ulimit -v, 146 MiB) leaves too little for the BLAS buffers (128 MiB per thread, 1 thread); raise the limit"
for v in "" 0 abc; do
    for prog in "$MLPTRAIN" "$MLPPREDICT" "$MLPPLOT"; do
        expect "$(basename "$prog") --version, OPENBLAS_NUM_THREADS=\"$v\", ulimit -v 150000" 0 "" \
            timeout -s KILL 10 env OPENBLAS_NUM_THREADS="$v" bash -c "ulimit -v 150000; exec \"$prog\" --version"
    done
    expect "mlptrain, OPENBLAS_NUM_THREADS=\"$v\", ulimit -v 150000" 3 "mlptrain: $one_thread" \
        timeout -s KILL 10 env OPENBLAS_NUM_THREADS="$v" bash -c "ulimit -v 150000; exec \"$MLPTRAIN\" -c moons.json -w w.bin -o l.csv -q"
done
# A valid count other than 1 is checked whole, and the same way every time:
# OpenBLAS's worker, started while the program loaded, once mapped its
# buffer while the check ran (exit 0 or 3 by chance, 3 runs in 8 at 450000).
n=$(( $(nproc) < 2 ? $(nproc) : 2 ))
if [ "$n" = 1 ]; then want="mlptrain: $one_thread"; else
    want="mlptrain: out of memory: the address-space limit (ulimit -v, 146 MiB) leaves too little for the BLAS buffers (128 MiB each, 3 for 2 threads); raise the limit or use fewer threads: OPENBLAS_NUM_THREADS=1"
fi
expect "mlptrain, OPENBLAS_NUM_THREADS=2, ulimit -v 150000" 3 "$want" \
    timeout -s KILL 10 env OPENBLAS_NUM_THREADS=2 bash -c "ulimit -v 150000; exec \"$MLPTRAIN\" -c moons.json -w w.bin -o l.csv -q"
codes=
for i in 1 2 3 4 5 6 7 8 9 10; do
    rc=0
    timeout -s KILL 10 env OPENBLAS_NUM_THREADS=2 bash -c "ulimit -v 450000; exec \"$MLPTRAIN\" -c moons.json -w w.bin -o l.csv -q" 2>/dev/null || rc=$?
    codes="$codes $rc"
done
case "$codes" in
    " 0 0 0 0 0 0 0 0 0 0" | " 3 3 3 3 3 3 3 3 3 3") ok ;;
    *) bad "OPENBLAS_NUM_THREADS=2 under ulimit -v 450000, ten runs: exit$codes" ;;
esac

# With --threads 2 a training's lanes call the BLAS on mlp's own worker,
# which maps a buffer of its own beside OpenBLAS's worker: 3 buffers, and 2
# more stacks. The check once counted 2 buffers, so a run with room for 2
# but not for 3 hung at 100% CPU inside OpenBLAS. 4000 rows: several lanes.
/usr/bin/python3 -c '
import random
r = random.Random(1)
print("x0,x1,x2,x3,x4,x5,x6,x7,y")
for i in range(4000):
    x = [r.uniform(-1, 1) for _ in range(8)]
    print(",".join("%.6f" % v for v in x) + ",%d" % (sum(x) > 0))' >lanes.csv
cat >lanes.json <<'JSON'
{"layers": [8, 32, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy",
 "epochs": 3, "data": {"train": "lanes.csv", "targets": ["y"]}}
JSON
expect "mlptrain -t 2 with lanes under ulimit -v 400000" 3 \
    "mlptrain: out of memory: the address-space limit (ulimit -v, 390 MiB) leaves too little for the BLAS buffers (128 MiB each, 3 for 2 threads); raise the limit or use fewer --threads" \
    timeout -s KILL 20 bash -c "ulimit -v 400000; exec \"$MLPTRAIN\" -t 2 -c lanes.json -w w.bin -o l.csv -q"
expect "mlptrain -t 2 with lanes under ulimit -v 600000" 0 "" \
    timeout -s KILL 20 bash -c "ulimit -v 600000; exec \"$MLPTRAIN\" -t 2 -c lanes.json -w w.bin -o l.csv -q"

# The user's threads survive the re-execution (it once left its
# OPENBLAS_NUM_THREADS=1 behind, so every run under a limit used 1 thread):
# with room for the buffers, the default and OMP_NUM_THREADS give the count
# they give without a limit. On two processors, so that the default is 2
# whatever the machine.
two=$(/usr/bin/python3 -c 'import os; c = sorted(os.sched_getaffinity(0)); print(",".join(map(str, c[:2])) if len(c) > 1 else "")')
if [ -n "$two" ] && command -v taskset >/dev/null; then
    threads_of() { "$MLPPREDICT" --info "$1" | awk '$1 == "threads" {print $2}'; }
    taskset -c "$two" "$MLPTRAIN" -c moons.json -w free.bin -o free.csv -q || bad "training on two processors"
    taskset -c "$two" bash -c "ulimit -v 4000000; exec \"$MLPTRAIN\" -c moons.json -w lim.bin -o lim.csv -q" \
        || bad "training on two processors under ulimit -v 4000000"
    [ "$(threads_of free.bin)" = 2 ] && [ "$(threads_of lim.bin)" = 2 ] && cmp -s free.csv lim.csv && ok \
        || bad "the default under ulimit -v 4000000: $(threads_of lim.bin) threads, $(threads_of free.bin) without the limit"
    taskset -c "$two" env OMP_NUM_THREADS=2 bash -c "ulimit -v 4000000; exec \"$MLPTRAIN\" -c moons.json -w omp.bin -o omp.csv -q" \
        || bad "OMP_NUM_THREADS=2 under ulimit -v 4000000"
    [ "$(threads_of omp.bin)" = 2 ] && ok || bad "OMP_NUM_THREADS=2 under ulimit -v 4000000: $(threads_of omp.bin) threads"
else
    echo "skipped the default thread count under ulimit -v: fewer than two processors"
fi
finish
