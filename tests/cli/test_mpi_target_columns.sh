#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Under mpirun an error at a numeric target cell of the training file gives
# its column, as one process does (docs/csv.md, "Targets"): the one-hot rows
# of several target columns (the data stage) and the pre-flight's
# target-range. A rank held no text of the file, so both gave the line
# alone. Now each rank keeps the text of its own lines (a file of 64 MiB or
# less, as the pre-flight's limit), placed at their lines in the file; the
# bad cells below are in the last rank's part, after blank lines and
# other ranks' lines, with CRLF line ends.
. "$(dirname "$0")/lib.sh" mpi_target_columns "$@"
. "$ROOT/tests/cli/mpi_lib.sh"
# 40 one-hot rows; line 39 (row 35, after the header and three blank lines)
# has two 1s, the second at byte 11.
{
    printf 'a,b,p,q\r\n'
    for i in $(seq 1 40); do
        case $i in 5 | 6 | 20) printf '\r\n' ;; esac
        if [ "$i" = 35 ]; then printf '0.%d,1, 1,1\r\n' "$i"; else printf '0.%d,1,%d,%d\r\n' "$i" $((i % 2)) $(((i + 1) % 2)); fi
    done
} >oh.csv
printf '{"layers":[2,3,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":5,"data":{"train":"oh.csv","targets":["p","q"]}}' >oh.json
same_as_one "one-hot" 3 "mlptrain: oh.csv:39:11: target columns (p, q) are not one-hot in this row; for a softmax output, mark each row's class with a single 1 and 0 in the other target columns" oh.json
# target-range: 5 and 7 where [0, 1] is the range, the first on line 42 at byte 8.
{
    printf 'x,y\n'
    for i in $(seq 1 40); do
        case $i in 5 | 30) printf '\n' ;; esac
        case $i in 39) printf '0.%d,  5\n' "$i" ;; 40) printf '0.%d,7\n' "$i" ;; *) printf '0.%d,%d\n' "$i" $((i % 2)) ;; esac
    done
} >far.csv
printf '{"layers":[1,4,1],"activations":["tanh","sigmoid"],"loss":"mse","epochs":50,"data":{"train":"far.csv"}}' >far.json
same_as_one "target-range" 2 'mlptrain: far.csv:42:8: error: target 5 in column "y" is outside [0, 1], the range of the sigmoid output layer (2 of the 40 target values are); scale the targets into [0, 1], or use a "linear" output layer for unbounded values' far.json
# Two classes coded 1 and 2 whose values the ranks' parts split (1 in rank
# 0's lines, 2 in rank 1's): the hint that names binary_cross_entropy counts
# the distinct values of every part, as one process does.
{
    printf 'x,y\n'
    for i in $(seq 1 40); do printf '0.%d,%d\n' "$i" $((i > 20 ? 2 : 1)); done
} >two.csv
printf '{"layers":[1,4,1],"activations":["tanh","sigmoid"],"loss":"mse","epochs":50,"data":{"train":"two.csv"}}' >two.json
same_as_one "two classes" 2 'mlptrain: two.csv:22:6: error: target 2 in column "y" is outside [0, 1], the range of the sigmoid output layer (20 of the 40 target values are); scale the targets into [0, 1], or use a "linear" output layer for unbounded values; if 1 and 2, the only values of "y", are two classes, "loss": "binary_cross_entropy" reads them as labels' two.json
finish
