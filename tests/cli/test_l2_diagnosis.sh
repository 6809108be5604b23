#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The diagnosis names an l2 that holds the weights (docs/diagnostics.md, "An
# l2 that holds the weights") instead of sending the run to other seeds or
# rates: on moons l2 0.1 was "stuck, likely in a local minimum; try another
# --seed", l2 0.3 "the learning rate 0.5 is too large" and, at 0.05, "too
# small". l2 0 stays silent.
# Usage: test_l2_diagnosis.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" l2_diagnosis "$@"

spec() { # spec L2 RATE
    printf '{"layers":[2,16,16,2],"activations":["tanh","tanh","softmax"],"loss":"cross_entropy","epochs":2000,"learning_rate":%s,"l2":%s,"seed":42,"data":{"train":"%s/data/moons.csv","normalize":"standard"}}' \
        "$2" "$1" "$ROOT" > m.json
}
warnings() { "$MLPTRAIN" -c m.json --progress none -w /dev/null -o /dev/null 2>&1 | grep 'warning'; }

spec 0.1 0.5
want="mlptrain: warning: l2 0.1 holds the weights at the penalty's balance: the penalty (l2/2) sum W^2 is 0.166, 50% of the loss 0.3362 (which leaves it out), and the loss stays there; try a smaller l2, e.g. 0.01, or none"
got=$(warnings)
[ "$got" = "$want" ] && ok || bad "l2 0.1: $got"

for rate in 0.5 0.05; do
    spec 0.3 $rate
    got=$(warnings)
    case $got in
    "mlptrain: warning: l2 0.3 holds the weights near zero: their root mean square fell from 0.272 to "*", and the loss (without the penalty) ended at 0.6931; try a smaller l2, e.g. 0.03, or none")
        [ "$(printf '%s\n' "$got" | wc -l)" = 1 ] && ok || bad "l2 0.3 rate $rate: more than one warning: $got" ;;
    *) bad "l2 0.3 rate $rate: $got" ;;
    esac
done

spec 0 0.5
got=$(warnings)
[ -z "$got" ] && ok || bad "l2 0: $got"

finish
