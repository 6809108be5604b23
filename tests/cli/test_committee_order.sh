#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A committee's predictions do not depend on the order its models are given
# in (README, "Several weights files make a committee"): floating-point
# addition is not associative, so the mean summed in argument order differed
# in the last digits between `m1 m2 m3` and `m3 m1 m2` (68 of moons' 200
# rows), and a shell glob's order depends on the locale. mlppredict sums
# the members in an order fixed by their contents (predict.h). Every order
# of three softmax models and of three one-sigmoid-unit models (p_0 from
# the logits) writes the same bytes and evaluates alike; so does a model
# given twice beside another.
# Usage: test_committee_order.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" committee_order "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/data/moons.csv" .
sed -e 's/"layers": \[2, 16, 16, 2\]/"layers": [2, 16, 16, 1]/' -e 's/"softmax"/"sigmoid"/' \
    -e 's/"cross_entropy"/"binary_cross_entropy"/' -e 's#"../data/moons.csv"#"moons.csv"#' \
    "$ROOT/configs/moons.json" > sigmoid.json
grep -q '"sigmoid"' sigmoid.json && grep -q '"binary_cross_entropy"' sigmoid.json \
    && ok || bad "sigmoid.json is not a one-sigmoid-unit spec"
for s in 1 2 3; do
    "$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -s $s -w m$s.bin -o m$s.loss.csv \
        || bad "training moons seed $s"
    "$MLPTRAIN" -q -c sigmoid.json -e 300 -s $s -w s$s.bin -o s$s.loss.csv \
        || bad "training the sigmoid moons seed $s"
done

# same_in_every_order NAME A B C: the predictions and the --evaluate report
# of the committee A B C are those of each of its orders.
same_in_every_order() {
    local name=$1 a=$2 b=$3 c=$4 order
    "$MLPPREDICT" "$a" "$b" "$c" moons.csv -o first.csv || bad "$name: $a $b $c"
    "$MLPPREDICT" "$a" "$b" "$c" moons.csv --evaluate -o /dev/null 2> first.txt \
        || bad "$name: $a $b $c --evaluate"
    for order in "$a $c $b" "$b $a $c" "$b $c $a" "$c $a $b" "$c $b $a"; do
        # shellcheck disable=SC2086  # the order splits on purpose
        "$MLPPREDICT" $order moons.csv -o other.csv && cmp -s other.csv first.csv \
            && ok || bad "$name: $order predicts other digits than $a $b $c"
        # shellcheck disable=SC2086
        "$MLPPREDICT" $order moons.csv --evaluate -o /dev/null 2> other.txt \
            && cmp -s other.txt first.txt && ok || bad "$name: $order evaluates otherwise: $(cat other.txt)"
    done
}
same_in_every_order "softmax" m1.bin m2.bin m3.bin
same_in_every_order "one sigmoid unit" s1.bin s2.bin s3.bin
same_in_every_order "a model twice" m1.bin m1.bin m2.bin
# What the orders compare is a committee's mean, not its first model's rows.
"$MLPPREDICT" m1.bin moons.csv -o one.csv && ! cmp -s one.csv first.csv \
    && ok || bad "the committee predicts what its first model does"
finish
