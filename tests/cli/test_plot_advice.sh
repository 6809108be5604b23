#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot's advice when a picture does not fit the model offers only
# pictures that do (docs/plots.md, "Errors"). A model with 3 inputs and no
# hidden layer was sent in a circle: surface said "plot its hidden units
# instead: mlpplot units ...", units said "plot its decision surface or its
# loss log instead". Each now offers the loss log (and, for a regression,
# the fit), and the advice of a model that has the other picture is kept.
# mlpplot is the program beside mlptrain.
. "$(dirname "$0")/lib.sh" plot_advice "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
T="timeout 60"

# expect NAME MESSAGE CMD...: exit 2, this exact message, no picture.
expect() {
    local name=$1 want=$2 rc=0
    shift 2
    "$@" >out.txt 2>err.txt || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat err.txt)" && ok
    [ -z "$(find . -name '*.png')" ] && ok || bad "$name: a picture was written: $(ls -A)"
}

printf 'a,b,c,y\n0,0,0,0\n0,1,1,1\n1,0,1,1\n1,1,0,0\n' > t.csv
train() { # NAME LAYERS ACTIVATIONS LOSS
    printf '{"layers": %s, "activations": %s, "loss": "%s", "epochs": 5, "data": {"train": "t.csv"}}' \
        "$2" "$3" "$4" > "$1.json"
    "$MLPTRAIN" -q -c "$1.json" -w "$1.bin" -o "$1.loss.csv" || bad "training $1"
}
train flat3 '[3, 1]' '["sigmoid"]' binary_cross_entropy
train reg3 '[3, 1]' '["linear"]' mse
train deep3 '[3, 4, 1]' '["tanh", "sigmoid"]' binary_cross_entropy
printf 'a,y\n0,0\n1,1\n2,0\n' > one.csv
printf '{"layers": [1, 1], "activations": ["sigmoid"], "loss": "binary_cross_entropy", "epochs": 5, "data": {"train": "one.csv"}}' > flat1.json
"$MLPTRAIN" -q -c flat1.json -w flat1.bin -o flat1.loss.csv || bad "training flat1"

loss_log="plot its loss log instead: mlpplot loss LOSS.csv (the log mlptrain --loss-log wrote)"
expect "surface of a 3-input classifier without hidden layer" \
    "mlpplot: flat3.bin: the model has 3 inputs; a decision surface needs 2 (or 1, for its curve); with no hidden layer it has no hidden units to plot either; $loss_log" \
    $T "$MLPPLOT" surface flat3.bin t.csv -o s.png
expect "units of a 3-input classifier without hidden layer" \
    "mlpplot: flat3.bin: the model has no hidden layer, so no hidden units to plot; with 3 inputs it has no decision surface to plot either; $loss_log" \
    $T "$MLPPLOT" units flat3.bin t.csv -o u.png
# A regression has its fit picture too.
expect "surface of a 3-input regression without hidden layer" \
    "mlpplot: reg3.bin: the model has 3 inputs; a decision surface needs 2 (or 1, for its curve); with no hidden layer it has no hidden units to plot either; plot its fit instead, mlpplot fit reg3.bin t.csv, or its loss log: mlpplot loss LOSS.csv (the log mlptrain --loss-log wrote)" \
    $T "$MLPPLOT" surface reg3.bin t.csv -o s.png
expect "units of a 3-input regression without hidden layer" \
    "mlpplot: reg3.bin: the model has no hidden layer, so no hidden units to plot; with 3 inputs it has no decision surface to plot either; plot its fit instead, mlpplot fit reg3.bin t.csv, or its loss log: mlpplot loss LOSS.csv (the log mlptrain --loss-log wrote)" \
    $T "$MLPPLOT" units reg3.bin t.csv -o u.png
# What each offers works: the loss log, the fit of the regression.
$T "$MLPPLOT" loss flat3.loss.csv -o l.png 2> err.txt && [ -s l.png ] && ok \
    || bad "the loss picture offered: $(cat err.txt)"
$T "$MLPPLOT" fit reg3.bin t.csv -o f.png 2> err.txt && [ -s f.png ] && ok \
    || bad "the fit picture offered: $(cat err.txt)"
rm -f l.png f.png
# Where the other picture exists, it is still the advice.
expect "surface of a 3-input model with a hidden layer" \
    "mlpplot: deep3.bin: the model has 3 inputs; a decision surface needs 2 (or 1, for its curve); plot its hidden units instead: mlpplot units deep3.bin t.csv" \
    $T "$MLPPLOT" surface deep3.bin t.csv -o s.png
expect "units of a 1-input model without hidden layer" \
    "mlpplot: flat1.bin: the model has no hidden layer, so no hidden units to plot; plot its decision surface or its loss log instead" \
    $T "$MLPPLOT" units flat1.bin one.csv -o u.png
$T "$MLPPLOT" units deep3.bin t.csv -o u.png 2> err.txt && [ -s u.png ] && ok \
    || bad "the units picture offered: $(cat err.txt)"
$T "$MLPPLOT" surface flat1.bin one.csv -o s.png 2> err.txt && [ -s s.png ] && ok \
    || bad "the surface offered: $(cat err.txt)"
finish
