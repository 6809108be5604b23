#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --lr-scan recommends from the largest stable rate that left chance level
# (docs/diagnostics.md, "Learning-rate scan"). A relu net on a column in the
# thousands, not normalised, was "stable" up to 0.0046 at the 0.6931 of an
# output that ignores its inputs (dead units output a constant, whose loss
# holds at any rate), and was recommended 0.00046: the run there ended with
# every unit dead and every row in one class. It now recommends nothing and
# names the pre-flight's cure; followed, the scan recommends a rate that
# trains. A tanh output that saturates at large rates is likewise "stable"
# at 0.5 up to rate 100 (recommended 10, where a run stays at 0.5): the
# recommendation comes from the largest stable rate that left chance.
# Usage: test_lrscan_chance.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" lrscan_chance "$@"
export OPENBLAS_NUM_THREADS=1

# 200 rows: "small" within 1.5, "big" in [1500, 4500]; the class is which
# side of a line through both the row lies on (100 of each).
far_columns_csv big.csv
recommended() { sed -n 's/^recommended learning_rate: \([0-9.e+-]*\) .*/\1/p' "$1"; }
# The chance loss of binary_cross_entropy on the 0/1 column: the entropy
# of its mean p; of mse, its variance p (1 - p).
p=$(awk -F, 'NR > 1 { n++; s += $3 } END { print s / n }' big.csv)
bce_chance=$(awk -v p="$p" 'BEGIN { print -(p * log(p) + (1 - p) * log(1 - p)) }')
mse_chance=$(awk -v p="$p" 'BEGIN { print p * (1 - p) }')

# 1. Raw inputs: no recommendation, the cure instead.
printf '{"layers": [2, 8, 1], "activations": ["relu", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 2000, "data": {"train": "big.csv"}}' > raw.json
"$MLPTRAIN" -c raw.json --lr-scan 1e-4:10 > raw.scan 2> raw.err
[ $? = 0 ] && ok || bad "raw inputs: scan exit status: $(cat raw.err)"
[ -z "$(recommended raw.scan)" ] && ok || bad "raw inputs: recommended $(recommended raw.scan): $(cat raw.scan)"
# The largest stable rate ended within 1% of chance, or above it.
top=$(sed -n 's/^largest stable rate: \([0-9.e+-]*\)$/\1/p' raw.scan)
awk -v r="$top" -v c="$bce_chance" '$1 == r && $4 == "stable" { found = 1; exit !($3 >= 0.99 * c) }
    END { exit !found }' raw.scan && ok || bad "raw inputs: the largest stable rate ${top:-none} left chance $bce_chance: $(cat raw.scan)"
grep -qx 'no learning_rate recommended; raw inputs beyond 100 make the steps large at any rate: add "normalize": "standard" to "data" in the spec' raw.scan \
    && ok || bad "raw inputs: the cure is not named: $(cat raw.scan)"
# The pre-flight names the same cure.
grep -q 'add "normalize": "standard" to "data" in the spec$' raw.err && ok || bad "raw inputs: pre-flight: $(cat raw.err)"

# Followed: a recommendation, and a run at it that is silent and fits.
sed 's|"train": "big.csv"|"train": "big.csv", "normalize": "standard"|' raw.json > std.json
"$MLPTRAIN" -c std.json --lr-scan 1e-4:10 > std.scan 2>&1
rate=$(recommended std.scan)
[ -n "$rate" ] && ok || bad "standardised: no recommendation: $(cat std.scan)"
"$MLPTRAIN" -c std.json -l "${rate:-1}" --progress none -w std.bin -o std.csv 2> std.err
[ $? = 0 ] && ! grep -q '^mlptrain:' std.err && ok || bad "standardised at ${rate:-nothing}: $(cat std.err)"

# 2. A tanh output (mse on the 0/1 column), standardised, seed 3: the
# largest stable rate ends at 0.5, twice chance, with the output saturated.
# Nothing is far from scale, so the rate comes from the largest stable one
# whose loss left chance, and a run at it ends below chance.
printf '{"layers": [2, 8, 1], "activations": ["tanh", "tanh"], "loss": "mse", "epochs": 500, "seed": 3, "data": {"train": "big.csv", "normalize": "standard"}}' > tanh.json
"$MLPTRAIN" -c tanh.json --lr-scan 1e-3:100 > tanh.scan 2> tanh.err
from=$(sed -n 's/^recommended learning_rate: [0-9.e+-]* (a tenth of \([0-9.e+-]*\), the largest stable rate whose loss left chance level)$/\1/p' tanh.scan)
[ -n "$from" ] && ok || bad "tanh output: not recommended from a rate that left chance: $(cat tanh.scan)"
# That rate is stable and below chance by more than 1%; every stable rate
# above it is not.
awk -v r="$from" -v c="$mse_chance" '$4 != "stable" || $1 + 0 < r + 0 { next }
    $1 == r { found = 1; if (!($3 < 0.99 * c)) exit 1; next }
    { if ($3 < 0.99 * c) exit 1 } END { exit !found }' tanh.scan \
    && ok || bad "tanh output: ${from:-nothing} is not the largest stable rate below chance $mse_chance: $(cat tanh.scan)"
rate=$(recommended tanh.scan)
"$MLPTRAIN" -c tanh.json -l "${rate:-1}" --progress none -w tanh.bin -o tanh.csv 2> tanh_run.err
loss=$(sed -n 's/.*final loss \([0-9.e+-]*\).*/\1/p' tanh_run.err)
awk -v l="$loss" -v c="$mse_chance" 'BEGIN { exit !(l != "" && l < 0.99 * c) }' \
    && ok || bad "tanh output at ${rate:-nothing}: final loss ${loss:-none}, chance $mse_chance: $(cat tanh_run.err)"

# 3. Inputs in the thousands and targets beyond 100 (a linear output): both
# cures, in one line.
awk 'BEGIN { print "x,price"; for (i = 0; i <= 200; i++) { x = 500 + 15 * i
    printf "%g,%.2f\n", x, 7000 + 2 * x + 500 * sin(x / 300) } }' > house.csv
printf '{"layers": [1, 16, 1], "activations": ["tanh", "linear"], "loss": "mse", "data": {"train": "house.csv"}}' > house.json
"$MLPTRAIN" -c house.json --lr-scan 1e-4:10 > house.scan 2> house.err
[ -z "$(recommended house.scan)" ] && ok || bad "house: recommended $(recommended house.scan): $(cat house.scan)"
grep -qx 'no learning_rate recommended; raw inputs beyond 100 and targets beyond 100 make the steps large at any rate: add "normalize": "standard" to "data" in the spec, and divide the targets by 10000 (multiply the predictions by it)' house.scan \
    && ok || bad "house: both cures are not named: $(cat house.scan)"
finish
