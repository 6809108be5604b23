#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A row that overflows in the network is named by its file and line
# (docs/diagnostics.md, "A row that overflows"), as every other data error
# is: with "validation_split" the held-out rows are a seeded choice of the
# training file's rows, so an index among them ("validation row 3", as it
# was) is no line of any file; a validation file's row is named by that
# file's line. Exit 2, no outputs written.
. "$(dirname "$0")/lib.sh" row_lines "$@"
export OPENBLAS_NUM_THREADS=1
# Line 6 holds a value that overflows the loss (1e200 through a relu and a
# linear output, squared by mse); a blank line (line 3) shifts the lines
# below it from the data rows' count.
printf '%s\n' x1,x2,y -0.731,0.695,0 '' 0.528,-0.490,0 -0.009,-0.101,1 1e200,0.5,1 \
    0.303,0.577,1 0.672,-0.134,0 0.525,-0.996,0 -0.109,0.443,0 -0.542,0.891,0 0.803,-0.939,0 \
    -0.949,0.083,0 0.878,-0.238,0 -0.567,-0.156,1 -0.942,-0.557,1 -0.124,-0.008,1 \
    -0.534,-0.538,1 -0.562,-0.081,1 -0.420,-0.957,1 0.675,0.113,1 0.285,-0.628,0 >data.csv
spec() { # SEED DATA
    printf '{"layers": [2, 4, 1], "activations": ["relu", "linear"], "loss": "mse",
 "learning_rate": 0.1, "epochs": 5, "seed": %s, "data": {"train": "data.csv", %s}}\n' "$1" "$2" >r.json
}
expect() { # NAME WANT-STDERR
    local rc=0
    "$MLPTRAIN" -c r.json -w w.bin -o l.csv --progress none 2>err.txt >out.txt || rc=$?
    error_is "$1" 2 "$2" "$rc" "$(grep -v ': warning: ' err.txt)" && ok
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "$1: an output was written"
}
# The value at fault is its feature of 1e200, not its target of 1.
tail_loss="the loss of this validation row on the initial weights is not a finite number: its feature 1, 1e+200, makes the network's output -1.814e+198, too large for mse; check that row's values; they must be of the scale of the training rows"
# Seed 1 holds the row of line 6 out; it was "validation row 2" (the second
# held-out row), and the row was not on line 2 or 3 of data.csv.
spec 1 '"validation_split": 0.25'
expect "split" "mlptrain: data.csv:6: $tail_loss"
# The same row in a validation file, after a blank line and two rows: line
# 5, not "validation row 3" (its data row) as before.
printf '%s\n' x1,x2,y -0.731,0.695,0 '' 0.528,-0.490,0 1e200,0.5,1 >val.csv
grep -v '^1e200' data.csv >train.csv
spec 1 '"validation": "val.csv"'
sed -i 's/"train": "data.csv"/"train": "train.csv"/' r.json
expect "validation file" "mlptrain: val.csv:5: $tail_loss"
finish
