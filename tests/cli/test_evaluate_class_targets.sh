#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlppredict --evaluate counts 0/1 targets of a model without labels as
# classes when mlptrain does (mlp_fit_class_targets): XOR's y read as a
# number under a sigmoid output trained with mse is stored as a regression
# (no labels), and --evaluate reported R^2 where mlptrain's summary had
# counted the accuracy. Now the first line has the accuracy mlptrain's
# summary gives on the same rows, the confusion matrix has the classes 0
# and 1, and there is no R^2. Targets that are not all 0/1, of one class
# only, or under a linear output stay a regression, as in mlptrain.
. "$(dirname "$0")/lib.sh" evaluate_class_targets "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/data/xor.csv" xor.csv
spec() { # OUTPUT-ACTIVATION EPOCHS
    printf '{"layers":[2,4,1],"activations":["tanh","%s"],"loss":"mse","learning_rate":0.5,"epochs":%s,"seed":42,"data":{"train":"xor.csv","targets":["y"]}}\n' "$1" "$2"
}
# The loss and the accuracy mlptrain's summary gives for the rows it
# trained on, and those mlppredict's first line gives for them: all right
# after 2000 epochs, 3 of 4 after 20.
for epochs in 2000 20; do
    spec sigmoid $epochs >s.json
    "$MLPTRAIN" -c s.json -w m.bin -o /dev/null --progress none 2>train.err || bad "train: $(cat train.err)"
    loss=$(sed -n 's/^trained .*; final loss \([0-9.e-]*\), .*/\1/p' train.err)
    want=$(sed -n 's/^trained .*, \(accuracy [0-9.]*% ([0-9]*\/[0-9]*)\)$/\1/p' train.err)
    [ -n "$want" ] && [ -n "$loss" ] || bad "$epochs epochs: mlptrain's summary has no accuracy: $(cat train.err)"
    "$MLPPREDICT" m.bin xor.csv --evaluate -o /dev/null 2>ev.txt || bad "evaluate: exit $?: $(cat ev.txt)"
    grep -qxF "xor.csv: 4 rows, loss $loss (mse), $want" ev.txt && ok \
        || bad "$epochs epochs: mlptrain said $want; mlppredict: $(cat ev.txt)"
    grep -q ': r2 ' ev.txt && bad "$epochs epochs: an R^2 for classes: $(cat ev.txt)" || ok
    # The matrix has the two classes, 0 (y <= 0.5) and 1, and its diagonal
    # holds the correct rows the first line counts.
    correct=$(printf '%s\n' "$want" | sed 's/.*(\([0-9]*\)\/.*/\1/')
    diag=$(awk '$1 == "0" && NF == 3 { d += $2 } $1 == "1" && NF == 3 { d += $3 } END { print d + 0 }' ev.txt)
    grep -q '^confusion matrix' ev.txt && grep -qE '^ +0 +1$' ev.txt && [ "$diag" = "$correct" ] && ok \
        || bad "$epochs epochs: confusion matrix (diagonal $diag, want $correct): $(cat ev.txt)"
done
# Targets that are no 0/1 classes: a regression, R^2 and no accuracy.
printf 'x1,x2,y\n0,0,0.1\n0,1,0.9\n1,0,0.8\n1,1,0\n' >soft.csv
"$MLPPREDICT" m.bin soft.csv --evaluate -o /dev/null 2>ev.txt || bad "soft: exit $?: $(cat ev.txt)"
grep -q ': r2 -\?[0-9]' ev.txt && ! grep -q 'accuracy\|confusion' ev.txt && ok \
    || bad "soft targets: $(cat ev.txt)"
# One class only: no classification to count (mlptrain trains such rows
# as a regression too); a constant column has no R^2.
printf 'x1,x2,y\n0,1,1\n1,0,1\n' >ones.csv
"$MLPPREDICT" m.bin ones.csv --evaluate -o /dev/null 2>ev.txt || bad "ones: exit $?: $(cat ev.txt)"
grep -qx 'ones.csv: r2 undefined (a target column is constant)' ev.txt && ! grep -q accuracy ev.txt \
    && ok || bad "one class: $(cat ev.txt)"
# One linear unit fitted to 0/1 is a regression the user may mean.
spec linear 200 >l.json
"$MLPTRAIN" -c l.json -w l.bin -o /dev/null --progress none 2>train.err || bad "train linear: $(cat train.err)"
grep -q accuracy train.err && bad "mlptrain counted a linear output's accuracy: $(cat train.err)" || ok
"$MLPPREDICT" l.bin xor.csv --evaluate -o /dev/null 2>ev.txt || bad "linear: exit $?: $(cat ev.txt)"
grep -q 'xor.csv: r2 ' ev.txt && ! grep -q accuracy ev.txt && ok || bad "linear: $(cat ev.txt)"
finish
