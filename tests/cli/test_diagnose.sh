#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The classic failures, tried as a new user would, each named by the
# pre-flight check or the training diagnosis (exact lines), plus: nothing
# is said about runs where nothing is wrong, the loss blowing up is said
# during the run, and a wrong derivative is found by diffing a hand-written
# backward pass against --trace (the worked example of docs/trace.md).
# Usage: test_diagnose.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" diagnose "$@"
PYTHON=/usr/bin/python3
cp "$ROOT"/tests/fixtures/diagnose/* .

# has FILE LINE: FILE holds LINE exactly, as one whole line.
has() { grep -qxF -- "$2" "$1"; }

# --------------------------------------------------------------------------
# 1. Two tanh outputs on moons, read as probabilities: the pre-flight check
# names the cause, training still runs (a warning), --check exits 0.

"$MLPTRAIN" -c moons_tanh2.json -w a.bin -o a.csv > a.out 2> a.err
status=$?
[ "$status" = 0 ] && [ -s a.bin ] && ok || bad "tanh outputs: status $status, $(cat a.err)"
has a.err 'mlptrain: moons_tanh2.json:3:27: warning: the targets are 0/1 class indicators but a tanh output layer gives values in [-1, 1] that are not probabilities, and its 2 outputs are not made to sum to 1; use "softmax" on the output layer with "loss": "cross_entropy"' \
    && ok || bad "tanh outputs: $(cat a.err)"
"$MLPTRAIN" --check -c moons_tanh2.json > check.out 2> check.err
[ $? = 0 ] && has check.out 'check: 0 errors, 1 warning' && [ ! -s check.err ] && ok \
    || bad "--check of the tanh outputs: $(cat check.out check.err)"
# Class labels ("no"/"yes") on a linear output: they are labels, not the 0/1
# class indicators the message called them.
printf 'x1,x2,y\n0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n' > lab.csv
printf '{"layers":[2,4,1],"activations":["tanh","linear"],"loss":"mse","epochs":50,"data":{"train":"lab.csv"}}' > lab.json
"$MLPTRAIN" --check -c lab.json > lab.out 2>&1
has lab.out 'mlptrain: lab.json:1:41: warning: the targets are class labels but a linear output layer gives values in (-inf, inf) that are not probabilities; use "sigmoid" on the output layer with "loss": "binary_cross_entropy"' \
    && ok || bad "labels on a linear output: $(cat lab.out)"

# --------------------------------------------------------------------------
# 2. A sigmoid network with mse that stalls: the pre-flight warning explains
# why, the diagnosis says the loss sat at chance level the whole run.

"$MLPTRAIN" -c sigmoid_mse_stall.json -w b.bin -o b.csv > b.out 2> b.err
[ $? = 0 ] && ok || bad "sigmoid + mse: $(cat b.err)"
has b.err 'mlptrain: sigmoid_mse_stall.json:5:11: warning: "mse" on a sigmoid output with 0/1 class targets trains slowly: its gradient 2 (y - t) y (1 - y) vanishes as an output nears 0 or 1, even when it is wrong; use "loss": "binary_cross_entropy", whose gradient is y - t' \
    && ok || bad "sigmoid + mse pre-flight: $(cat b.err)"
# At rate 0.5 the loss sits at chance, and 20-epoch trials from the same
# initial weights are stable up to 10.8: the rate is too small, not the
# seed (the hint had said "a smaller learning_rate"); at the rate named,
# the run fits XOR.
grep -qE '^mlptrain: warning: the loss has stayed at 0\.2[45][0-9]*, (the loss of|near the 0\.25 of) an output that ignores its inputs, for the last [0-9]+ epochs; the learning rate 0\.5 is too small to leave chance level: 20-epoch trials from the same initial weights were stable up to rate 10\.7722; try learning_rate 1\.07722, with --restarts 10 to keep the best of 10 runs$' b.err \
    && ok || bad "sigmoid + mse diagnosis: $(cat b.err)"
"$MLPTRAIN" -c sigmoid_mse_stall.json -l 1.07722 --restarts 10 -w b2.bin -o b2.csv > b2.out 2> b2.err
grep -q 'accuracy 100.00% (4/4)\|final loss 0\.00[0-9]*$' b2.err && ! grep -q 'warning: the loss' b2.err && ok \
    || bad "sigmoid + mse at the rate named: $(cat b2.err)"
[ "$(grep -c '^mlptrain: ' b.err)" = 2 ] && ok || bad "sigmoid + mse: two messages expected: $(cat b.err)"

# --------------------------------------------------------------------------
# 3. XOR that will not converge: stuck in a local minimum, said so; with
# --restarts, the success rate, and the kept run needs no diagnosis.

"$MLPTRAIN" -c xor_plateau.json -w c.bin -o c.csv > c.out 2> c.err
[ $? = 0 ] && ok || bad "xor plateau: $(cat c.err)"
grep -q 'accuracy 50.00% (2/4)' c.err && ok || bad "the XOR fixture must fail to converge: $(tail -2 c.err)"
grep -qE '^mlptrain: warning: the loss has stayed at 0\.34[0-9]* \(within 1%\) for the last [0-9]+ epochs, far above 0 and below the 0\.693 of an output that ignores its inputs: training is stuck, likely in a local minimum; start from other initial weights: try another --seed, or --restarts 10 to keep the best of 10 runs$' c.err \
    && ok || bad "xor plateau diagnosis: $(cat c.err)"
"$MLPTRAIN" -c xor_plateau.json --restarts 10 -w d.bin -o d.csv > d.out 2> d.err
[ $? = 0 ] && ok || bad "xor restarts: $(cat d.err)"
rate=$(sed -n 's/^\([0-9]*\) of 10 runs reached the best loss .*/\1/p' d.err)
[ -n "$rate" ] && [ "$rate" -ge 1 ] && [ "$rate" -lt 10 ] && ok || bad "xor restarts success rate: $(tail -3 d.err)"
grep -q 'accuracy 100.00% (4/4)' d.err && ! grep -q '^mlptrain:' d.err && ok || bad "kept run: $(cat d.err)"
# From weights given with --init-weights (an .npz made with numpy, tanh
# units), XOR settles in the local minimum. --seed would draw nothing then
# (full batch) and --restarts is refused, so the hint offers neither: it says
# to train without the file, with --restarts 10, which fits XOR. (--seed was
# once taken and changed nothing, the loss log the same byte for byte; it
# is refused now, as --restarts is.)
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" -c "import numpy as np; r=np.random.default_rng(0); W1=r.normal(size=(2,4)); W2=r.normal(size=(4,1)); np.savez('mine.npz', W1=W1.T, b1=np.zeros(4), W2=W2.T, b2=np.zeros(1), activations=np.array(['tanh','sigmoid']), loss='binary_cross_entropy')"
    "$MLPTRAIN" -c "$ROOT/configs/xor.json" --init-weights mine.npz -w i.bin -o i.csv > i.out 2> i.err
    grep -qx 'mlptrain: warning: the loss has stayed at 0\.349 (within 1%) for the last [0-9]* epochs, far above 0 and below the 0\.693 of an output that ignores its inputs: training is stuck, likely in a local minimum; start from other initial weights: train without --init-weights, from random initial weights, with --restarts 10 to keep the best of 10 runs' i.err \
        && ! grep -q -- '--seed' i.err && ok || bad "plateau from --init-weights: $(cat i.err)"
    rc=0
    "$MLPTRAIN" -c "$ROOT/configs/xor.json" --init-weights mine.npz --seed 7 -w i7.bin -o i7.csv > i7.out 2> i7.err || rc=$?
    error_is "--seed with --init-weights, full batch" 2 \
        "mlptrain: --seed draws nothing here: the initial weights come from --init-weights and full-batch training takes the rows in no order; remove --seed, or train in shuffled mini-batches (--batch-size)" \
        "$rc" "$(cat i7.err)" && [ ! -e i7.bin ] && [ ! -e i7.csv ] && ok
    "$MLPTRAIN" -c "$ROOT/configs/xor.json" --init-weights mine.npz --restarts 10 -w ir.bin -o ir.csv > ir.out 2> ir.err
    [ $? = 2 ] && grep -q 'cannot start from --init-weights' ir.err && ok || bad "--restarts with --init-weights: $(cat ir.err)"
    "$MLPTRAIN" -c "$ROOT/configs/xor.json" --restarts 10 -w ix.bin -o ix.csv > ix.out 2> ix.err
    grep -q 'accuracy 100.00% (4/4)$' ix.err && ! grep -q '^mlptrain:' ix.err && ok || bad "without --init-weights, as told: $(cat ix.err)"
