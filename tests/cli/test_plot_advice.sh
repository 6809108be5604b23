#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot's advice when a picture does not fit the model offers only
# pictures that do (docs/plots.md, "Errors"). A model with 3 inputs and no
# hidden layer was sent in a circle: surface said "plot its hidden units
# instead: mlpplot units ...", units said "plot its decision surface or its
# loss log instead". Each now offers the loss log, and, for such a model
# with no hidden layer, what its rows allow: the fit when the targets are a
# regression's, mlppredict --evaluate when they are classes (mlpplot fit
# refuses those, by mlp_predict_count_classes), nothing more without targets. A
# sigmoid output trained with mse on 0/1 targets was offered the fit, which
# then refused it. Every command a refusal names is followed, as a user
# would, with the refused command's files where it names none, and must not
# refuse again. The advice of a model that has the other picture is kept.
# mlpplot is the program beside mlptrain.
. "$(dirname "$0")/lib.sh" plot_advice "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
T="timeout 60"

# follow NAME MODEL DATA MESSAGE: runs every command MESSAGE names
# ("mlpplot fit m.bin d.csv", "mlpplot loss LOSS.csv", "mlppredict m.bin
# d.csv --evaluate", "mlppredict --evaluate"), LOSS.csv being MODEL's loss
# log and a command without files given MODEL and DATA; each must succeed
# (a picture drawn).
follow() {
    local name=$1 model=$2 data=$3 cmd rc
    local -a w
    while IFS= read -r cmd; do
        read -r -a w <<< "${cmd//LOSS.csv/${model%.bin}.loss.csv}"
        rm -f follow.png
        if [ "${w[0]}" = mlppredict ]; then
            [ "${#w[@]}" = 2 ] && w=(mlppredict "$model" "$data" --evaluate)
            rc=0
            $T "$MLPPREDICT" "${w[@]:1}" > follow.txt 2> err.txt || rc=$?
            [ "$rc" = 0 ] && grep -q "^$data: " err.txt && ok \
                || bad "$name: the advice \"$cmd\" ran as ${w[*]}: exit $rc: $(cat err.txt)"
            continue
        fi
        [ "${#w[@]}" = 2 ] && w+=("$model" "$data")
        rc=0
        $T "$MLPPLOT" "${w[@]:1}" -o follow.png > /dev/null 2> err.txt || rc=$?
        [ "$rc" = 0 ] && [ -s follow.png ] && ok \
            || bad "$name: the advice \"$cmd\" ran as ${w[*]}: exit $rc: $(cat err.txt)"
    done < <(grep -oE 'mlpplot (loss|surface|units|fit)( [^ ,;()]+)*|mlppredict( [^ ,;()]+)* --evaluate' \
                 <<< "$4")
    rm -f follow.png
}

# expect NAME MESSAGE KIND MODEL DATA: mlpplot KIND MODEL DATA exits 2
# with this exact message and no picture; then what the message names is
# followed.
expect() {
    local name=$1 want=$2 rc=0
    $T "$MLPPLOT" "$3" "$4" "$5" -o refused.png >out.txt 2>err.txt || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat err.txt)" && ok
    [ -z "$(find . -name '*.png')" ] && ok || bad "$name: a picture was written: $(ls -A)"
    follow "$name" "$4" "$5" "$(cat err.txt)"
}

printf 'a,b,c,y\n0,0,0,0\n0,1,1,1\n1,0,1,1\n1,1,0,0\n' > t.csv
train() { # NAME LAYERS ACTIVATIONS LOSS [DATA TARGETS-JSON]
    printf '{"layers": %s, "activations": %s, "loss": "%s", "epochs": 5, "data": {"train": "%s", "targets": %s}}' \
        "$2" "$3" "$4" "${5:-t.csv}" "${6:-[\"y\"]}" > "$1.json"
    "$MLPTRAIN" -q -c "$1.json" -w "$1.bin" -o "$1.loss.csv" 2> err.txt || bad "training $1: $(cat err.txt)"
}
# 3 inputs, no hidden layer: a labelled classifier, a regression, a sigmoid
# output trained with mse on 0/1 targets (no labels), two linear outputs on
# one-hot targets (no labels).
awk -F, 'NR == 1 { print "a,b,c,is0,is1"; next } { print $1 "," $2 "," $3 "," ($4 == 0) "," ($4 == 1) }' \
    t.csv > onehot3.csv
