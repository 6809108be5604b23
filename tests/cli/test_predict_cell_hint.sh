#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A cell that is not a number late in a file read for a model (mlppredict's
# input, mlpplot's, a validation file): the hint says what to do with that
# row's value (docs/csv.md); it only restated the rule ("every feature cell
# must be a number"), where mlptrain says to fill in or remove the row.
# Usage: test_predict_cell_hint.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" predict_cell_hint "$@"
export OPENBLAS_NUM_THREADS=1
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -e 20 -w x.bin -o x.loss.csv || bad "training xor"
# 2000 good rows, then a word in x2 on line 2002 (its 5th character).
awk 'BEGIN { print "x1,x2,y"; for (i = 0; i < 2000; i++) print i % 2 "," int(i / 2) % 2 ",0"
             print "0.1,oops,0" }' > late.csv
want='mlppredict: late.csv:2002:5: value "oops" in column "x2" is not a number; the model reads a number in every feature cell: write this cell as a number, or remove the row'
rc=0
"$MLPPREDICT" x.bin late.csv > out.csv 2> err.txt || rc=$?
[ "$rc" = 2 ] && ok || bad "exit $rc, want 2"
[ "$(cat err.txt)" = "$want" ] && ok || bad "message \"$(cat err.txt)\""
[ ! -s out.csv ] && ok || bad "rows were written"
# Done as the hint says (the row removed), the file is read.
grep -v oops late.csv > fixed.csv
"$MLPPREDICT" x.bin fixed.csv > fixed.out 2> err.txt && [ "$(wc -l < fixed.out)" = 2001 ] \
    && ok || bad "the row removed: $(cat err.txt)"
finish
