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

# Soft targets, every input distinct: no row shares its inputs, and the
# floor (each row's own best constant, its targets) is the targets' own
# entropy under binary_cross_entropy, which a perfect fit reaches. That is
# the best fit, not a data mistake: no floor wording, no "check those rows"
# (it said "at the floor of these rows, 0.588 ...: 0 rows share their
# inputs with rows of other targets; ... check those rows for copying or
# labelling mistakes"). The two targets: p = 0.5 + 0.3 sin 3x and
# q = 0.5 - 0.3 sin 2x, both within (0.2, 0.8).
awk 'BEGIN { print "x,p,q"; for (i = 0; i < 60; i++) { x = -1.5 + 3 * i / 59;
      printf "%.6f,%.6f,%.6f\n", x, 0.5 + 0.3 * sin(3 * x), 0.5 - 0.3 * sin(2 * x) } }' > soft.csv
printf '{"layers":[1,16,2],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","optimizer":{"name":"adam"},"learning_rate":0.01,"epochs":3000,"data":{"train":"soft.csv","targets":["p","q"]}}' > soft.json
"$MLPTRAIN" -c soft.json --progress none -w s.bin -o s.csv 2> s.err
status=$?
[ "$status" = 0 ] && ok || bad "soft run: exit $status: $(cat s.err)"
# The targets' own entropy, the mean of -[t ln t + (1-t) ln(1-t)] over
# every row and target: the run must end within 1% of it (what makes it
# the case of a fit at its floor).
own=$(awk -F, 'NR > 1 { for (k = 2; k <= 3; k++) { t = $k; s -= t * log(t) + (1 - t) * log(1 - t); n++ } } END { printf "%.6f", s / n }' soft.csv)
last=$(tail -n 1 s.csv | cut -d, -f2)
awk -v l="$last" -v e="$own" 'BEGIN { exit !(l >= e && l <= e * 1.01) }' && ok \
    || bad "the soft run must fit its targets' entropy $own, ended at $last"
grep -qE 'floor|copying or labelling|share their inputs' s.err \
    && bad "a perfect fit to soft targets is not a data mistake: $(cat s.err)" || ok

finish
