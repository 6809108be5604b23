#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# "data.features" (docs/spec.md, docs/csv.md): the listed columns, in the
# listed order, are the network's inputs, and the file's other columns are
# never read. Training on XOR with extra columns (an unnamed pandas index, a
# column of words, a row id) and "features" gives the bytes of training on
# XOR alone; prediction reads the wide file by name; the order of the list
# is the inputs' order; a validation split and early stopping work with it.
# The messages for a list that does not fit are in test_cli.sh.
. "$(dirname "$0")/lib.sh" features "$@"
cp "$ROOT/data/xor.csv" .

# xor.csv with columns around and between its own: ",name,x2,id,x1,y".
awk -F, 'NR == 1 { print ",name,x2,id,x1,y"; next }
         { printf "%d,row%d,%s,%d,%s,%s\n", NR - 2, NR - 1, $2, 100 + NR, $1, $3 }' xor.csv >wide.csv
[ "$(sed -n 3p wide.csv)" = "1,row2,1,103,0,1" ] && ok || bad "wide.csv is not as meant: $(sed -n 3p wide.csv)"

net='"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy",
 "learning_rate": 0.5, "epochs": 300, "seed": 42, "init": "xavier"'
printf '{%s,\n "data": {"train": "xor.csv"}}\n' "$net" >plain.json
printf '{%s,\n "data": {"train": "wide.csv", "features": ["x1", "x2"]}}\n' "$net" >wide.json
printf '{%s,\n "data": {"train": "wide.csv", "features": ["x2", "x1"], "targets": "y"}}\n' "$net" >swap.json

"$MLPTRAIN" -q -c plain.json && ok || bad "training on xor.csv"
"$MLPTRAIN" -q -c wide.json && ok || bad "training on wide.csv with \"features\""
cmp -s plain.loss.csv wide.loss.csv && ok || bad "the loss logs differ: $(diff plain.loss.csv wide.loss.csv | head -3)"
[ "$(params plain.weights.bin)" = "$(params wide.weights.bin)" ] && ok \
    || bad "the trained parameters differ"
"$MLPPREDICT" plain.weights.bin xor.csv >plain.pred && "$MLPPREDICT" wide.weights.bin wide.csv >wide.pred \
    && ok || bad "predicting"
cmp -s plain.pred wide.pred && ok || bad "the predictions differ: $(diff plain.pred wide.pred | head -3)"
[ "$(wc -l <wide.pred)" = 5 ] && ok || bad "predictions: $(wc -l <wide.pred) lines, not 5"
"$MLPPREDICT" --info wide.weights.bin | grep -qx 'features        2, matched by name: "x1", "x2"' \
    && ok || bad "--info does not list the features x1, x2: $("$MLPPREDICT" --info wide.weights.bin)"

# The list's order is the inputs' order: the first weight column reads x2.
"$MLPTRAIN" -q -c swap.json && ok || bad "training with the features swapped"
"$MLPPREDICT" --info swap.weights.bin | grep -qx 'features        2, matched by name: "x2", "x1"' \
    && ok || bad "--info does not list the features x2, x1"
# A file without a header is refused (the model reads by name and does not
# know where each column stood: test_predict_no_header.sh); with the header
# line its hint gives, the model's order, it predicts as the wide file.
"$MLPPREDICT" swap.weights.bin wide.csv >by_name.pred || bad "predicting wide.csv by name"
awk -F, 'NR > 1 { print $3 "," $5 }' wide.csv >by_position.csv
"$MLPPREDICT" swap.weights.bin by_position.csv >by_position.pred 2>err.txt
[ $? = 2 ] && grep -q '"x2,x1" if they stand in that order$' err.txt && [ ! -s by_position.pred ] \
    && ok || bad "a file without a header was not refused: $(cat err.txt)"
{ echo 'x2,x1'; cat by_position.csv; } >with_header.csv
"$MLPPREDICT" swap.weights.bin with_header.csv >with_header.pred || bad "predicting with_header.csv"
cmp -s by_name.pred with_header.pred && ok || bad "the wide file and its two columns predict otherwise"

# A validation split with early stopping and a refit.
printf '{%s,\n "early_stopping": {"patience": 50, "refit": true},\n "data": {"train": "wide.csv", "features": ["x1", "x2"], "validation_split": 0.25}}\n' \
    "$net" >split.json
"$MLPTRAIN" -q -c split.json && [ -s split.weights.bin ] && ok || bad "a validation split with \"features\""
finish
