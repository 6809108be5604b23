#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A rate that saturates the output is too large, not too small
# (docs/diagnostics.md, "larger rates"). A tanh output with mse on 0/1
# targets at rate 10 sat at 0.5, twice chance, its output saturated; the
# run's trials of larger rates were all stable (a saturated output holds
# any rate) and all stayed there, and the diagnosis said "the learning rate
# 10 is too small to leave chance level". A trial counts only when its loss
# left chance level, as for --lr-scan's recommendation: none did, so the
# rate is not called too small; the hint calls it too large and names the
# run's one rate, a tenth of it, at which the run fits without a word.
# Usage: test_diagnose_saturated_rate.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" diagnose_saturated_rate "$@"
export OPENBLAS_NUM_THREADS=1

# The rows of far_columns_csv (lib.sh): "small" within 1.5, "big" in
# [1500, 4500], a 0/1 class.
far_columns_csv big.csv
chance=$(mse_chance big.csv)   # mse's chance loss on the 0/1 column
final_loss() { sed -n 's/.*final loss \([0-9.e+-]*\).*/\1/p' "$1"; }
# The rates the messages tell to try (test_advice.sh's advised).
advised() { grep -oE 'try (a )?learning_rate (below )?[0-9.e+-]+' "$1" | grep -oE '[0-9.e+-]+$'; }

# Seed 12 at rate 10: the pre-flight's 10-epoch trial finds the rate
# stable, and the run's loss ends above chance by far, flat.
printf '{"layers": [2, 8, 1], "activations": ["tanh", "tanh"], "loss": "mse", "epochs": 500, "seed": 12, "learning_rate": 10, "data": {"train": "big.csv", "normalize": "standard"}}' > tanh.json
"$MLPTRAIN" -c tanh.json --progress none -w tanh.bin -o tanh.csv 2> tanh.err
[ $? = 0 ] && ok || bad "tanh output at 10: exit status: $(cat tanh.err)"
loss=$(final_loss tanh.err)
awk -v l="$loss" -v c="$chance" 'BEGIN { exit !(l != "" && l > 1.01 * c) }' \
    && ok || bad "tanh output at 10: final loss ${loss:-none} is not above chance $chance: $(cat tanh.err)"
# Every output on the training rows is at tanh's bound: saturated.
"$MLPPREDICT" tanh.bin big.csv -o tanh.pred 2> tanh.pred.err
awk -F, 'NR > 1 { n++; if ($1 + 0 > -0.999 && $1 + 0 < 0.999) free++ } END { exit !(n == 200 && free == 0) }' tanh.pred \
    && ok || bad "tanh output at 10: not saturated on every row: $(head -5 tanh.pred) $(cat tanh.pred.err)"
# The trials the run makes (the grid from 10 up, 20 epochs each, from the
# same initial weights) are what --lr-scan from 10 shows: stable at every
# rate up to 1e+09, none below chance by more than 1%.
"$MLPTRAIN" -c tanh.json --lr-scan 10:1e9 > up.scan 2>&1
awk -v c="$chance" '$4 == "stable" { n++; if ($3 < 0.99 * c) left++ } END { exit !(n == 25 && left == 0) }' up.scan \
    && ok || bad "the larger rates: not 25 stable at chance: $(cat up.scan)"

# Not too small; too large, with the run's rate, a tenth of 10.
grep -q 'too small' tanh.err && bad "tanh output at 10: called too small: $(cat tanh.err)" || ok
grep -qE "^mlptrain: warning: the loss has stayed at 0\.5 \(within 1%\) for the last [0-9]+ epochs, above the 0\.25 of an output that ignores its inputs: the output units have saturated \(f'\(z\) near 0 passes almost no gradient\); the learning rate 10 is too large: its steps drove them there, and 20-epoch trials from the same initial weights at larger rates, stable up to 1e\+09, did not leave chance level either; try learning_rate 1$" tanh.err \
    && ok || bad "tanh output at 10: $(cat tanh.err)"
[ "$(advised tanh.err | sort -u)" = 1 ] && ok || bad "tanh output at 10: rates named: $(advised tanh.err | tr '\n' ' ')"

# Followed: at 1 the run leaves chance and says nothing.
"$MLPTRAIN" -c tanh.json -l 1 --progress none -w one.bin -o one.csv 2> one.err
loss=$(final_loss one.err)
awk -v l="$loss" -v c="$chance" 'BEGIN { exit !(l != "" && l < 0.99 * c) }' \
    && ok || bad "tanh output at 1: final loss ${loss:-none}, chance $chance: $(cat one.err)"
grep -q '^mlptrain:' one.err && bad "tanh output at 1: $(cat one.err)" || ok
finish
