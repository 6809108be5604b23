#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Allocation-failure sweep of the programs: with the test-only builds
# mlptrain_faults and mlppredict_faults (src/alloc.c with MLP_ALLOC_ENV_HOOK),
# count the allocations of a whole training run (validation split, early
# stopping, adam, a trace) and of a prediction with --evaluate (of a
# classifier and of a regression), then make the Nth allocation fail for
# every N: each run must exit 3 with one "out of memory" line, leave the weights, the loss log and the predictions as they
# were and leave no temporary file behind. The trace is written, atomically,
# at its epoch, before the run ends (docs/trace.md): it must be either the
# previous file or the complete trace of the run, never anything else. In
# the sanitizer build LeakSanitizer checks each run for leaks.
. "$(dirname "$0")/lib.sh" alloc_sweep "$@"
TRAIN="$(dirname "$MLPTRAIN")/mlptrain_faults"
PREDICT="$(dirname "$MLPPREDICT")/mlppredict_faults"
if [ ! -x "$TRAIN" ] || [ ! -x "$PREDICT" ]; then
    echo "FAIL: $TRAIN or $PREDICT is missing (built with the tests)"
    exit 1
fi
export OPENBLAS_NUM_THREADS=1

cp "$ROOT/tests/fixtures/diagnose/moons_onehot.csv" data.csv
cat >full.json <<'JSON'
{
  "layers": [2, 6, 2],
  "activations": ["tanh", "softmax"],
  "loss": "cross_entropy",
  "learning_rate": 0.05,
  "epochs": 40,
  "optimizer": {"name": "adam"},
  "early_stopping": {"patience": 3},
  "data": {"train": "data.csv", "targets": ["c0", "c1"], "normalize": "standard",
           "validation_split": 0.25}
}
JSON
train_args=(-c full.json --trace out/t.json -w out/w.bin -o out/l.csv -t 1 -q)
predict_args=(model.bin data.csv -o out/p.csv --evaluate -t 1)

# A good model for the predictions, and the outputs' previous contents. The
# counting runs find the outputs already there, as the sweep will (a path
# that does not exist yet takes other allocations to check).
mkdir out
for f in w.bin l.csv t.json p.csv; do echo "previous $f" >"out/$f"; done
MLP_ALLOC_COUNT_FILE=train.count "$TRAIN" "${train_args[@]}" >/dev/null 2>&1 \
    || bad "the counting training run failed"
cp out/w.bin model.bin
cp out/t.json trace.json
MLP_ALLOC_COUNT_FILE=predict.count "$PREDICT" "${predict_args[@]}" >/dev/null 2>&1 \
    || bad "the counting prediction failed"
n_train=$(cat train.count)
n_predict=$(cat predict.count)
for f in w.bin l.csv t.json p.csv; do echo "previous $f" >"out/$f"; done
# The state to find after a failure: the same names, the same bytes, except
# that t.json may be the run's complete trace.
state() { (cd out && ls -A && md5sum -- w.bin l.csv p.csv); }
before=$(state)
trace_ok() { cmp -s out/t.json trace.json || [ "$(cat out/t.json)" = "previous t.json" ]; }

# sweep NAME COUNT PROGRAM ARGS...: every allocation of the run fails in turn.
sweep() {
    local name=$1 count=$2 n fails=0
    shift 2
    for ((n = 1; n <= count; n++)); do
        local rc=0
        MLP_ALLOC_FAIL_AT=$n "$@" >stdout.txt 2>stderr.txt || rc=$?
        local why=""
        if [ "$rc" != 3 ]; then
            why="exit $rc, not 3"
        elif [ "$(wc -l <stderr.txt)" != 1 ] || ! grep -q "out of memory" stderr.txt; then
            why="the message is not one out-of-memory line"
        elif [ "$(state)" != "$before" ]; then
            why="an output was touched or a temporary file left"
        elif ! trace_ok; then
            why="the trace is neither the previous file nor the run's trace"
        fi
        if [ -n "$why" ]; then
            bad "$name: allocation $n of $count failing: $why: $(head -c 300 stderr.txt)"
            fails=$((fails + 1))
            (cd out && for f in w.bin l.csv t.json p.csv; do echo "previous $f" >"$f"; done
             find . -name '.*' -type f -delete)
            before=$(state)
            [ "$fails" -ge 5 ] && break
        fi
    done
    [ "$fails" = 0 ] && ok
    echo "$name: swept $count allocation points"
}

# Sanity: the counts are those of real runs, not of an early failure.
[ "$n_train" -gt 100 ] && ok || bad "training counted only $n_train allocations"
[ "$n_predict" -gt 20 ] && ok || bad "prediction counted only $n_predict allocations"
sweep mlptrain "$n_train" "$TRAIN" "${train_args[@]}"
sweep mlppredict "$n_predict" "$PREDICT" "${predict_args[@]}"

# A regression's evaluation allocates its own sums (R^2): swept too.
printf 'x,y\n0,0.1\n1,0.9\n2,2.1\n3,2.9\n4,4.2\n' > line.csv
printf '{"layers": [1, 3, 1], "activations": ["tanh", "linear"], "loss": "mse", "epochs": 20, "data": {"train": "line.csv"}}' > line.json
"$MLPTRAIN" -q -t 1 -c line.json -w line.bin -o line.loss.csv || bad "training the regression model"
reg_args=(line.bin line.csv -o out/p.csv --evaluate -t 1)
MLP_ALLOC_COUNT_FILE=reg.count "$PREDICT" "${reg_args[@]}" >/dev/null 2>&1 \
    || bad "the counting regression prediction failed"
echo "previous p.csv" > out/p.csv
before=$(state)
sweep "mlppredict, regression" "$(cat reg.count)" "$PREDICT" "${reg_args[@]}"
finish
