#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --lr-scan names no rate where the output saturates at every stable rate
# (docs/diagnostics.md, "Learning-rate scan"). A tanh output with mse on
# 0/1 targets, standardised, seed 12, was stable at 0.5 (twice chance, every
# output at tanh's bound) at every rate from 10 to 1e+10; no stable rate
# left chance, and the scan kept "a tenth of the largest stable rate",
# recommending 1e+09, where nothing is learnt. By the diagnosis's rule for
# its own larger-rate trials (mlp_diagnose_output_held) the output has
# saturated: no rate of the range is recommended and lower ones are named;
# followed, that scan recommends a rate at which a run leaves chance.
# Usage: test_lrscan_saturated.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" lrscan_saturated "$@"
export OPENBLAS_NUM_THREADS=1

# The rows of far_columns_csv (lib.sh): "small" within 1.5, "big" in
# [1500, 4500], a 0/1 class.
far_columns_csv big.csv
chance=$(mse_chance big.csv)   # mse's chance loss on the 0/1 column
recommended() { sed -n 's/^recommended learning_rate: \([0-9.e+-]*\) .*/\1/p' "$1"; }

# test_diagnose_saturated_rate.sh's run, whose output saturates at rate 10.
printf '{"layers": [2, 8, 1], "activations": ["tanh", "tanh"], "loss": "mse", "epochs": 500, "seed": 12, "learning_rate": 10, "data": {"train": "big.csv", "normalize": "standard"}}' > tanh.json
"$MLPTRAIN" -c tanh.json --lr-scan 10:1e10 > up.scan 2> up.err
[ $? = 0 ] && ok || bad "10:1e10: exit status: $(cat up.err)"
# Every rate stable, each ending above chance by more than 1%, and the
# largest no lower than those a decade and more below it.
awk -v c="$chance" '$4 == "stable" { n++; if ($3 > 1.01 * c) above++; last = $3 }
    $4 == "stable" && $1 + 0 <= 1e9 && (min == "" || $3 < min) { min = $3 }
    END { exit !(n == 28 && above == 28 && last >= min) }' up.scan \
    && ok || bad "10:1e10: not 28 stable rates held above chance $chance: $(cat up.scan)"
[ -z "$(recommended up.scan)" ] && ok || bad "10:1e10: recommended $(recommended up.scan): $(cat up.scan)"
grep -qx 'largest stable rate: 1e+10' up.scan && ok || bad "10:1e10: the edge is said to lie above: $(cat up.scan)"
grep -qx "no learning_rate recommended; the tanh output saturates at the stable rates from 10 to 1e+10 (f'(z) near 0 passes almost no gradient): the loss stays above chance there, at 1e+10 no lower than at the stable rates a decade and more below; try lower rates, e.g. --lr-scan 0.01:10" up.scan \
    && ok || bad "10:1e10: the saturation is not named: $(cat up.scan)"

# Followed: the lower range recommends a rate, and a run at it leaves
# chance and says nothing.
"$MLPTRAIN" -c tanh.json --lr-scan 0.01:10 > low.scan 2>&1
rate=$(recommended low.scan)
[ -n "$rate" ] && ok || bad "0.01:10: no recommendation: $(cat low.scan)"
"$MLPTRAIN" -c tanh.json -l "${rate:-1}" --progress none -w low.bin -o low.csv 2> low.err
loss=$(sed -n 's/.*final loss \([0-9.e+-]*\).*/\1/p' low.err)
awk -v l="$loss" -v c="$chance" 'BEGIN { exit !(l != "" && l < 0.99 * c) }' \
    && ok || bad "at ${rate:-nothing}: final loss ${loss:-none}, chance $chance: $(cat low.err)"
grep -q '^mlptrain:' low.err && bad "at ${rate:-nothing}: $(cat low.err)" || ok

# Rates too small to saturate anything: the loss still falls as the rate
# grows, none leaves chance in 20 epochs, and the largest stable rate is
# kept as before (the edge lies above).
"$MLPTRAIN" -c tanh.json --lr-scan 1e-6:1e-3 > small.scan 2>&1
[ "$(recommended small.scan)" = 0.0001 ] && ok || bad "1e-6:1e-3: $(cat small.scan)"
grep -q 'saturates' small.scan && bad "1e-6:1e-3: called saturated: $(cat small.scan)" || ok
finish