else
    bad "$PYTHON with numpy is needed (Debian: apt-get install python3-numpy; scripts/install-deps.sh)"
fi

# --------------------------------------------------------------------------
# 4. A hand-written backward pass with a wrong derivative, found by diffing
# against --trace: docs/examples/trace_diff.py seeds three bugs and checks
# that the first differing array is where docs/trace.md says.

if [ -x "$PYTHON" ] && "$PYTHON" -c 'import numpy' 2> /dev/null; then
    (cd "$ROOT" && "$PYTHON" docs/examples/trace_diff.py "$MLPTRAIN") > diff.out 2> diff.err \
        && ok || bad "trace_diff.py: $(cat diff.out diff.err)"
    has diff.out 'correct           every array matches the trace' && ok || bad "trace_diff.py: $(cat diff.out)"
    grep -q '^sigmoid-sign      first difference at step 16, dZ1 ' diff.out && ok || bad "sign bug: $(cat diff.out)"
    grep -q '^derivative-twice  first difference at step 16, dZ1 ' diff.out && ok || bad "twice bug: $(cat diff.out)"
    grep -q '^softmax-unfused   first difference at step 12, dZ2 ' diff.out && ok || bad "softmax bug: $(cat diff.out)"
else
    bad "$PYTHON with numpy is needed (Debian: apt-get install python3-numpy; scripts/install-deps.sh)"
