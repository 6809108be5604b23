#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# No silent NaN (docs/csv.md): values so large that the model's output
# overflows are refused by mlppredict with the data row, never printed as a
# label with NaN probabilities, never counted by --evaluate, no output written.
. "$(dirname "$0")/lib.sh" no_nan "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/tests/fixtures/diagnose/moons_onehot.csv" data.csv
cat >n.json <<'JSON'
{"layers": [2, 64, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "epochs": 20,
 "data": {"train": "data.csv", "targets": ["c0", "c1"], "normalize": "standard"}}
JSON
"$MLPTRAIN" -c n.json -w w.bin -o l.csv -q || bad "training failed"
printf 'x1,x2,c0,c1\n1,2,1,0\n1.7e308,-1.7e308,0,1\n' >huge.csv
want="mlppredict: huge.csv: data row 2: the model's output is not a finite number (an input far outside the training data's range overflows in it); check that row's values; they must be of the scale the model was trained on"
for args in "" "--evaluate" "-o p.csv" "--evaluate -o p.csv"; do
    rc=0
    # shellcheck disable=SC2086  # the options split on purpose
    "$MLPPREDICT" w.bin huge.csv $args >out.txt 2>err.txt || rc=$?
    [ "$rc" = 2 ] && ok || bad "$args: exit $rc, want 2"
    [ "$(cat err.txt)" = "$want" ] && ok || bad "$args: message \"$(cat err.txt)\""
    ! grep -qi nan out.txt && [ ! -e p.csv ] && ok || bad "$args: a NaN was printed or an output written"
done
# --grid: a range a double cannot hold is refused; a grid so far out that
# the model overflows is refused at the first such point, no output written.
rc=0
"$MLPPREDICT" w.bin --grid -1e308:1e308:3,0:1:2 >out.txt 2>err.txt || rc=$?
[ "$rc" = 2 ] && grep -q "with MAX - MIN a finite number and N distinct points" err.txt && ok \
    || bad "--grid -1e308:1e308: exit $rc: $(cat err.txt)"
rc=0
"$MLPPREDICT" w.bin --grid 1e308:1.7e308:2,-1.7e308:-1e308:2 -o g.csv >out.txt 2>err.txt || rc=$?
[ "$rc" = 2 ] && grep -q "^mlppredict: --grid: the model's output at .* is not a finite number" err.txt \
    && [ ! -e g.csv ] && ok || bad "--grid far out: exit $rc: $(cat err.txt)"
finish