train flat3 '[3, 1]' '["sigmoid"]' binary_cross_entropy
train reg3 '[3, 1]' '["linear"]' mse
train sig3 '[3, 1]' '["sigmoid"]' mse
train two3 '[3, 2]' '["linear"]' mse onehot3.csv '["is0", "is1"]'
train deep3 '[3, 4, 1]' '["tanh", "sigmoid"]' binary_cross_entropy
printf 'a,y\n0,0\n1,1\n2,0\n' > one.csv
train flat1 '[1, 1]' '["sigmoid"]' binary_cross_entropy one.csv
# Rows whose targets are no 0/1 classes, and rows without targets.
printf 'a,b,c,y\n0,0,0,0.1\n0,1,1,0.9\n1,0,1,0.8\n1,1,0,0.2\n' > soft3.csv
printf 'a,b,c\n0,0,0\n0,1,1\n' > noy.csv

# MODEL DATA: surface and units of a model that has neither picture. The
# advice follows the rows: classes exactly where mlppredict --evaluate
# counts an accuracy on them (the decision mlpplot fit refuses by), the fit
# where it gives R^2, the loss log alone without targets.
loss_log="mlpplot loss LOSS.csv (the log mlptrain --loss-log wrote)"
for row in "flat3 t.csv" "sig3 t.csv" "two3 onehot3.csv" "reg3 t.csv" "sig3 soft3.csv" \
           "sig3 noy.csv" "reg3 noy.csv"; do
    read -r m d <<< "$row"
    if [ "$d" = noy.csv ]; then
        advice="plot its loss log instead: $loss_log"
    elif "$MLPPREDICT" "$m.bin" "$d" --evaluate -o /dev/null 2> ev.txt && grep -q ', accuracy ' ev.txt; then
        advice="its targets are classes: see its accuracy instead, mlppredict $m.bin $d --evaluate, or plot its loss log: $loss_log"
    elif grep -q "^$d: r2 " ev.txt; then
        advice="plot its fit instead, mlpplot fit $m.bin $d, or its loss log: $loss_log"
    else
        bad "mlppredict $m.bin $d --evaluate gave neither accuracy nor R^2: $(cat ev.txt)"
        continue
    fi
    expect "surface of $m on $d" \
        "mlpplot: $m.bin: the model has 3 inputs; a decision surface needs 2 (or 1, for its curve); with no hidden layer it has no hidden units to plot either; $advice" \
        surface "$m.bin" "$d"
    expect "units of $m on $d" \
        "mlpplot: $m.bin: the model has no hidden layer, so no hidden units to plot; with 3 inputs it has no decision surface to plot either; $advice" \
        units "$m.bin" "$d"
done
# fit's own refusal of a classifier of 3 inputs names no surface, which
# would refuse it too.
no_surface="see its confusion matrix with mlppredict --evaluate (with 3 inputs it has no decision surface to plot)"
expect "fit of the 3-input labelled classifier" \
    "mlpplot: flat3.bin: the model is a classifier; the fit picture is for a regression; $no_surface" \
    fit flat3.bin t.csv
expect "fit of the 3-input sigmoid on 0/1 targets" \
    "mlpplot: t.csv: the targets are the classes 0 and 1 of the model's output, as mlptrain and mlppredict --evaluate count them; the fit picture is for a regression; $no_surface" \
    fit sig3.bin t.csv
# Where the other picture exists, it is still the advice.
expect "surface of a 3-input model with a hidden layer" \
    "mlpplot: deep3.bin: the model has 3 inputs; a decision surface needs 2 (or 1, for its curve); plot its hidden units instead: mlpplot units deep3.bin t.csv" \
    surface deep3.bin t.csv
expect "units of a 1-input model without hidden layer" \
    "mlpplot: flat1.bin: the model has no hidden layer, so no hidden units to plot; plot its decision surface or its loss log instead" \
    units flat1.bin one.csv
follow "units of a 1-input model without hidden layer" flat1.bin one.csv "mlpplot surface, mlpplot loss LOSS.csv"
finish
