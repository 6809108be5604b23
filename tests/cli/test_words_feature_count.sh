#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A first layer that does not fit the feature columns, one of which holds
# words (docs/csv.md): the count's message names that column and its cures.
# It said only "set the first entry of "layers" to 3", and a run with 3 then
# stopped at "green" in "color", not a number: a second error for one cause.
# The columns' kinds come from the table already read (no second reading).
# Usage: test_words_feature_count.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" words_feature_count "$@"

# size, color (3 words), weight, fruit (the target, last).
awk 'BEGIN { print "size,color,weight,fruit"; split("red green blue", c, " ")
    split("apple banana cherry", f, " ")
    for (i = 0; i < 30; i++) { k = i % 3 + 1
        printf "%.2f,%s,%.1f,%s\n", 4 + k + 0.1 * (i % 5), c[k], 80 + 20 * k + i % 7, f[k] } }' > fruit.csv
spec() { printf '{"layers": [%s, 8, 3], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "epochs": 200, "data": {"train": "fruit.csv"%s}}' "$1" "$2"; }

spec 2 '' > two.json
"$MLPTRAIN" -c two.json --progress none -w two.bin -o two.csv 2> two.err
error_is "words column, layers 2" 2 \
    'mlptrain: fruit.csv:1: 3 feature columns (size, color, weight) but "layers" starts with 2; column "color" holds words, not numbers: if it is what to predict, name it in "targets" (the target is the last column unless "targets" names it); as a feature, give each of its values a 0/1 column of its own (one-hot encoding); or leave it out: list the columns to read in "features" (the 2 others match "layers")' \
    $? "$(cat two.err)" && ok
# Followed (left out), it trains.
spec 2 ', "features": ["size", "weight"]' > left.json
"$MLPTRAIN" -c left.json --progress none -w left.bin -o left.csv 2> left.err
[ $? = 0 ] && ok || bad "color left out: $(cat left.err)"

# Too few for the columns even without it: the count is still to be set.
spec 1 '' > one.json
"$MLPTRAIN" -c one.json --progress none -w one.bin -o one.csv 2> one.err
grep -qx 'mlptrain: fruit.csv:1: 3 feature columns (size, color, weight) but "layers" starts with 1; column "color" holds words, not numbers: .*; or leave it out: list the columns to read in "features"; then set the first entry of "layers" (one.json:1:12) to the number of columns read' one.err \
    && ok || bad "layers 1: $(cat one.err)"

# Listed in "features": the cure is to remove it from there.
spec 3 ', "features": ["size", "color"]' > listed.json
"$MLPTRAIN" -c listed.json --progress none -w listed.bin -o listed.csv 2> listed.err
grep -q '^mlptrain: listed.json:1:[0-9]*: "features" names 2 columns (size, color) but "layers" starts with 3; column "color" holds words, not numbers: as a feature, give each of its values a 0/1 column of its own (one-hot encoding); or remove it from "features"; then set the first entry' listed.err \
    && ok || bad "listed: $(cat listed.err)"

# Two words (yes/no) are one 0/1 column.
awk 'BEGIN { print "x,ok,y"; for (i = 0; i < 20; i++) printf "%d,%s,%d\n", i, i % 2 ? "yes" : "no", i % 3 == 0 }' > yn.csv
printf '{"layers": [1, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "data": {"train": "yn.csv"}}' > yn.json
"$MLPTRAIN" -c yn.json --progress none -w yn.bin -o yn.csv.log 2> yn.err
grep -q 'as a feature, write its two values ("no", "yes") as 0 and 1; or leave it out: list the columns to read in "features" (the 1 other matches "layers")$' yn.err \
    && ok || bad "yes/no column: $(cat yn.err)"

# A count that does not fit without words: the hint as before.
awk 'BEGIN { print "a,b,c,y"; for (i = 0; i < 10; i++) printf "%d,%d,%d,%d\n", i, i * 2, i % 3, i % 2 }' > num.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "data": {"train": "num.csv"}}' > num.json
"$MLPTRAIN" -c num.json --progress none -w num.bin -o num.csv.log 2> num.err
grep -qx 'mlptrain: num.csv:1: 3 feature columns (a, b, c) but "layers" starts with 2; set the first entry of "layers" (num.json:1:12) to 3, name the target columns in "targets", or list the 2 columns to read in "features"' num.err \
    && ok || bad "numbers only: $(cat num.err)"
finish
