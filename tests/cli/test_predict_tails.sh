#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One sigmoid unit's two probability columns keep their digits in both tails
# (README.md, mlppredict): p_<first label> is s(-z), computed from the logit, not
# 1 - y, which is 0 once y rounds to 1. A model of one weight, z = 40 x, on
# x = 1 and x = -1 gives rows that mirror each other: each tail is
# s(-40) = 1/(1 + e^40), about 4.2e-18, on both rows. (It was "yes,0,1".)
# --grid writes the same columns (README.md, --grid: "the usual prediction
# columns"), so its points x = -1, 0, 1 repeat those rows after the
# coordinate. (It was "1,yes,0,1" after the rows had been fixed.)
# Skipped, with a note, where /usr/bin/python3 has no numpy.
# Usage: test_predict_tails.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" predict_tails "$@"
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import numpy' 2> /dev/null; then
    echo "note: $PYTHON has no numpy; skipped (apt-get install python3-numpy)"
    ok
    finish
fi
"$PYTHON" - << 'PY'
import numpy as np
np.savez("steep.npz", W1=np.array([[40.]]), b1=np.zeros(1), activations=np.array(["sigmoid"]),
         loss="binary_cross_entropy", feature_names=np.array(["x"]), labels=np.array(["no", "yes"]))
PY
printf 'x\n1\n-1\n' > rows.csv
"$MLPPREDICT" steep.npz rows.csv > out.txt 2> err.txt || bad "mlppredict: $(cat err.txt)"
# The two tails are the same number, the mirror of each other, and not 0.
IFS=, read -r l1 no1 yes1 < <(sed -n 2p out.txt)
IFS=, read -r l2 no2 yes2 < <(sed -n 3p out.txt)
[ "$l1,$yes1,$l2,$no2" = "yes,1,no,1" ] && ok || bad "the labels and the certain sides: $(cat out.txt)"
[ "$no1" = "$yes2" ] && ok || bad "the tails differ: p_no $no1 on x = 1, p_yes $yes2 on x = -1"
# 1/(1 + e^40) as numpy computes it, to 1e-15 relative: vmath's exp and
# libm's may differ in the last bits, but not in the first fifteen digits.
"$PYTHON" -c 'import sys, math; want = 1 / (1 + math.exp(40)); got = float(sys.argv[1]); sys.exit(0 if abs(got - want) <= 1e-15 * want else 1)' \
    "$no1" && ok || bad "p_no on x = 1 is $no1, not 1/(1 + e^40)"
# The grid -1:1:3 is the points -1, 0 and 1: the CSV of those points,
# coordinate then mlppredict's columns, is the rows' output with the points
# pasted before it, character for character (at x = 0, z = 0 and both
# probabilities are s(0) = 0.5 exactly, the first label's on the tie).
printf 'x\n-1\n0\n1\n' > points.csv
"$MLPPREDICT" steep.npz points.csv > rows_out.txt 2> err.txt || bad "mlppredict: $(cat err.txt)"
"$MLPPREDICT" steep.npz --grid=-1:1:3 > grid.txt 2> err.txt || bad "mlppredict --grid: $(cat err.txt)"
paste -d, points.csv rows_out.txt > want.txt
cmp -s grid.txt want.txt && ok || bad "--grid wrote:
$(cat grid.txt)
the rows with their points:
$(cat want.txt)"
finish
