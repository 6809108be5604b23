#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Blank lines may come before a CSV file's header ("the first non-blank row
# is a header", docs/csv.md). The messages about its columns (a missing
# column, a count of columns, the loss picture's missing "loss") said line 1
# whatever came first, where the reader's own errors already said the
# header's line; now every one says it. Exit 2, nothing written.
. "$(dirname "$0")/lib.sh" header_line "$@"
export OPENBLAS_NUM_THREADS=1
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >xor.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 5, "data": {"train": "xor.csv"}}\n' >xor.json
"$MLPTRAIN" -q -c xor.json -w m.bin -o m.csv 2>err.txt && ok || bad "training xor: $(cat err.txt)"
# expect NAME WANT-STDERR COMMAND ARGS...: exit 2, exactly WANT-STDERR, no
# output file.
expect() {
    local name=$1 want=$2 rc=0
    shift 2
    "$@" >out.txt 2>err.txt || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat err.txt)" && ok
    [ ! -e p.csv ] && [ ! -e x.png ] && [ ! -e w.bin ] && ok || bad "$name: an output was written"
}
printf '\n\nx1,x2\n0,0\n1,1\n' >b.csv
expect "no target column" \
    'mlppredict: b.csv:3: no target column "y"; evaluation compares the outputs with the targets; add the column "y"' \
    "$MLPPREDICT" -e m.bin b.csv -o p.csv
printf '\n  \r\nx1,x3,y\n0,0,0\n' >b2.csv
expect "no feature column" \
    'mlppredict: b2.csv:3: no column "x2"; the model reads the columns x1, x2 by header name; add the column "x2" (extra columns are ignored)' \
    "$MLPPREDICT" m.bin b2.csv -o p.csv
printf '\n\nx1,x2,x3,y\n0,0,0,0\n1,1,1,1\n' >wide.csv
sed 's/xor.csv/wide.csv/' xor.json >wide.json
expect "feature count" \
    'mlptrain: wide.csv:3: 3 feature columns (x1, x2, x3) but "layers" starts with 2; set the first entry of "layers" (wide.json:1:12) to 3, name the target columns in "targets", or list the 2 columns to read in "features"' \
    "$MLPTRAIN" -q -c wide.json -w w.bin -o l.csv
printf '\n\nepoch,los\n1,0.5\n' >ll.csv
expect "loss log header" \
    'mlpplot: ll.csv:3:1: the header has no "loss" column; give a loss log written by mlptrain (--loss-log), whose header starts "epoch,loss"' \
    "$MLPPLOT" loss ll.csv -o x.png
# The same files without the blank lines: line 1, as before.
sed -i '/^[[:space:]]*$/d' b.csv ll.csv
expect "no target column, line 1" \
    'mlppredict: b.csv:1: no target column "y"; evaluation compares the outputs with the targets; add the column "y"' \
    "$MLPPREDICT" -e m.bin b.csv -o p.csv
expect "loss log header, line 1" \
    'mlpplot: ll.csv:1:1: the header has no "loss" column; give a loss log written by mlptrain (--loss-log), whose header starts "epoch,loss"' \
    "$MLPPLOT" loss ll.csv -o x.png
finish
