#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlptrain --gradcheck -c on data whose loss is not finite at the checked
# weights: nothing can be compared, so the check must not pass (it once
# printed "worst relative error 0.000e+00 ... ok" and exited 0); it exits 2
# and names the row (docs/gradcheck.md).
# Usage: test_gradcheck.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" gradcheck "$@"

# expect NAME WANT-STDOUT WANT-STDERR ARGS...: exit status 2 and exactly these lines.
expect() {
    local name=$1 want_out=$2 want_err=$3 out err status
    shift 3
    out=$("$MLPTRAIN" "$@" 2> err.txt)
    status=$?
    err=$(cat err.txt)
    error_is "$name" 2 "$want_err" "$status" "$err" || return
    [ "$out" = "$want_out" ] && ok || bad "$name: stdout is
  $out
want
  $want_out"
}

# A NaN loss: rows 5 and 6 hold values near the largest double, which
# overflow in a relu network.
printf 'x,y\n0,0\n1,1\n-1,0\n2,1\n1.7e308,1\n-1.7e308,0\n' > cl3.csv
printf '{"layers":[1,8,8,1],"activations":["relu","relu","sigmoid"],"loss":"binary_cross_entropy","seed":1,"data":{"train":"cl3.csv"}}' > cl3.json
expect "a NaN loss" \
    "gradient check of cl3.json on 6 rows: the loss is NaN, the gradient norm NaN: nothing was compared" \
    "mlptrain: cl3.csv:6: the loss at the checked weights is NaN, so the gradient cannot be checked: a value of this row overflows in the network (a unit's output is not a finite number); check that row's values; a value near the largest double (1.8e308) overflows in any network" \
    --gradcheck -c cl3.json

# An infinite loss: targets far beyond the outputs' scale.
printf 'x,y\n0,1e200\n1,-1e200\n2,3e200\n' > big.csv
printf '{"layers":[1,4,1],"activations":["tanh","linear"],"loss":"mse","seed":1,"data":{"train":"big.csv"}}' > big.json
expect "an infinite loss" \
    "gradient check of big.json on 3 rows: the loss is inf, the gradient norm inf: nothing was compared" \
    "mlptrain: big.csv:2: the loss at the checked weights is infinite, so the gradient cannot be checked: the loss of this row is not a finite number (its target is too far from the outputs' scale); check that row's targets; divide targets far beyond the outputs' scale by a power of ten" \
    --gradcheck -c big.json

# -q prints nothing on stdout, and the status is the same.
expect "-q" "" \
    "mlptrain: big.csv:2: the loss at the checked weights is infinite, so the gradient cannot be checked: the loss of this row is not a finite number (its target is too far from the outputs' scale); check that row's targets; divide targets far beyond the outputs' scale by a power of ten" \
    -q --gradcheck -c big.json

# The row at fault is named by its line in the training file: 64 of 128
# rows are checked (every second one), and row 101 (line 103 below) overflows.
# Blank lines before it move its line, not its number.
awk 'BEGIN { print "x,y"; print ""; for (i = 1; i <= 128; i++) print (i == 101 ? "1.7e308" : i % 7) "," (i % 2) }' > many.csv
sed 's/cl3.csv/many.csv/' cl3.json > many.json
"$MLPTRAIN" -q --gradcheck -c many.json 2> many.err
status=$?
[ "$status" = 2 ] && grep -qF "mlptrain: many.csv:103: the loss at the checked weights is NaN, so the gradient cannot be checked: a value of this row overflows in the network" many.err && ok \
    || bad "row 101 of 128, line 103: status $status, $(cat many.err)"

# A finite output whose loss is not (relu passes a feature of 1e300 on;
# mse squares it): the feature is named, not the target (which is 1).
/usr/bin/python3 -c "
import numpy as np; x=np.random.default_rng(5).normal(size=40); open('vt2.csv','w').write('x,y\n'+''.join(f'{a!r},{2*a+1!r}\n' for a in x)+'1e300,1\n')"
printf '{"layers":[1,3,1],"activations":["relu","linear"],"loss":"mse","data":{"train":"vt2.csv"}}' > vs2.json
"$MLPTRAIN" -q --gradcheck -c vs2.json -s 1 2> vs2.err
status=$?
[ "$status" = 2 ] && grep -qxF "mlptrain: vt2.csv:42: the loss at the checked weights is infinite, so the gradient cannot be checked: the loss of this row is not a finite number (its feature 1, 1e+300, makes the network's output too large for mse); check that row's values; a value near the largest double (1.8e308) overflows in any network" vs2.err && ok \
    || bad "a feature of 1e300 through relu: status $status, $(cat vs2.err)"
# With seed 3 the loss at the weights is finite (that row's relu is off) but
# a finite difference reaches the overflow: a mismatch that says so, not one
# that blames the backward pass.
"$MLPTRAIN" -q --gradcheck -c vs2.json -s 3 2> vs3.err
status=$?
[ "$status" = 1 ] && grep -qF "vs numerical -nan (relative error inf >= tolerance 1e-06); the finite differences of this weight reached a loss that is not a finite number" vs3.err && ok \
    || bad "a stencil that reaches the overflow: status $status, $(cat vs3.err)"

