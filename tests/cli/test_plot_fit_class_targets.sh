#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot fit draws a regression only, and what a regression is comes from
# the one decision mlppredict --evaluate makes (mlp_predict_count_classes): 0/1
# targets of a model without labels that mlptrain counts as classes (a
# sigmoid output trained with mse on XOR's y; one-hot rows over several
# outputs) are a classifier's, refused as a labelled classifier is, exit 2
# and no picture. fit once refused only models with labels, so it drew such
# a model with an R^2 in its title, "the R^2 of mlppredict --evaluate",
# which --evaluate no longer prints for it (it prints the accuracy). The
# same models on targets that are no 0/1 classes, and one linear unit on
# 0/1, stay regressions and are drawn.
. "$(dirname "$0")/lib.sh" plot_fit_class_targets "$@"
export OPENBLAS_NUM_THREADS=1
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
cp "$ROOT/data/xor.csv" xor.csv
train() { # NAME OUTPUT-ACTIVATION DATA TARGETS-JSON OUTPUTS
    printf '{"layers":[2,4,%s],"activations":["tanh","%s"],"loss":"mse","learning_rate":0.5,"epochs":50,"seed":42,"data":{"train":"%s","targets":%s}}\n' \
        "$5" "$2" "$3" "$4" > "$1.json"
    "$MLPTRAIN" -q -c "$1.json" -w "$1.bin" -o /dev/null 2> err.txt || bad "train $1: $(cat err.txt)"
}
train sig sigmoid xor.csv '["y"]' 1
train lin linear xor.csv '["y"]' 1
# XOR's classes as two one-hot columns under two linear units, no labels.
awk -F, 'NR == 1 { print "x1,x2,is0,is1"; next } { print $1 "," $2 "," ($3 == 0) "," ($3 == 1) }' \
    xor.csv > onehot.csv
train two linear onehot.csv '["is0","is1"]' 2
printf 'x1,x2,y\n0,0,0.1\n0,1,0.9\n1,0,0.8\n1,1,0\n' > soft.csv
printf 'x1,x2,is0,is1\n0,0,0.9,0.1\n0,1,0.2,0.8\n1,0,0.1,0.9\n1,1,0.7,0.3\n' > soft2.csv

hint="plot its decision surface or curve (mlpplot surface, 1 or 2 inputs) or see its confusion matrix with mlppredict --evaluate"
one="the targets are the classes 0 and 1 of the model's output, as mlptrain and mlppredict --evaluate count them; the fit picture is for a regression"
several="the targets are classes, one-hot over the model's 2 outputs, as mlptrain and mlppredict --evaluate count them; the fit picture is for a regression"
# case MODEL DATA WANT-STDERR: mlpplot fit MODEL DATA refuses with exactly
# WANT-STDERR (exit 2, no picture) when given one, else draws; and it
# refuses exactly when mlppredict --evaluate counts an accuracy on the
# same rows.
case_of() {
    local rc=0 name="fit $1 $2"
    rm -f f.png
    timeout 60 "$MLPPLOT" fit "$1.bin" "$2" -o f.png > out.txt 2> err.txt || rc=$?
    if [ -n "$3" ]; then
        error_is "$name" 2 "$3" "$rc" "$(cat err.txt)" && ok
        [ ! -e f.png ] && ok || bad "$name: a picture was written"
    else
        [ "$rc" = 0 ] && [ -s f.png ] && ok || bad "$name: exit $rc, no picture: $(cat err.txt)"
    fi
    "$MLPPREDICT" "$1.bin" "$2" --evaluate -o /dev/null 2> ev.txt || bad "$name: evaluate: $(cat ev.txt)"
    local counted=0 refused=0
    grep -q ', accuracy ' ev.txt && counted=1
    [ "$rc" = 2 ] && refused=1
    [ "$counted" = "$refused" ] && ok \
        || bad "$name: fit exit $rc, but mlppredict --evaluate: $(cat ev.txt)"
}
case_of sig xor.csv "mlpplot: xor.csv: $one; $hint"
case_of two onehot.csv "mlpplot: onehot.csv: $several; $hint"
case_of sig soft.csv ""
case_of two soft2.csv ""
case_of lin xor.csv ""
finish
