#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlppredict --evaluate's R^2 at any scale of the targets (predict.h): a model
# fitted to 1, -1, 3, evaluated against 1e200, -1e200, 3e200, printed
# "r2 undefined (a target column is constant)": the squares overflowed and
# R^2 was inf/inf. Now its outputs (near 1) are all but 0 against the
# targets, so R^2 = 1 - (1 + 1 + 9) / (0 + 4 + 4) = -0.375. The loss and
# mse, about 3.7e400, do overflow and stay inf. Against 1e-200, -1e-200,
# 3e-200 (whose squares underflowed to 0, "constant" too) R^2 is about
# -1.4e400, beyond the doubles: -inf. A constant column stays undefined.
. "$(dirname "$0")/lib.sh" evaluate_scale "$@"
export OPENBLAS_NUM_THREADS=1
printf 'x,y\n0,1\n1,-1\n2,3\n' >t.csv
printf '{"layers":[1,4,1],"activations":["tanh","linear"],"loss":"mse","epochs":200,"seed":1,"data":{"train":"t.csv"}}\n' >s.json
"$MLPTRAIN" -q -c s.json -w m.bin -o /dev/null --progress none 2>train.err || bad "train: $(cat train.err)"
r2_line() { # FILE: mlppredict's r2 line for FILE
    "$MLPPREDICT" m.bin "$1" --evaluate -o /dev/null 2>ev.txt || bad "$1: exit $?: $(cat ev.txt)"
    grep ': r2 ' ev.txt
}
r2_tail=" (1 - sum (output - target)^2 / sum (target - mean)^2: 1 is perfect, 0 no better than the mean)"
printf 'x,y\n0,1e200\n1,-1e200\n2,3e200\n' >big.csv
[ "$(r2_line big.csv)" = "big.csv: r2 -0.375$r2_tail" ] && ok || bad "big: $(cat ev.txt)"
grep -qx 'big.csv: mse inf (mean of (output - target)^2 over 3 rows x 1 output)' ev.txt && ok \
    || bad "big mse: $(cat ev.txt)"
printf 'x,y\n0,1e-200\n1,-1e-200\n2,3e-200\n' >small.csv
line=$(r2_line small.csv)
[ "$line" = "small.csv: r2 -inf$r2_tail" ] && ok || bad "small: $(cat ev.txt)"
printf 'x,y\n0,1e200\n1,1e200\n2,1e200\n' >const.csv
[ "$(r2_line const.csv)" = "const.csv: r2 undefined (a target column is constant)" ] && ok \
    || bad "constant: $(cat ev.txt)"
finish
