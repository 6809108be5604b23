#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The accuracy of 0/1 class targets on a sigmoid output trained with "mse".
# The pre-flight calls them "class targets" (its mse-for-classes warning),
# but the data are read as numbers (mse takes values), so the model has no
# labels and the summary printed no accuracy, nor the loss log an accuracy
# column. Now both count it (fit.h, mlp_fit_class_targets), with the same
# figure as the share of rows whose prediction is on the target's side of
# 0.5; a regression on such targets with a linear or tanh unit, or targets
# with fractions, still has none. The validation rows are judged too: 0/1
# training targets with a validation file of 0.5s counted the 0.5s right or
# wrong as classes (`accuracy 25.00% (1/4)`); now no set gets an accuracy,
# and the pre-flight, which judged the training rows alone, no longer warns
# of "mse" on 0/1 class targets there (with 0/1 validation targets it does).
# Usage: test_class_accuracy.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" class_accuracy "$@"

printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.1,0.9,1\n0.9,0.1,1\n0.2,0.1,0\n0.9,0.8,0\n' > xo.csv
spec() { # OUTPUT-ACTIVATION FILE
    printf '{"layers":[2,4,1],"activations":["tanh","%s"],"loss":"mse","epochs":150,"learning_rate":2,"seed":3,"data":{"train":"%s"}}' "$1" "$2"
}
spec sigmoid xo.csv > sig.json
"$MLPTRAIN" -c sig.json --progress none 2> sig.err
status=$?
grep -q 'warning: "mse" on a sigmoid output with 0/1 class targets' sig.err && ok \
    || bad "the pre-flight no longer calls them class targets: $(cat sig.err)"
shown=$(sed -n 's/^trained .*, accuracy [0-9.]*% (\([0-9]*\/[0-9]*\))$/\1/p' sig.err)
# The accuracy counted from the model's own predictions of the training rows.
"$MLPPREDICT" sig.weights.bin xo.csv -o pred.csv 2> /dev/null
counted=$(paste -d, <(tail -n +2 xo.csv) <(tail -n +2 pred.csv) \
    | awk -F, '{ n++; right += (($4 > 0.5) == ($3 == 1)) } END { print right "/" n }')
[ "$status" = 0 ] && [ -n "$shown" ] && [ "$shown" = "$counted" ] && ok \
    || bad "sigmoid + mse on 0/1: exit $status, summary accuracy '$shown', counted $counted: $(cat sig.err)"
[ "$(head -1 sig.loss.csv)" = "epoch,loss,accuracy" ] && ok \
    || bad "sigmoid + mse on 0/1: loss log header $(head -1 sig.loss.csv)"

# One tanh unit on the same 0/1: a regression the user may mean (the
# pre-flight leaves it alone): no accuracy.
spec tanh xo.csv > tanh.json
"$MLPTRAIN" -c tanh.json --progress none 2> tanh.err
status=$?
[ "$status" = 0 ] && grep -q '^trained .*; final loss [0-9.e-]*$' tanh.err \
    && [ "$(head -1 tanh.loss.csv)" = "epoch,loss" ] && ok \
    || bad "tanh + mse on 0/1: exit $status, $(cat tanh.err; head -1 tanh.loss.csv)"

# Targets with a fraction are values, not classes: no accuracy.
sed 's/^0.9,0.8,0$/0.9,0.8,0.5/' xo.csv > frac.csv
spec sigmoid frac.csv > frac.json
"$MLPTRAIN" -c frac.json --progress none 2> frac.err
status=$?
[ "$status" = 0 ] && grep -q '^trained .*; final loss [0-9.e-]*$' frac.err \
    && [ "$(head -1 frac.loss.csv)" = "epoch,loss" ] && ok \
    || bad "sigmoid + mse on fractions: exit $status, $(cat frac.err; head -1 frac.loss.csv)"

# A validation file: accuracy on both sets when its targets are 0/1 too, as
# counted from the model's predictions of its rows; none anywhere (summary,
# loss log) when some are fractions, though the training targets are 0/1.
printf 'x1,x2,y\n0.05,0.95,1\n0.95,0.05,1\n0.1,0.1,0\n0.95,0.9,0\n' > val.csv
sed 's/^0.1,0.1,0$/0.1,0.1,0.5/; s/^0.95,0.9,0$/0.95,0.9,0.5/' val.csv > valfrac.csv
with_val() { # FILE: the sigmoid spec, validated on FILE
    sed "s/\"train\":\"xo.csv\"/\"train\":\"xo.csv\",\"validation\":\"$1\"/" sig.json
}
with_val val.csv > val.json
"$MLPTRAIN" -c val.json --progress none 2> val.err
status=$?
shown=$(sed -n 's/^validation (4 rows): .*, accuracy [0-9.]*% (\([0-9]*\/[0-9]*\)).*/\1/p' val.err)
"$MLPPREDICT" val.weights.bin val.csv -o vpred.csv 2> /dev/null
counted=$(paste -d, <(tail -n +2 val.csv) <(tail -n +2 vpred.csv) \
    | awk -F, '{ n++; right += (($4 > 0.5) == ($3 == 1)) } END { print right "/" n }')
[ "$status" = 0 ] && [ -n "$shown" ] && [ "$shown" = "$counted" ] \
    && grep -q '^trained .*, accuracy ' val.err \
    && [ "$(head -1 val.loss.csv)" = "epoch,loss,accuracy,val_loss,val_accuracy" ] \
    && grep -q 'warning: "mse" on a sigmoid output with 0/1 class targets' val.err && ok \
    || bad "0/1 validation targets: exit $status, validation accuracy '$shown', counted $counted: $(cat val.err; head -1 val.loss.csv)"
with_val valfrac.csv > valfrac.json
"$MLPTRAIN" -c valfrac.json --progress none 2> valfrac.err
status=$?
[ "$status" = 0 ] && grep -q '^trained .*; final loss [0-9.e-]*$' valfrac.err \
    && grep -q '^validation (4 rows): loss [0-9.e-]*; ' valfrac.err \
    && ! grep -q 'accuracy' valfrac.err \
    && ! grep -q 'class targets' valfrac.err \
    && [ "$(head -1 valfrac.loss.csv)" = "epoch,loss,val_loss" ] && ok \
    || bad "fractions in the validation targets: exit $status, $(cat valfrac.err; head -1 valfrac.loss.csv)"
finish
