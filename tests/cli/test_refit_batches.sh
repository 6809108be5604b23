#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_refit_batches.sh: a refit in mini-batches on the real binaries. Its
# batches are of the whole file, so a batch size that is full batch for the
# training rows is mini-batches for the refit: --seed from --init-weights
# draws their order there, and is taken; the summary counts the epochs
# before the best one in the right number.
# Usage: test_refit_batches.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" refit_batches "$@"
cp "$ROOT/data/moons.csv" .

# moons (200 rows) split 160 / 40, adam, early stopping with refit.
refit_spec() { # refit_spec FILE EPOCHS
    printf '{"layers":[2,16,2],"activations":["tanh","softmax"],"loss":"cross_entropy","optimizer":{"name":"adam"},"learning_rate":0.01,"epochs":%s,"seed":3,"batch_size":16,"early_stopping":{"patience":20,"refit":true},"data":{"train":"moons.csv","targets":"label","normalize":"standard","validation_split":0.2}}\n' \
        "$2" > "$1"
}

# --------------------------------------------------------------------------
# Batches of 180: full batch for the 160 training rows, mini-batches for the
# refit on all 200. --seed draws the refit's order from the file's weights:
# it was refused ("--seed draws nothing here ... fewer than the 160 rows").

refit_spec rfb.json 40
"$MLPTRAIN" -q -c rfb.json -w init.bin -o init.csv || bad "training the initial weights"
for s in 7 8; do
    "$MLPTRAIN" -c rfb.json -b 180 --init-weights init.bin -s "$s" --progress none \
        -w "s$s.bin" -o "s$s.csv" 2> "s$s.err" || bad "--seed $s with --init-weights and a refit in batches: $(cat "s$s.err")"
done
# The runs before the refit are full batch: the same for both seeds (the
# log's rows of the run, its last column "refit" 0); the refits are
# shuffled apart.
if [ -s s7.bin ] && [ -s s8.bin ]; then
    grep -q "^refit: trained .* (the epochs\? before best epoch" s7.err && ok \
        || bad "the refit of batches of 180 is not said to be batched: $(cat s7.err)"
    grep ',0$' s7.csv > run7.csv
    grep ',0$' s8.csv > run8.csv
    [ -s run7.csv ] && cmp -s run7.csv run8.csv && ok || bad "--seed changed the full-batch run before the refit"
    cmp -s s7.bin s8.bin && bad "--seed 7 and 8 wrote the same refit: the seed drew nothing" || ok
fi
# Without a refit those batches are full batch, and --seed is refused still.
sed 's/,"refit":true//' rfb.json > norefit.json
rc=0
"$MLPTRAIN" -q -c norefit.json -b 180 --init-weights init.bin -s 7 -w n.bin -o n.csv 2> n.err || rc=$?
error_is "--seed with --init-weights, full batch without a refit" 2 \
    'mlptrain: --seed draws nothing here: the initial weights come from --init-weights and full-batch training takes the rows in no order; remove --seed, or train in shuffled mini-batches of fewer than the 160 rows (--batch-size)' \
    "$rc" "$(cat n.err)" && { [ ! -e n.bin ] && ok || bad "a refused run wrote n.bin"; }
# With a refit, batches of all 200 rows are full batch for it too: refused,
# the hint naming the file's rows.
rc=0
"$MLPTRAIN" -q -c rfb.json -b 200 --init-weights init.bin -s 7 -w n.bin -o n.csv 2> n.err || rc=$?
error_is "--seed with --init-weights, full batch with a refit" 2 \
    'mlptrain: --seed draws nothing here: the initial weights come from --init-weights and full-batch training takes the rows in no order; remove --seed, or train in shuffled mini-batches of fewer than the 200 rows of the training file (--batch-size)' \
    "$rc" "$(cat n.err)" && { [ ! -e n.bin ] && ok || bad "a refused run wrote n.bin"; }

# --------------------------------------------------------------------------
# The refit's summary: "1 epoch (the epoch before best epoch 2)", not "the
# epochs before". Two epochs of adam at 0.01 lower the validation loss, so
# epoch 2 is the best, and the refit repeats the one epoch before it.

refit_spec two.json 2
"$MLPTRAIN" -c two.json --progress none -w two.bin -o two.csv 2> two.err || bad "two epochs: $(cat two.err)"
if grep -q "best validation loss .* at epoch 2$" two.err; then
    grep -qx "refit: trained 1 epoch (the epoch before best epoch 2) from the same initial weights on all 200 rows in .*" two.err \
        && ok || bad "the refit of one epoch: $(grep '^refit' two.err)"
else
    bad "setup: epoch 2 is not the best of two: $(cat two.err)"
fi
# Two epochs or more before the best keep the plural.
refit_spec three.json 3
"$MLPTRAIN" -c three.json --progress none -w three.bin -o three.csv 2> three.err || bad "three epochs: $(cat three.err)"
if grep -q "best validation loss .* at epoch 3$" three.err; then
    grep -qx "refit: trained 2 epochs (the epochs before best epoch 3) from the same initial weights on all 200 rows in .*" three.err \
        && ok || bad "the refit of two epochs: $(grep '^refit' three.err)"
else
    bad "setup: epoch 3 is not the best of three: $(cat three.err)"
fi

finish
