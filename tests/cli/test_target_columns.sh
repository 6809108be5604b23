#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An error at a numeric target cell gives its column (file:line:col), as the
# training file's does (docs/csv.md, "Targets"): a row of several target
# columns that is not one-hot, and a number that is no class of the model,
# in a validation file ("data.validation") and in mlppredict --evaluate's
# input. Both gave the line alone: the table keeps no column for a number,
# and those readers had not the file's text to find it in. Standard input,
# read once, still gives the line alone.
. "$(dirname "$0")/lib.sh" target_columns "$@"
export OPENBLAS_NUM_THREADS=1
printf 'a,b,p,q\n0.1,0.2,1,0\n0.3,0.1,0,1\n0.2,0.2,1,0\n0.5,0.5,0,1\n' >train.csv
# Line 4 (after a blank line) is not one-hot; its second 1 is at byte 11.
printf 'a,b,p,q\n0.1,0.2,1,0\n\n0.3,0.1,  1,1\n' >val.csv
printf '{"layers": [2, 3, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy",
 "epochs": 5, "learning_rate": 0.1,
 "data": {"train": "train.csv", "targets": ["p", "q"], "validation": "val.csv"}}\n' >oh.json
hint="for a softmax output, mark each row's class with a single 1 and 0 in the other target columns"
want="mlptrain: val.csv:4:13: target columns (p, q) are not one-hot in this row; $hint"
rc=0
"$MLPTRAIN" -c oh.json -w w.bin -o l.csv --progress none >out.txt 2>err.txt || rc=$?
error_is "validation file" 2 "$want" "$rc" "$(cat err.txt)" && ok
[ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "validation file: an output was written"

# mlppredict --evaluate: the same file, then the same rows from standard input.
sed 's/, "validation": "val.csv"//' oh.json >train.json
"$MLPTRAIN" -q -c train.json -w w.bin -o l.csv || bad "training failed"
rc=0
"$MLPPREDICT" w.bin val.csv --evaluate -o p.csv >out.txt 2>err.txt || rc=$?
error_is "--evaluate" 2 "mlppredict: val.csv:4:13: target columns (p, q) are not one-hot in this row; $hint" \
    "$rc" "$(cat err.txt)" && ok
[ ! -e p.csv ] && ok || bad "--evaluate: an output was written"
rc=0
"$MLPPREDICT" w.bin - --evaluate <val.csv >out.txt 2>err.txt || rc=$?
error_is "--evaluate from standard input" 2 \
    "mlppredict: <stdin>:4: target columns (p, q) are not one-hot in this row; $hint" \
    "$rc" "$(cat err.txt)" && ok
# Without --evaluate the targets are not read: the rows are predicted.
"$MLPPREDICT" w.bin val.csv >out.txt 2>err.txt && [ "$(wc -l <out.txt)" = 3 ] && ok \
    || bad "prediction without --evaluate: $(cat err.txt)"

# A class label of numbers: 3 is no class of the model (1 and 2), at line 3, byte 5.
printf 'x,y\n0.1,1\n0.2,2\n0.3,1\n0.4,2\n' >num.csv
printf 'x,y\n0.1,1\n0.2,3\n' >numval.csv
printf '{"layers": [1, 3, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy",
 "epochs": 5, "data": {"train": "num.csv", "validation": "numval.csv"}}\n' >num.json
label='label "3" in column "y" was not seen in training; the model knows the labels "1", "2": remove the rows of other labels, or train on data that has them'
rc=0
"$MLPTRAIN" -c num.json -w w.bin -o l.csv --progress none >out.txt 2>err.txt || rc=$?
error_is "numeric label, validation file" 2 "mlptrain: numval.csv:3:5: $label" "$rc" "$(cat err.txt)" && ok
finish