# A gradient the check cannot see: inputs in the thousands saturate every
# tanh output on every row, so the gradient is exactly 0 and every pair
# compared is 0 with 0. It printed every layer "0.000e+00", then "ok", exit
# 0: it vouched for a gradient it never tested. Nothing was compared, exit 2.
/usr/bin/python3 -c "
import numpy as np; r=np.random.default_rng(1); X=r.normal(size=(7,2))*1000; T=np.tanh(r.normal(size=(7,2)))*.9
open('z.csv','w').write('x0,x1,y0,y1\\n'+''.join(','.join(map(repr,list(X[i])+list(T[i])))+'\\n' for i in range(7)))
np.savez('z.npz',W1=r.normal(size=(3,2))*.8,b1=np.zeros(3),W2=r.normal(size=(2,3))*.8,b2=np.zeros(2),activations=np.array(['linear','tanh']),loss=np.array('mse'))"
printf '{"layers":[2,3,2],"activations":["linear","tanh"],"loss":"mse","data":{"train":"z.csv","targets":["y0","y1"]}}' > z.json
zero_err="mlptrain: the gradient is exactly 0 at the checked weights (every unit saturated or off on the rows, or the outputs equal to the targets), so nothing was compared; scale the inputs (\"normalize\": \"standard\") or start from other initial weights (another seed, other --init-weights)"
expect "a zero gradient" "gradient check of z.json on 7 rows: worst relative error 0.000e+00 (tolerance 1e-06), gradient norm 0.000e+00
  layer 1: max rel error W 0.000e+00  b 0.000e+00  (9 checked)
  layer 2: max rel error W 0.000e+00  b 0.000e+00  (8 checked)
nothing was compared" "$zero_err" --gradcheck -c z.json --init-weights z.npz
expect "a zero gradient, -q" "" "$zero_err" -q --gradcheck -c z.json --init-weights z.npz
# Standardised, the same rows leave the units of the spec's own initial
# weights unsaturated: the advice works.
sed 's/"targets"/"normalize":"standard","targets"/' z.json > zs.json
"$MLPTRAIN" --gradcheck -c zs.json > zs.out 2>&1 && grep -qx ok zs.out && ok \
    || bad "a zero gradient, standardised: $(cat zs.out)"
# Not 0 but far below what finite differences resolve: sigmoid(-140) is
# about 1e-61, so the gradient is about 1e-60 and its finite differences
# are exactly 0, which would pass as well. Nothing was compared either.
/usr/bin/python3 -c "
import numpy as np
open('s.csv','w').write('x,y\\n'+''.join(f'{-140-i},{i%2}\\n' for i in range(6)))
np.savez('s.npz',W1=np.array([[1.0]]),b1=np.zeros(1),activations=np.array(['sigmoid']),loss=np.array('mse'))"
printf '{"layers":[1,1],"activations":["sigmoid"],"loss":"mse","data":{"train":"s.csv"}}' > s.json
"$MLPTRAIN" --gradcheck -c s.json --init-weights s.npz > s.out 2> s.err
status=$?
[ "$status" = 2 ] && [ "$(tail -1 s.out)" = "nothing was compared" ] \
    && grep -qF "mlptrain: the gradient at the checked weights (norm 3.16e-60) is below 1e-11, the smallest difference the check can see at tolerance 1e-06, on every parameter, so nothing was compared: a backward pass that gave 0 would pass too; scale the inputs" s.err && ok \
    || bad "a gradient of 3e-60: status $status, $(cat s.out s.err)"

# A tolerance below the rounding noise of the finite differences fails the
# right gradient (docs/gradcheck.md): it said "the backward pass disagrees
# with finite differences". It still fails, exit 1, but says that the
# tolerance is at fault, and the tolerance it names passes.
"$MLPTRAIN" -q --gradcheck -c "$ROOT/configs/xor.json" --tolerance 1e-14 2> tol.err
status=$?
above=$(sed -n 's/.*; give a --tolerance above \([0-9.e+-]*\) (see docs\/gradcheck.md)$/\1/p' tol.err)
[ "$status" = 1 ] && grep -qF "mlptrain: gradient mismatch: layer " tol.err \
    && grep -qF "within the rounding noise of the finite differences (about " tol.err \
    && grep -qF "the tolerance is below what the check can resolve, not the gradient wrong" tol.err \
    && ! grep -q "backward pass disagrees" tol.err && [ -n "$above" ] && ok \
    || bad "--tolerance 1e-14: status $status, $(cat tol.err)"
"$MLPTRAIN" -q --gradcheck -c "$ROOT/configs/xor.json" --tolerance "${above:-0}" 2> tol2.err \
    && ok || bad "--tolerance above $above: $(cat tol2.err)"

# A tolerance of 1 or more passed gradients that do not agree (rel is 1
# when one side is 0, 2 at the wrong sign): --tolerance 5 printed "all 54
# combinations pass" whatever the backward pass gave. It is refused, exit 2,
# before any check, with nothing on standard output.
for t in 1 5; do
    expect "--tolerance $t" "" \
        "mlptrain: --tolerance $t passes gradients that do not agree: a relative error is 1 when one side is 0 and 2 when the signs differ; give a value below 1, for example --tolerance 1e-6" \
        --gradcheck --tolerance "$t"
done
"$MLPTRAIN" -q --gradcheck --tolerance 0.5 > half.out 2>&1 && ok \
    || bad "--tolerance 0.5 (below 1) is taken: $(cat half.out)"

# A config whose loss is finite still passes.
printf 'x,y\n0,0\n1,1\n-1,0\n2,1\n' > fine.csv
sed 's/cl3.csv/fine.csv/' cl3.json > fine.json
"$MLPTRAIN" --gradcheck -c fine.json > fine.out 2>&1 && grep -qx ok fine.out && ok \
    || bad "a finite loss: $(cat fine.out)"

finish
