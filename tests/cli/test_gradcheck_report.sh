#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlptrain --gradcheck's report: without --config it covers every combination
# the activation and loss tables allow; with or without, a skipped parameter
# names the kink it was skipped at.
# - The number of combinations is counted from the tables, with no cap: the
#   header's count, the case lines and "all N combinations pass" agree, and
#   the run exits 0. (With a fixed MLP_GRADCHECK_MAX_CASES of 64, an eighth
#   activation added as docs/extending.md says made 70: the header said 64,
#   the run stopped with "more combinations of activations and losses than
#   MLP_GRADCHECK_MAX_CASES (64)" and exit 3, the out-of-memory code.)
# - "skipped at a relu kink" was printed whatever activation had the kink
#   (sigmoid/leaky_relu/mse has no relu); the line names the case's
#   activations that have one (MLP_ACT_FLAG_KINK).
# Usage: test_gradcheck_report.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" gradcheck_report "$@"

"$MLPTRAIN" --gradcheck > gc.out 2> gc.err
status=$?
[ "$status" = 0 ] && [ ! -s gc.err ] && ok || bad "--gradcheck: exit $status, $(cat gc.err)"
header=$(sed -n '1s/^gradient check: \([0-9]*\) combinations of hidden\/output activation and loss, .*/\1/p' gc.out)
cases=$(grep -c '^[a-z_]*/[a-z_]*/[a-z_]* *worst ' gc.out)
last=$(sed -n 's/^all \([0-9]*\) combinations pass$/\1/p' gc.out)
[ -n "$header" ] && [ "$header" -ge 54 ] && [ "$cases" = "$header" ] && [ "$last" = "$header" ] && ok \
    || bad "--gradcheck: header says '$header', $cases case lines, last line says '$last'"

# Each skip line names kinked activations of its own case, and at least one
# case skips (seed 42 has skips in relu and leaky_relu cases), so the check
# is not vacuous. The kinked activations are those of the cases that skip.
awk '
    / worst / { split($1, c, "/"); hidden = c[1]; output = c[2]; next }
    /skipped at a / {
        n++
        s = $0; sub(/.*skipped at a /, "", s); sub(/ kink\)$/, "", s)
        k = split(s, names, / or /)
        for (i = 1; i <= k; i++)
            if (names[i] != hidden && names[i] != output) {
                printf "%s/%s: skipped at a %s kink\n", hidden, output, s; bad = 1
            }
        if (s ~ /leaky_relu/) leaky++
    }
    END { if (n == 0 || leaky == 0) { print "no skip lines (" n "), or none at a leaky_relu kink"; bad = 1 }
          exit bad }
' gc.out > kinks.txt && ok || bad "--gradcheck skip lines: $(cat kinks.txt)"
grep -q '^sigmoid/leaky_relu/mse ' gc.out && ! awk '/^sigmoid\/leaky_relu\/mse /{on=1; next} / worst /{on=0} on' gc.out \
    | grep -q 'at a relu kink' && ok || bad "sigmoid/leaky_relu/mse names a relu kink: $(grep -A3 '^sigmoid/leaky_relu/mse ' gc.out)"

# With --config: the row (0, 0) puts every first-layer unit exactly at its
# kink (the biases start at 0), so parameters are skipped for certain, and
# the line names the network's kinked activations.
printf 'x1,x2,y\n0,0,0\n1,2,1\n-1,0.5,0\n2,-1,1\n-0.5,-1.5,0\n' > lr.csv
gc_config() { # NAME ACTIVATIONS WANT-SKIP-WORDS
    printf '{"layers":[2,4,3,1],"activations":[%s],"loss":"binary_cross_entropy","seed":5,"data":{"train":"lr.csv","normalize":"none"}}' \
        "$2" > lr.json
    "$MLPTRAIN" --gradcheck -c lr.json > lr.out 2> err.txt
    local status=$? skips
    skips=$(sed -n 's/.* skipped at a \(.*\) kink)$/\1/p' lr.out | sort -u)
    [ "$status" = 0 ] && [ "$(grep -c ' skipped at a ' lr.out)" -ge 1 ] && [ "$skips" = "$3" ] && ok \
        || bad "$1: exit $status, skipped at '$skips', want '$3': $(cat lr.out err.txt)"
}
gc_config "leaky_relu network" '"leaky_relu","leaky_relu","sigmoid"' "leaky_relu"
gc_config "relu network" '"relu","relu","sigmoid"' "relu"
gc_config "relu then leaky_relu" '"relu","leaky_relu","sigmoid"' "relu or leaky_relu"

# A tensor whose every entry was skipped shows "-", not an error of 0: with
# the row (0, 0) and the biases at 0 every first-layer bias's stencil
# crosses the kink, while its weights (times x = 0) move nothing and are
# compared. It printed "b 0.000e+00", as if the biases had been checked.
printf 'x1,x2,y\n0,0,0\n1,2,1\n' > k.csv
printf '{"layers":[2,3,1],"activations":["relu","sigmoid"],"loss":"binary_cross_entropy","seed":5,"data":{"train":"k.csv"}}' > k.json
"$MLPTRAIN" --gradcheck -c k.json > k.out 2> err.txt
status=$?
[ "$status" = 0 ] && grep -qE '^  layer 1: max rel error W [0-9.]+e-[0-9]+  b -  \(6 checked, 3 skipped at a relu kink\)$' k.out \
    && grep -qE '^  layer 2: max rel error W [0-9.]+e-[0-9]+  b [0-9.]+e-[0-9]+  \(4 checked\)$' k.out && ok \
    || bad "biases all skipped: exit $status, $(cat k.out err.txt)"
finish