fi

# --------------------------------------------------------------------------
# What is certain is said during the run: the loss blowing up, before the
# progress of the last epochs; then the dead units at the end.

"$MLPTRAIN" -c exploding.json -w e.bin -o e.csv > e.out 2> e.err
[ $? = 0 ] && ok || bad "exploding: $(cat e.err)"
grep -qE '^mlptrain: exploding.json:5:20: warning: learning rate 40 is unstable: in a 10-epoch trial from the initial weights the loss rose from ' e.err \
    && ok || bad "exploding pre-flight: $(cat e.err)"
# The rate to try is the pre-flight's, in both (one rate per run).
adv=$(sed -n 's/^mlptrain: exploding.json:5:20: warning: .*; try learning_rate \([0-9.e+-]*\) (a tenth of [0-9.e+-]*, stable in the same trial).*/\1/p' e.err)
[ -n "$adv" ] && grep -qE "^mlptrain: warning: the loss rose [0-9.e+]+x in [0-9]+ epochs?, from .* the learning rate 40 is too large; try learning_rate $adv\$" e.err \
    && ok || bad "exploding diagnosis (pre-flight's rate ${adv:-none}): $(cat e.err)"
grep -qE '^mlptrain: warning: [0-9]+% of the relu hidden units \([0-9]+ of 8\) are dead' e.err \
    && ok || bad "dead relu diagnosis: $(cat e.err)"
[ "$(grep -c '^mlptrain: warning: the loss rose' e.err)" = 1 ] && ok || bad "the explosion must be said once: $(cat e.err)"
# Said at epoch 3, between the progress lines of epochs 1 and 200.
"$MLPTRAIN" -c exploding.json -w e.bin -o e.csv > all.out 2>&1
said=$(grep -n '^mlptrain: warning: the loss rose' all.out | cut -d: -f1)
first=$(grep -n '^epoch   1 ' all.out | cut -d: -f1)
last=$(grep -n '^epoch 200 ' all.out | cut -d: -f1)
[ -n "$said" ] && [ -n "$first" ] && [ -n "$last" ] && [ "$first" -lt "$said" ] && [ "$said" -lt "$last" ] \
    && ok || bad "the explosion must be said during the run: $(cat all.out)"

