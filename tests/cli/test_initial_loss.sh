#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A loss that is not a finite number on the initial weights is the data's
# error (docs/diagnostics.md, "A row that overflows"): epoch 1's loss is that
# of the initial weights, before any update, so no learning rate changes it.
# A feature of 1e300 through relu and a linear output gives a finite output
# near 1e300 whose square (mse) is inf: that run was told "--learning-rate
# 1e-12 is unstable ... try a learning_rate below 1e-16" and exited 1, each
# run asking for a rate 10^4 smaller; as a validation row it was blamed on
# its target of 1. Now exit 2, the row's file and line, the feature and the
# output, no rate advice, nothing written.
. "$(dirname "$0")/lib.sh" initial_loss "$@"
export OPENBLAS_NUM_THREADS=1
/usr/bin/python3 -c '
import random
r = random.Random(5)
rows = "".join(f"{x!r},{2 * x + 1!r}\n" for x in (r.gauss(0, 1) for _ in range(40)))
open("t.csv", "w").write("x,y\n" + rows)
open("vt.csv", "w").write("x,y\n" + rows + "1e300,1\n")'
printf 'x,y\n1e300,1\n0.5,2\n' >v.csv
spec() { # TOP-LEVEL DATA
    printf '{"layers":[1,3,1],"activations":["relu","linear"],"loss":"mse","epochs":30,"seed":1%s,"data":{%s}}\n' "$1" "$2" >s.json
}
expect() { # NAME WANT-STDERR OPTIONS...
    local name=$1 want=$2 rc=0
    shift 2
    rm -f w.bin l.csv
    "$MLPTRAIN" -c s.json -w w.bin -o l.csv --progress none "$@" 2>err.txt >out.txt || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(grep -v ': warning: ' err.txt)" && ok
    grep -q 'learning.rate\|learning_rate' err.txt && bad "$name: rate advice: $(cat err.txt)" || ok
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "$name: an output was written"
}
overflow="its feature 1, 1e+300, makes the network's output 1.21881e+300, too large for mse"
train_msg="mlptrain: vt.csv:42: the loss of this training row on the initial weights is not a finite number: $overflow; check that row's values; a feature far beyond the others' scale is likely a mistake, else add \"normalize\": \"standard\" to scale the columns"
spec '' '"train": "vt.csv"'
for lr in 1e-12 1e-16 0.1; do
    expect "rate $lr" "$train_msg" -l "$lr"
done
# In mini-batches of 8 the row is in the last batch of epoch 1, after 5
# updates: it is still named, from the initial weights.
spec ', "batch_size": 8, "shuffle": false' '"train": "vt.csv"'
expect "mini-batches" "$train_msg" -l 1e-12
# A validation row: its feature of 1e300, not its target of 1.
spec '' '"train": "t.csv", "validation": "v.csv"'
expect "validation" "mlptrain: v.csv:2: the loss of this validation row on the initial weights is not a finite number: $overflow; check that row's values; they must be of the scale of the training rows"
finish
