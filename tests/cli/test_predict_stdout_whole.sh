#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A prediction refused at a late row writes nothing, on standard output too
# (docs/csv.md), and so does a --grid with a point that overflows in the
# model (README): the rows are computed chunk by chunk
# (MLP_NET_DEFAULT_CHUNK_ROWS, 1024), and every one is checked before the
# first is written, so rows of an earlier chunk do not reach a pipe, where
# no rename can take them back. Each file below has its bad row in the
# second chunk; the same rows without it are written whole.
# Usage: test_predict_stdout_whole.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" predict_stdout_whole "$@"
export OPENBLAS_NUM_THREADS=1
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 20 -s 1 -w m1.bin -o m1.loss.csv || bad "training m1"
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 20 -s 2 -w m2.bin -o m2.loss.csv || bad "training m2"
# 1100 rows of moons (more than one chunk), then one far outside its range:
# standardised, its inputs overflow to inf and -inf, whose weighted sum is
# NaN in a hidden unit whose two weights have one sign (the 64 of
# configs/moons.json hold such units; tests/cli/test_no_nan.sh's row).
awk 'NR == 1 { print; next } { rows[n++] = $0 } END { for (i = 0; i < 1100; i++) print rows[i % n] }' \
    "$ROOT/data/moons.csv" > good.csv
{ cat good.csv; echo '1.7e308,-1.7e308,0'; } > late.csv
want="mlppredict: late.csv: data row 1101: the model's output is not a finite number (an input far outside the training data's range overflows in it); check that row's values; they must be of the scale the model was trained on"
# lines_out NAME WANT-LINES WANT-STATUS COMMAND...: the lines the command
# writes into a pipe, and its exit status.
lines_out() {
    local name=$1 want=$2 want_status=$3 got status
    shift 3
    got=$("$@" 2> err.txt | wc -l; exit "${PIPESTATUS[0]}")
    status=$?
    [ "$got" = "$want" ] && [ "$status" = "$want_status" ] && ok \
        || bad "$name: $got lines, exit $status (want $want, exit $want_status): $(cat err.txt)"
}
# The good rows are written whole: header and 1100 rows.
lines_out "good rows" 1101 0 "$MLPPREDICT" m1.bin good.csv
lines_out "good rows, -o -" 1101 0 "$MLPPREDICT" m1.bin good.csv -o -
lines_out "good rows, committee" 1101 0 "$MLPPREDICT" m1.bin m2.bin good.csv
# A late bad row: nothing written, whichever way standard output is named.
lines_out "late bad row" 0 2 "$MLPPREDICT" m1.bin late.csv
[ "$(cat err.txt)" = "$want" ] && ok || bad "late bad row: message \"$(cat err.txt)\""
lines_out "late bad row, -o -" 0 2 "$MLPPREDICT" m1.bin late.csv -o -
lines_out "late bad row, -o /dev/stdout" 0 2 "$MLPPREDICT" m1.bin late.csv -o /dev/stdout
lines_out "late bad row, --evaluate" 0 2 "$MLPPREDICT" m1.bin late.csv --evaluate
lines_out "late bad row, committee" 0 2 "$MLPPREDICT" m1.bin m2.bin late.csv
# --grid alike (README): 600 x 3 points, x near -1.7e308; the third row of
# points, y = 1.7e308, overflows as the row above does, in the second chunk
# (from point 1200); the first two rows alone are written whole.
lines_out "--grid, first two rows" 1201 0 "$MLPPREDICT" m1.bin --grid -1.7e308:-1.6e308:600,0:8.5e307:2
lines_out "--grid, a late point" 0 2 "$MLPPREDICT" m1.bin --grid -1.7e308:-1.6e308:600,0:1.7e308:3
grep -q "^mlppredict: --grid: the model's output at (-1.6999999999999999e+308, 1.6999999999999999e+308) is not a finite number" err.txt \
    && ok || bad "--grid, a late point: $(cat err.txt)"
# Into a file by redirection, as the report found it: empty.
rc=0
"$MLPPREDICT" -t 1 m1.bin late.csv > out.csv 2> err.txt || rc=$?
[ "$rc" = 2 ] && [ ! -s out.csv ] && ok || bad "> out.csv: exit $rc, $(wc -l < out.csv) lines"
finish