# --------------------------------------------------------------------------
# Nothing is said when nothing is wrong: the built-in XOR, the moons example,
# and -q silences warnings.

"$MLPTRAIN" -w x.bin -o x.csv > x.out 2> x.err && ! grep -q '^mlptrain:' x.err && ok || bad "built-in XOR: $(cat x.err)"
"$MLPTRAIN" -c "$ROOT/configs/moons.json" -w m.bin -o m.csv > m.out 2> m.err && ! grep -q '^mlptrain:' m.err && ok \
    || bad "configs/moons.json: $(cat m.err)"
"$MLPTRAIN" -q -c sigmoid_mse_stall.json -w q.bin -o q.csv > q.out 2> q.err
[ $? = 0 ] && [ ! -s q.out ] && [ ! -s q.err ] && ok || bad "-q must silence warnings: $(cat q.err)"

# --------------------------------------------------------------------------
# 5. House prices on a linear output: targets of 1e5 against outputs that
# start near 0. The pre-flight check names the power of ten to divide by,
# and the stuck run says the same instead of "try another --seed"; divided,
# the same network trains and nothing is said.

cp "$ROOT/tests/fixtures/preflight/prices.csv" "$ROOT/tests/fixtures/preflight/target_scale.json" .
"$MLPTRAIN" -c target_scale.json -w p.bin -o p.csv --progress none > p.out 2> p.err
has p.err 'mlptrain: prices.csv:1:12: warning: the targets in column "price" lie in [181300, 644500]: the network starts with outputs near 0, so its first errors, and the gradient 2 (y - t) of mse, are that large too: plain steps explode, and adam'"'"'s, at most learning_rate each, crawl; divide the column by 100000 and multiply the predictions by it, so the targets lie within +-10; mlp scales the inputs, not the targets' \
    && ok || bad "target-scale: $(cat p.err)"
grep -q 'the outputs are still far from targets of that size; divide the targets by 100000, and multiply the predictions by it$' p.err \
    && ! grep -q -- '--seed' p.err && ok || bad "the stuck run's hint: $(cat p.err)"
awk -F, 'NR == 1 { print; next } { printf "%s,%s,%g\n", $1, $2, $3 / 100000 }' prices.csv > scaled.csv
sed 's/prices.csv/scaled.csv/' target_scale.json > scaled.json
"$MLPTRAIN" -c scaled.json -e 3000 -w s.bin -o s.csv --progress none > s.out 2> s.err
[ "$(grep -c warning s.err)" = 0 ] && ok || bad "the divided targets still warn: $(cat s.err)"

# A finding about the default learning rate (no "learning_rate" key) names
# the spec with no line, in text and JSON alike (docs/diagnostics.md).
(cd "$ROOT/tests/fixtures/preflight" && "$MLPTRAIN" --check --format json -c target_scale_diverge.json) > d.json 2>/dev/null
/usr/bin/python3 -c '
import json, sys
f = [x for x in json.load(open("d.json"))["findings"] if x["code"] == "lr-unstable"]
sys.exit(not (len(f) == 1 and f[0]["path"] == "target_scale_diverge.json" and f[0]["line"] is None and f[0]["col"] is None))' \
    && ok || bad "lr-unstable at the default rate: $(cat d.json)"

# With --restarts, the kept run's loss-exploding warning is printed once
# (it was printed during the run and again in the end diagnosis; now no
# run warns during training, and the end diagnosis is the kept run's).
"$MLPTRAIN" -c "$ROOT/configs/moons.json" -l 20 -e 500 -r 3 -w r.bin -o r.csv --progress none > r.out 2> r.err
grep -q 'the loss rose' r.err && ok || bad "no loss-exploding warning to check: $(cat r.err)"
[ -z "$(grep 'the loss rose' r.err | sort | uniq -d)" ] && ok \
    || bad "a warning printed twice: $(grep 'the loss rose' r.err | sort | uniq -d)"

finish
