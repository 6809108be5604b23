#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# On line 1 of a CSV file that starts with a UTF-8 byte-order mark, every
# column counts the mark's 3 bytes ("col counts bytes", docs/exit-codes.md),
# whoever finds the fault: the reader (a duplicate name, a separator), the
# data set (a word in a first row of data) or the pre-flight (a target out
# of range), from a file or through a pipe. The reader's columns counted
# from after the mark, 3 less than the pre-flight's on the same line.
. "$(dirname "$0")/lib.sh" bom_columns "$@"
export OPENBLAS_NUM_THREADS=1
bom=$'\xef\xbb\xbf'
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >xor.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 5, "data": {"train": "xor.csv"}}\n' >xor.json
"$MLPTRAIN" -q -c xor.json -w m.bin -o m.csv 2>err.txt && ok || bad "training xor: $(cat err.txt)"
# expect NAME WANT-STDERR COMMAND ARGS... (stdin from in.txt): exit 2,
# exactly WANT-STDERR, neither p.csv nor w.bin written (lib.sh's
# error_writes_none).
: >in.txt
expect() { error_writes_none "$1" "$2" p.csv w.bin -- "${@:3}"; }
printf '%sx1,x1,y\n0,0,0\n1,1,1\n' "$bom" >dup.csv
dup='duplicate column name "x1" (columns 1 and 2); give every column a different name'
expect "duplicate name" "mlppredict: dup.csv:1:7: $dup" "$MLPPREDICT" m.bin dup.csv -o p.csv
cp dup.csv in.txt
expect "duplicate name, piped" "mlppredict: <stdin>:1:7: $dup" "$MLPPREDICT" m.bin - -o p.csv
: >in.txt
printf '%sx1;x2;y\n0;0;0\n' "$bom" >semi.csv
expect "separator" \
    "mlppredict: semi.csv:1:6: the first line is separated by semicolons (\";\"), not commas; mlp reads comma-separated files with decimal points; convert it first, for example with tr ';' ',' (when no value holds a comma), or with tr ',;' '.,' where numbers have decimal commas (0,5)" \
    "$MLPPREDICT" m.bin semi.csv -o p.csv
# A word in a first row of data (the table's column) and a target out of
# range (the pre-flight's, found again in the text): both count the mark.
printf '%s1,a,0\n2,b,1\n' "$bom" >word.csv
sed 's/xor.csv/word.csv/' xor.json >word.json
expect "word in line 1" \
    'mlptrain: word.csv:1:6: value "a" in column "column 2" is not a number; column "column 2" holds words, not numbers: if it is what to predict, name it in "targets" (the target is the last column unless "targets" names it); as a feature, write its two values ("a", "b") as 0 and 1; or leave it out: list the columns to read in "features"' \
    "$MLPTRAIN" -q -c word.json -w w.bin -o l.csv
printf '%s0,0,5\n1,1,0\n0,1,1\n' "$bom" >range.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "mse", "data": {"train": "range.csv"}}\n' >range.json
rc=0
"$MLPTRAIN" -c range.json --check >out.txt 2>err.txt || rc=$?
want='mlptrain: range.csv:1:8: error: target 5 in column "column 3" is outside [0, 1], the range of the sigmoid output layer; scale the targets into [0, 1], or use a "linear" output layer for unbounded values'
[ "$rc" = 2 ] && grep -qxF "$want" out.txt err.txt && ok || bad "pre-flight: exit $rc, $(cat out.txt err.txt)"
finish
