#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A plateau at the rows' floor (docs/diagnostics.md, loss-plateau): rows
# with the same inputs and other targets keep every model at or above the
# loss of each group's best constant. A network that fitted them to it was
# told "training is stuck, likely in a local minimum; try another --seed".
# Usage: test_noise_floor.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" noise_floor "$@"

# 9 inputs, each on 4 rows: twice x^2/4 + 0.3 and twice x^2/4 - 0.3. The
# best constant of each group is its mean x^2/4, which leaves 0.3^2 = 0.09
# on every row: the floor is 0.09, and all 36 rows are in groups of other
# targets. The chance loss (the targets' variance) is 0.224.
{
    echo "x,y"
    for x in -2 -1.5 -1 -0.5 0 0.5 1 1.5 2; do
        for d in 0.3 -0.3 0.3 -0.3; do
            awk -v x="$x" -v d="$d" 'BEGIN { printf "%g,%g\n", x, x * x / 4 + d }'
        done
    done
} > noisy.csv
printf '{"layers":[1,8,1],"activations":["tanh","linear"],"loss":"mse","optimizer":{"name":"adam"},"learning_rate":0.01,"epochs":2000,"data":{"train":"noisy.csv","targets":["y"],"normalize":"standard"}}' > noisy.json

"$MLPTRAIN" -c noisy.json --progress none -w n.bin -o n.csv 2> n.err
status=$?
[ "$status" = 0 ] && ok || bad "noisy run: exit $status: $(cat n.err)"
plateau=$(grep '^mlptrain: warning: the loss has stayed at' n.err)
# It fitted the group means: its last loss is the floor (to 1%).
last=$(tail -n 1 n.csv | cut -d, -f2)
awk -v l="$last" 'BEGIN { exit !(l >= 0.09 && l <= 0.0909) }' && ok \
    || bad "the run must fit the floor 0.09, ended at $last"
case "$plateau" in
*": it is at the floor of these rows, 0.09, which no model goes below: 36 rows share their inputs with rows of other targets; no training lowers it: check those rows for copying or labelling mistakes, or add an input that tells them apart")
    ok ;;
*) bad "the plateau must name the floor: $(cat n.err)" ;;
esac
grep -qE 'local minimum|--seed|--restarts' n.err && bad "no other seed helps at the floor: $(cat n.err)" || ok

# The same rows without the noise (each group's targets equal): no floor,
# and the fit goes far below 0.09: nothing is said of a plateau.
awk -F, 'NR == 1 { print; next } { printf "%s,%g\n", $1, $1 * $1 / 4 }' noisy.csv > clean.csv
sed 's/noisy.csv/clean.csv/' noisy.json > clean.json
"$MLPTRAIN" -c clean.json --progress none -w c.bin -o c.csv 2> c.err
grep -q 'floor' c.err && bad "no floor without conflicting rows: $(cat c.err)" || ok

finish
