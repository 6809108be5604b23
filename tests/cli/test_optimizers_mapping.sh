#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/optimizers.md, "Coming from Keras, scikit-learn or PyTorch": the mlp
# defaults its table states are the program's. epochs by a run of a spec
# without "epochs" (its loss log's rows); the optimizer defaults from
# mlp_optimizer_defaults in src/optimizer.c and each optimizer's
# default_learning_rate, where the program takes them.
# Usage: test_optimizers_mapping.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" optimizers_mapping "$@"
export OPENBLAS_NUM_THREADS=1
DOC=$ROOT/docs/optimizers.md
OPT=$ROOT/src/optimizer.c
# row NAME: the mlp default (second cell) of the table row whose first cell is NAME.
row() { awk -F' [|] ' -v k="| $1" '$1 == k { print $2; exit }' "$DOC"; }

# epochs: a spec without "epochs" logs that many rows.
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >x.csv
printf '{"layers":[2,2,1],"activations":["tanh","sigmoid"],"loss":"mse","data":{"train":"x.csv"}}' >s.json
"$MLPTRAIN" -c s.json -w w.bin -o log.csv --progress none 2>err.txt || bad "run: $(cat err.txt)"
n=$(($(wc -l <log.csv) - 1))
[ "$(row '`epochs`')" = "$n" ] && ok || bad "the table says epochs $(row '`epochs`'), a run trained $n"

# field NAME: the value of .NAME in src/optimizer.c's defaults.
field() { sed -n "s/^ *\\.$1 = \\([0-9.e-]*\\),\$/\\1/p" "$OPT" | head -1; }
[ "$(row 'adam `epsilon`')" = "$(field epsilon)" ] && ok \
    || bad "epsilon: table $(row 'adam `epsilon`'), code $(field epsilon)"
[ "$(row 'adam `beta1`, `beta2`')" = "$(field beta1), $(field beta2)" ] && ok \
    || bad "betas: table $(row 'adam `beta1`, `beta2`'), code $(field beta1), $(field beta2)"
case $(row '`momentum`') in "$(field momentum) "*) ok ;; *) bad "momentum: table $(row '`momentum`'), code $(field momentum)" ;; esac
# The default rates, in the order of the optimizer table: gd, momentum, adam.
rates=$(sed -n 's/^ *\.default_learning_rate = \([0-9.]*\),$/\1/p' "$OPT" | head -3 | tr '\n' ' ')
[ "$rates" = "$(row 'gd / momentum `learning_rate`') $(row 'gd / momentum `learning_rate`') $(row 'adam `learning_rate`') " ] \
    && ok || bad "rates: code $rates, table $(row 'gd / momentum `learning_rate`'), $(row 'adam `learning_rate`')"
# l2: a spec without "l2" trains as with "l2": the table's value.
printf '{"layers":[2,2,1],"activations":["tanh","sigmoid"],"loss":"mse","epochs":50,"l2":%s,"data":{"train":"x.csv"}}' "$(row '`l2`')" >l.json
"$MLPTRAIN" -c s.json -e 50 -w a.bin -o /dev/null --progress none 2>/dev/null
"$MLPTRAIN" -c l.json -w b.bin -o /dev/null --progress none 2>err.txt || bad "l2 run: $(cat err.txt)"
[ "$(params a.bin)" = "$(params b.bin)" ] && ok || bad "l2: the table's default does not train as the default"
finish
