#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Under mpirun a regression's target column of numbers with one bad cell
# (docs/csv.md, "A regression's target") is refused at that cell, as one
# process does: the column is judged on every rank's cells, so the ranks
# whose lines hold numbers only agree with the rank that holds the cell
# and stop with its error. Alone, such a column was read as class labels.
# Every case runs under ctest's timeout: a rank that stops alone hangs.
. "$(dirname "$0")/lib.sh" mpi_target_numbers "$@"
. "$ROOT/tests/cli/mpi_lib.sh"
# 40 rows of x, y = x / 2; the cell at row BAD (line BAD + 1) is TEXT.
rows() { # BAD TEXT
    printf 'x,y\n'
    for i in $(seq 1 40); do
        if [ "$i" = "$1" ]; then printf '%d,%s\n' "$i" "$2"; else printf '%d,%d.5\n' "$i" "$i"; fi
    done
}
printf '{"layers":[1,4,1],"activations":["tanh","linear"],"loss":"mse","epochs":5,"data":{"train":"r.csv"}}' >r.json
rows 38 oops >r.csv
same_as_one "a word in the last rank's lines" 3 'mlptrain: r.csv:39:4: value "oops" in target column "y" is not a number; "loss": "mse" predicts the numbers of "y": write this cell as a number, or remove the row' r.json
rows 2 '"2,5"' >r.csv
same_as_one "a decimal comma in the first rank's lines" 3 'mlptrain: r.csv:3:3: value "2,5" in target column "y" is not a number; cells must hold a number alone, written with a decimal point and without thousands separators (1.5, not 1,5; 1500, not 1,500)' r.json
# An infinity, in the last rank's lines: that rank stopped at it while the
# others went on to gather the labels, and mpirun never ended.
rows 38 inf >r.csv
same_as_one "an infinity in the last rank's lines" 3 'mlptrain: r.csv:39:4: value "inf" in target column "y" is not a finite number; every cell must be a finite number: write the value, or remove the row' r.json
finish
