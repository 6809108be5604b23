#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A model that reads its features by header name (trained on a file with a
# header) does not know where each stood in that file, so a file without a
# header gave it whatever stood first: moons trained with "features":
# ["x2", "x1"] and evaluated on data/moons.csv without its header line
# scored 40% (97.5% with it), exit 0, nothing said; with the label moved to
# the front, (label, x1) were read as the features. Such a file is refused
# (exit 2, nothing written) by every reader of rows for a model: mlppredict,
# mlpplot, a validation file, and mlptrain --init-weights on training data
# without a header, with the header line to add (docs/csv.md, "Validation
# and prediction files"). A model trained without a header reads by
# position as before.
# Usage: test_predict_no_header.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" predict_no_header "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"

: > in.txt
cp "$ROOT/data/moons.csv" moons.csv
net='"layers": [2, 16, 16, 2], "activations": ["tanh", "tanh", "softmax"], "loss": "cross_entropy", "learning_rate": 0.5, "epochs": 300, "seed": 42'
printf '{%s, "data": {"train": "moons.csv", "features": ["x2", "x1"], "targets": ["label"], "normalize": "standard"}}' "$net" > swap.json
"$MLPTRAIN" -q -c swap.json -w swap.bin -o swap.loss.csv 2> err.txt && ok || bad "training swap.json: $(cat err.txt)"
tail -n +2 moons.csv > nohdr.csv
# The label first: label,x1,x2 (read by position, (label, x1) were the features).
awk -F, 'BEGIN { OFS = "," } NR > 1 { print $3, $1, $2 }' moons.csv > label_first.csv

# The model's features, then its target, as the hint names them.
hint='add a header line that names each column of the file, "x2,x1,label" if they stand in that order'
why='the file has no header row, but the model reads its features by header name ("x2", "x1")'
error_writes_none "no header, -e" "mlppredict: nohdr.csv:1: $why; $hint" pred.csv -- \
    "$MLPPREDICT" swap.bin nohdr.csv -e -o pred.csv
error_writes_none "no header, predictions" "mlppredict: nohdr.csv:1: $why; $hint" -- \
    "$MLPPREDICT" swap.bin nohdr.csv
[ ! -s "$WORK/out.txt" ] && ok || bad "a refused file wrote predictions: $(head -2 "$WORK/out.txt")"
error_writes_none "label first" "mlppredict: label_first.csv:1: $why; $hint" -- \
    "$MLPPREDICT" swap.bin label_first.csv -e
# The features only: the line to add names them alone.
cut -d, -f1,2 nohdr.csv > features.csv
error_writes_none "features only" \
    "mlppredict: features.csv:1: $why; add a header line that names each column of the file, \"x2,x1\" if they stand in that order" -- \
    "$MLPPREDICT" swap.bin features.csv

# The header the hint says, for the columns as they stand, gives the
# predictions of the file that had it.
"$MLPPREDICT" swap.bin moons.csv > want.csv 2> err.txt && ok || bad "moons.csv: $(cat err.txt)"
{ echo 'label,x1,x2'; cat label_first.csv; } > named.csv
"$MLPPREDICT" swap.bin named.csv > got.csv 2> err.txt && ok || bad "named.csv: $(cat err.txt)"
cmp -s want.csv got.csv && ok || bad "label_first.csv with its header predicts otherwise than moons.csv"

# mlpplot and a validation file read rows for a model alike.
error_writes_none "mlpplot surface" "mlpplot: nohdr.csv:1: $why; $hint" s.png -- \
    "$MLPPLOT" surface swap.bin nohdr.csv -o s.png
printf '{%s, "data": {"train": "moons.csv", "features": ["x2", "x1"], "targets": ["label"], "validation": "nohdr.csv"}}' "$net" > val.json
error_writes_none "validation file" \
    "mlptrain: nohdr.csv:1: $why; $hint" val.bin val.loss.csv -- \
    "$MLPTRAIN" -q -c val.json -w val.bin -o val.loss.csv

# --init-weights: training data without a header for a model read by name.
printf '{%s, "data": {"train": "nohdr.csv", "normalize": "standard"}}' "$net" > nh.json
error_writes_none "--init-weights" \
    "mlptrain: swap.bin: the training data has no header row, but this weights file reads its features by header name (\"x2\", \"x1\"); add a header line that names each column of the training data, \"x2,x1,label\" if they stand in that order, or train without --init-weights" \
    nh2.bin nh2.loss.csv -- \
    "$MLPTRAIN" -q -c nh.json -w nh2.bin -o nh2.loss.csv --init-weights swap.bin

# Trained without a header: by position, on a file with or without one, and
# continued on either.
"$MLPTRAIN" -q -c nh.json -w nh.bin -o nh.loss.csv 2> err.txt && ok || bad "training nh.json: $(cat err.txt)"
"$MLPPREDICT" nh.bin nohdr.csv > a.csv 2> err.txt && ok || bad "nh.bin on nohdr.csv: $(cat err.txt)"
"$MLPPREDICT" nh.bin moons.csv > b.csv 2> err.txt && ok || bad "nh.bin on moons.csv: $(cat err.txt)"
cmp -s a.csv b.csv && [ "$(wc -l < a.csv)" = 201 ] && ok || bad "nh.bin predicts otherwise with a header"
"$MLPTRAIN" -q -c nh.json -w nh3.bin -o nh3.loss.csv --init-weights nh.bin 2> err.txt \
    && ok || bad "continuing nh.bin on nohdr.csv: $(cat err.txt)"
finish
