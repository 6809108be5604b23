#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot fit refuses a file without the model's target columns at the line
# of its header (docs/plots.md, "fit"), which blank lines may put below
# line 1 ("the first non-blank row is a header", docs/csv.md). It said
# line 1 whatever came first; the other column messages already said the
# header's line (tests/cli/test_header_line.sh). Exit 2, no picture.
. "$(dirname "$0")/lib.sh" plot_fit_header_line "$@"
export OPENBLAS_NUM_THREADS=1
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
printf 'x,y\n0,0\n1,1\n2,2\n3,3\n' > t.csv
printf '{"layers": [1, 1], "activations": ["linear"], "loss": "mse", "epochs": 5, "data": {"train": "t.csv"}}' > r.json
"$MLPTRAIN" -q -c r.json -w r.bin -o r.loss.csv 2> err.txt && ok || bad "training: $(cat err.txt)"

# expect NAME WANT-STDERR DATA: mlpplot fit r.bin DATA exits 2 with exactly
# WANT-STDERR and writes no picture.
expect() {
    local rc=0
    timeout 60 "$MLPPLOT" fit r.bin "$3" -o f.png > out.txt 2> err.txt || rc=$?
    error_is "$1" 2 "$2" "$rc" "$(cat err.txt)" && ok
    [ ! -e f.png ] && ok || bad "$1: a picture was written"
}
hint="the fit picture puts each prediction against its target; give a file with the model's target columns, as its training file"
printf '\n\nx\n0\n1\n' > rx.csv
expect "two blank lines before the header" "mlpplot: rx.csv:3: no target column: $hint" rx.csv
printf ' \r\n\t\nx\n0\n' > ws.csv
expect "blank lines of spaces before the header" "mlpplot: ws.csv:3: no target column: $hint" ws.csv
printf 'x\n0\n1\n' > x1.csv
expect "header on line 1" "mlpplot: x1.csv:1: no target column: $hint" x1.csv
finish
