#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of the real binaries: the happy path, reproducibility, and
# every bad input with its exact one-line message, its exit status, and proof
# that no output file was created or changed.
# Usage: test_cli.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" cli "$@"
cp "$ROOT/data/xor.csv" "$ROOT/data/moons.csv" .

# The directory listing with checksums: what "no file touched" is checked against.
snapshot() { find . -type f -newer /dev/null -printf '%p ' -exec md5sum {} \; | sort; }

# expect_error NAME STATUS EXPECTED-STDERR -- COMMAND...
# Runs COMMAND with sentinel outputs in place; checks status, the exact stderr
# line, an empty stdout, and that every file in the folder is unchanged.
expect_error() {
    local name=$1 want_status=$2 want_err=$3
    shift 4
    printf 'old weights' > out.weights.bin
    printf 'old log' > out.loss.csv
    local before after status
    before=$(snapshot)
    "$@" > stdout.txt 2> stderr.txt
    status=$?
    after=$(snapshot | grep -v ' \./std\(out\|err\)\.txt$')
    before=$(echo "$before" | grep -v ' \./std\(out\|err\)\.txt$')
    local got_err
    got_err=$(cat stderr.txt)
    if ! error_is "$name" "$want_status" "$want_err" "$status" "$got_err"; then
        :
    elif [ "$(wc -l < stderr.txt)" != 1 ]; then
        bad "$name: stderr is not exactly one line"
    elif [ "$after" != "$before" ]; then
        bad "$name: files changed: $(diff <(echo "$before") <(echo "$after"))"
    else
        ok
    fi
    rm -f stdout.txt stderr.txt
}

spec() { # spec FILE JSON-BODY-WITHOUT-DATA [TRAIN-CSV]
    printf '{"layers":%s,"data":{"train":"%s"}}\n' "$2" "${3:-xor.csv}" > "$1"
}
XOR_NET='[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy"'
train_bad() { # train_bad NAME STATUS MESSAGE SPEC-FILE
    expect_error "$1" "$2" "$3" -- "$MLPTRAIN" -q -c "$4" -w out.weights.bin -o out.loss.csv
}

# --------------------------------------------------------------------------
# Happy path: train, predict, the files' shapes.

"$MLPTRAIN" -q --config "$ROOT/configs/xor.json" && [ -s xor.weights.bin ] && [ -s xor.loss.csv ] \
    && ok || bad "training configs/xor.json"
[ "$(head -1 xor.loss.csv)" = "epoch,loss,accuracy" ] && ok || bad "loss log header: $(head -1 xor.loss.csv)"
[ "$(wc -l < xor.loss.csv)" = 2001 ] && ok || bad "loss log rows: $(wc -l < xor.loss.csv)"
[ "$(sed -n 2p xor.loss.csv | cut -d, -f1)" = 1 ] && ok || bad "loss log starts at epoch 1"
# Every logged number is the shortest text that reads back to its double:
# Python's repr of the value read is the same text (repr is shortest round
# trip; only its layout of large and small exponents differs from %g's, and
# a loss or accuracy of XOR stays within 1e-4..1e16 where both are fixed).
/usr/bin/python3 -c '
import sys
n = 0
for line in list(open(sys.argv[1]))[1:]:
    for f in line.rstrip("\n").split(",")[1:]:
        v = float(f)
        if 1e-4 <= abs(v) < 1e16 and repr(v).rstrip("0").rstrip(".") != f.rstrip("0").rstrip("."):
            sys.exit("not shortest: %s (repr %r)" % (f, v))
        n += 1
sys.exit(0 if n > 1000 else "too few numbers")' xor.loss.csv && ok || bad "loss log numbers are not the shortest round trip"
pred=$("$MLPPREDICT" xor.weights.bin xor.csv)
[ "$(echo "$pred" | head -1)" = "label,p_0,p_1" ] && ok || bad "prediction header: $(echo "$pred" | head -1)"
[ "$(echo "$pred" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" = "0 1 1 0 " ] && ok \
    || bad "XOR predictions: $pred"
# Probabilities of a row sum to 1.
echo "$pred" | tail -n +2 | awk -F, '{ s = $2 + $3; if (s < 0.999999999 || s > 1.000000001) exit 1 }' \
    && ok || bad "probabilities do not sum to 1"
# Columns by name: reordered, with an extra column, gives the same output.
awk -F, 'BEGIN { OFS = "," } { print $3, "extra", $2, $1 }' xor.csv > xor_reordered.csv
[ "$("$MLPPREDICT" xor.weights.bin xor_reordered.csv)" = "$pred" ] && ok || bad "match by header name"
# Without a header a model trained with one is refused (it reads by name:
# test_predict_no_header.sh); with the header line it asks for, the same.
tail -n +2 xor.csv | cut -d, -f1,2 > xor_noheader.csv
"$MLPPREDICT" xor.weights.bin xor_noheader.csv > /dev/null 2>&1
[ $? = 2 ] && ok || bad "a file without a header for a model read by name"
{ echo 'x1,x2'; cat xor_noheader.csv; } > xor_header.csv
[ "$("$MLPPREDICT" xor.weights.bin xor_header.csv)" = "$pred" ] && ok || bad "match by header name, features only"
# -o writes the same bytes as stdout; --evaluate reports on stderr.
"$MLPPREDICT" xor.weights.bin xor.csv -o pred.csv --evaluate 2> eval.txt
[ "$(cat pred.csv)" = "$pred" ] && ok || bad "-o output differs from stdout"
grep -q '^xor.csv: 4 rows, loss .* (binary_cross_entropy), accuracy 100.00% (4/4)$' eval.txt && ok \
    || bad "--evaluate: $(cat eval.txt)"

# The built-in default needs no files and writes xor.* in the current folder.
mkdir builtin && (cd builtin && "$MLPTRAIN" -q) && [ -s builtin/xor.weights.bin ] \
    && [ -s builtin/xor.loss.csv ] && ok || bad "built-in default run"

# Moons: the tanh-output person's problem, solved with softmax.
"$MLPTRAIN" --config "$ROOT/configs/moons.json" 2> moons.out > moons.stdout && ok || bad "training moons"
[ ! -s moons.stdout ] && ok || bad "training printed to stdout (progress and summary go to stderr): $(cat moons.stdout)"
grep -Eq 'accuracy (9[7-9]|100)\.[0-9]+% \(' <(tail -2 moons.out | head -1) && ok \
    || bad "moons accuracy below 97%: $(tail -2 moons.out)"
grep -q '^trained 5000 epochs in .* ms/epoch); final loss' moons.out && ok || bad "summary line"

# A validation set: the log gains val_loss and val_accuracy, computed on the
# same weights as the training loss of the row.
head -151 moons.csv > moons_train.csv
(head -1 moons.csv; tail -50 moons.csv) > moons_val.csv
sed -e 's|"../data/moons.csv"|"moons_train.csv", "validation": "moons_val.csv"|' "$ROOT/configs/moons.json" > val.json
"$MLPTRAIN" -q -c val.json -e 20 -w val.bin -o val.csv && ok || bad "training with a validation set"
[ "$(head -1 val.csv)" = "epoch,loss,accuracy,val_loss,val_accuracy" ] && ok || bad "validation columns: $(head -1 val.csv)"
[ "$(wc -l < val.csv)" = 21 ] && ok || bad "validation log rows"
# A validation file equal to the training file must give equal columns.
sed -e 's|"../data/moons.csv"|"moons.csv", "validation": "moons.csv"|' "$ROOT/configs/moons.json" > same.json
"$MLPTRAIN" -q -c same.json -e 5 -w same.bin -o same.csv
awk -F, 'NR > 1 && ($2 != $4 || $3 != $5) { bad = 1 } END { exit bad }' same.csv && ok \
    || bad "validation on the training file must equal the training columns"

# --------------------------------------------------------------------------
# Reproducibility: same seed, same bytes; another seed, other bytes.

"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -s 7 -w a.bin -o a.csv
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -s 7 -w b.bin -o b.csv
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -s 8 -w c.bin -o c.csv
cmp -s a.bin b.bin && cmp -s a.csv b.csv && ok || bad "same seed gave different bytes"
cmp -s a.bin c.bin && bad "different seeds gave the same weights" || ok
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -s 7 --threads 2 -w t1.bin -o t1.csv
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -s 7 --threads 2 -w t2.bin -o t2.csv
cmp -s t1.bin t2.bin && ok || bad "--threads 2: same seed gave different bytes"
# 150 epochs, then 150 more from those weights, equals 300 in one go.
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 150 -s 7 -w h1.bin -o h1.csv
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 150 --init-weights h1.bin -w h2.bin -o h2.csv
# The files differ in their provenance (epochs run); the parameters must not, to the bit.
[ -n "$(params a.bin)" ] && [ "$(params a.bin)" = "$(params h2.bin)" ] && ok \
    || bad "--init-weights: 150 + 150 epochs differ from 300"

# --------------------------------------------------------------------------
# Gradient check.

"$MLPTRAIN" --gradcheck > gc.out && grep -q '^all 54 combinations pass$' gc.out && ok || bad "--gradcheck"
"$MLPTRAIN" --gradcheck -c "$ROOT/configs/moons.json" > gc.out && grep -q '^ok$' gc.out && ok \
    || bad "--gradcheck --config moons"
"$MLPTRAIN" -q --gradcheck --tolerance 1e-300 2> gc.err
[ $? = 1 ] && grep -q 'gradient mismatch: layer [0-9] [Wb]\[' gc.err && ok \
    || bad "--gradcheck with an impossible tolerance must fail naming the parameter: $(cat gc.err)"

# --------------------------------------------------------------------------
# Divergence: exit 1, a message naming the epoch, no weights from that state.

printf '{"layers":[2,1],"activations":["linear"],"loss":"mse","learning_rate":1000,"epochs":500,"data":{"train":"moons.csv","targets":["label"]}}' > diverge.json
printf 'old weights' > out.weights.bin
"$MLPTRAIN" -q -c diverge.json -w out.weights.bin -o diverge.loss.csv 2> err.txt
status=$?
last=$(tail -1 diverge.loss.csv)
epoch=${last%%,*}
[ "$status" = 1 ] && ok || bad "diverging loss: exit status $status, want 1"
[ "${last#*,}" = inf ] && [ "$(($(wc -l < diverge.loss.csv) - 1))" = "$epoch" ] && ok \
    || bad "the log of a diverged run must end with the non-finite epoch: $last"
# The rate to try is the one the pre-flight trial found stable (one rate
# per run, docs/diagnostics.md): --check shows it.
adv=$("$MLPTRAIN" --check -c diverge.json | sed -n 's/.*; try learning_rate \([0-9.e+-]*\) (a tenth of [0-9.e+-]*, stable in the same trial).*/\1/p')
[ -n "$adv" ] && [ "$(cat err.txt)" = "mlptrain: the loss became infinite at epoch $epoch (learning rate 1000); try learning_rate $adv, or \"normalize\": \"standard\"" ] \
    && ok || bad "divergence message (pre-flight's rate ${adv:-none}): $(cat err.txt)"
[ "$(cat out.weights.bin)" = "old weights" ] && ok || bad "a diverged run overwrote the weights"
rm -f diverge.loss.csv err.txt

# --------------------------------------------------------------------------
# Ctrl-C: stops after the current epoch, writes that epoch's outputs, exit 130.

# (With SIGINT's default action back: a background job of a script starts
# with it ignored, and an ignored signal stays ignored, test_signals.sh.)
env --default-signal=INT "$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 100000000 -w int.bin -o int.csv 2> int.err &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid" 2> /dev/null
status=$?
rows=$(($(wc -l < int.csv) - 1))
[ "$status" = 130 ] && [ -s int.bin ] && [ "$rows" -ge 1 ] && ok || bad "SIGINT: status $status, $rows rows"
[ "$(cat int.err)" = "mlptrain: interrupted after epoch $rows of 100000000; the outputs hold that epoch's weights" ] \
    && ok || bad "SIGINT message: $(cat int.err)"
# The weights are those after the last logged epoch: continuing from them for
# one epoch logs a loss that is not the last one logged (one more update was made).
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 1 --init-weights int.bin -w int2.bin -o int2.csv \
    && ok || bad "SIGINT weights do not load"

# --------------------------------------------------------------------------
# Bad specs: exact message, status 2, nothing touched.

spec s.json "$XOR_NET,\"learnig_rate\":0.5"
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learnig_rate":0.5,"data":{"train":"xor.csv"}}\n' > s.json
train_bad "unknown key" 2 'mlptrain: s.json:1:82: unknown key "learnig_rate"; did you mean "learning_rate"?' s.json
printf '{"layers":[2,4,1],\n' > s.json
train_bad "invalid JSON" 2 'mlptrain: s.json:2:1: invalid JSON: expected a key in double quotes, found the end of the text; the text ends early: check that every "{" and "[" is closed' s.json
printf '{"layers":"2,4,1","activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"xor.csv"}}' > s.json
train_bad "wrong type" 2 'mlptrain: s.json:1:11: "layers" must be an array, not a string; for example "layers": [2, 4, 1]' s.json
printf '{"layers":[2,0,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"xor.csv"}}' > s.json
train_bad "size 0" 2 'mlptrain: s.json:1:14: each size in "layers" must be at least 1, not "0"; for example "layers": [2, 4, 1]' s.json
printf '{"layers":[2,4,1],"activations":["tanh"],"loss":"binary_cross_entropy","data":{"train":"xor.csv"}}' > s.json
train_bad "activation count" 2 'mlptrain: s.json:1:33: "activations" has 1 name, but 3 layer sizes need 2; give one activation per weight layer, from the first hidden layer to the output' s.json
printf '{"layers":[2,4,2],"activations":["softmax","softmax"],"loss":"cross_entropy","data":{"train":"xor.csv"}}' > s.json
train_bad "softmax hidden" 2 'mlptrain: s.json:1:34: "softmax" is only allowed on the output layer; use an element-wise activation such as "tanh" or "relu" for hidden layer 1' s.json
printf '{"layers":[2,4,1],"activations":["tanh","tanh"],"loss":"cross_entropy","data":{"train":"xor.csv"}}' > s.json
train_bad "loss after tanh" 2 'mlptrain: s.json:1:56: loss "cross_entropy" cannot follow a "tanh" output layer; cross_entropy needs a softmax output layer: make the last entry of "activations" "sigmoid" with "loss": "binary_cross_entropy" for a probability from 1 output unit, or keep the tanh output with "mse"' s.json
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0,"data":{"train":"xor.csv"}}' > s.json
train_bad "learning rate 0" 2 'mlptrain: s.json:1:98: "learning_rate" must be greater than 0, not "0"; for example "learning_rate": 0.1' s.json
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":-0.5,"data":{"train":"xor.csv"}}' > s.json
train_bad "negative learning rate" 2 'mlptrain: s.json:1:98: "learning_rate" must be greater than 0, not "-0.5"; for example "learning_rate": 0.1' s.json
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":1e999,"data":{"train":"xor.csv"}}' > s.json
train_bad "infinite learning rate" 2 'mlptrain: s.json:1:98: "learning_rate" must be a finite number, not "1e999"; for example "learning_rate": 0.1' s.json
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","early_stopping":{"patience":5,"refit_scale":1.25},"data":{"train":"xor.csv","validation_split":0.25}}' > s.json
train_bad "refit_scale without refit" 2 'mlptrain: s.json:1:127: "early_stopping.refit_scale" needs "refit": true; it scales the refit'"'"'s epochs; add "refit": true, or remove "refit_scale"' s.json
train_bad "missing spec" 2 'mlptrain: nothere.json: cannot read: No such file or directory; check the path' nothere.json

# --------------------------------------------------------------------------
# Bad CSV files.

csv_bad() { # csv_bad NAME MESSAGE CSV-TEXT (printf format)
    printf "$3" > c.csv
    printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"c.csv"}}' > s.json
    train_bad "$1" 2 "$2" s.json
}
csv_bad "empty CSV" 'mlptrain: c.csv: no data rows; the file is empty; write one example per line, its values separated by commas' ''
csv_bad "header only" 'mlptrain: c.csv:1:1: no data rows; line 1 is read as a header (its cells are not numbers); add one example per line below it' 'x1,x2,y\n'
csv_bad "ragged row" 'mlptrain: c.csv:3:4: row has 2 fields, expected 3 (as in line 1); every row needs as many comma-separated fields as the first row; quote a field that contains a comma' 'x1,x2,y\n0,0,0\n0,1\n'
csv_bad "non-numeric cell" 'mlptrain: c.csv:2:3: value "abc" in column "x2" is not a number; the network reads a number in every feature cell: write this cell as a number, or remove the row; if this column is what to predict, name it in "targets" (the target is the last column unless "targets" names it)' 'x1,x2,y\n0,abc,0\n1,1,1\n'
csv_bad "non-finite cell" 'mlptrain: c.csv:2:3: value "inf" in column "x2" is not a finite number; every cell must be a finite number: write the value, or remove the row' 'x1,x2,y\n0,inf,0\n1,1,1\n'
csv_bad "missing-value marker" 'mlptrain: c.csv:3:3: value "NA" in column "x2" is not a number; "NA" marks a missing value, which mlp does not read: fill in the missing value or remove the row' 'x1,x2,y\n0,1,0\n0,NA,1\n1,1,1\n'
csv_bad "NA label" 'mlptrain: c.csv:3:5: missing value "NA" in target column "y"; fill in the missing value or remove the row' 'x1,x2,y\n0,0,0\n0,1,NA\n1,0,1\n1,1,0\n'
csv_bad "empty label" 'mlptrain: c.csv:4:5: empty cell in target column "y"; fill in the missing value or remove the row' 'x1,x2,y\n0,0,0\n0,1,1\n1,0,\n1,1,0\n'
printf 'x1,x2,y\n0,0,0.5\n0,1,1.5\n1,1,\n' > c.csv
printf '{"layers":[2,4,1],"activations":["tanh","linear"],"loss":"mse","data":{"train":"c.csv"}}' > s.json
train_bad "empty regression target" 2 'mlptrain: c.csv:4:5: empty cell in target column "y"; fill in the missing value or remove the row' s.json
printf 'x1,x2,y\n0,0,0.5\n0,1,?\n1,1,0.25\n' > c.csv
train_bad "regression target ?" 2 'mlptrain: c.csv:3:5: missing value "?" in target column "y"; fill in the missing value or remove the row' s.json
csv_bad "trailing commas" 'mlptrain: c.csv:1:9: column 4 of 4 has no name in the header row; a comma at the end of every line makes an unnamed last column; remove the trailing commas, or name the column' 'x1,x2,y,\n0,0,0,\n0,1,1,\n1,0,1,\n'
csv_bad "pandas index" "mlptrain: c.csv:1:1: column 1 of 4 has no name in the header row; pandas' to_csv writes its row index as an unnamed first column; write the file with to_csv(..., index=False), or list the columns to read in \"features\"" ',x1,x2,y\n0,0,0,0\n1,0,1,1\n2,1,0,1\n'
# Windows' "Unicode text": UTF-16LE after the byte-order mark FF FE; the hint's iconv converts it.
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } > c.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"c.csv"}}' > s.json
train_bad "UTF-16 CSV" 2 'mlptrain: c.csv:1:1: the file is UTF-16 text (it starts with the byte-order mark FF FE); mlp reads UTF-8 (or plain ASCII); convert it first, for example with iconv -f UTF-16 -t UTF-8 FILE > FILE-utf8.csv' s.json
iconv -f UTF-16 -t UTF-8 c.csv > c8.csv && [ "$(head -1 c8.csv)" = "x1,x2,y" ] && ok || bad "the iconv command of the UTF-16 hint does not convert the file"
csv_bad "target not last" 'mlptrain: c.csv:2:1: value "setosa" in column "species" is not a number; column "species" holds words, not numbers: if it is what to predict, name it in "targets" (the target is the last column unless "targets" names it); as a feature, give each of its values a 0/1 column of its own (one-hot encoding); or leave it out: list the columns to read in "features"' 'species,a,b\nsetosa,1,0\nversicolor,2,1\nvirginica,3,1\n'
csv_bad "percent sign" 'mlptrain: c.csv:2:1: value "5%" in column "a" is not a number; cells must hold a number alone: write 5 without the "%" after it (units and % signs are not read)' 'a,b,y\n5%%,1,0\n10%%,2,1\n'
csv_bad "second byte-order mark" 'mlptrain: c.csv:1:4: a second byte-order mark (bytes EF BB BF) starts the first line; save the file with at most one byte-order mark' '\357\273\277\357\273\277x1,x2,y\n0,0,0\n1,1,1\n'
# Several target columns: the error is at the cell that breaks the rule
# (docs/csv.md), not the row alone as it was.
printf 'a,b,r,g\n1,2,1,2\n3,4,0,1\n' > m2.csv
printf '{"layers":[2,2,2],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","epochs":1,"data":{"train":"m2.csv","targets":["r","g"]}}' > s.json
train_bad "multi-label target outside [0, 1]" 2 'mlptrain: m2.csv:2:7: target value 2 in column "g" is outside [0, 1]; binary_cross_entropy needs targets between 0 and 1' s.json
printf '{"layers":[2,2,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":1,"data":{"train":"m2.csv","targets":["r","g"]}}' > s.json
for row in '0,0:5' '1,1:7' ' 0.5 , 1:6' '1,0.25:7'; do
    printf 'a,b,r,g\n1,2,1,0\n3,4,%s\n' "${row%:*}" > m2.csv
    train_bad "not one-hot: ${row%:*}" 2 "mlptrain: m2.csv:3:${row##*:}: target columns (r, g) are not one-hot in this row; for a softmax output, mark each row's class with a single 1 and 0 in the other target columns" s.json
done
printf '{"layers":[3,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"xor.csv"}}' > s.json
train_bad "feature count" 2 'mlptrain: xor.csv:1: 2 feature columns (x1, x2) but "layers" starts with 3; set the first entry of "layers" (s.json:1:11) to 2, or name the target columns in "targets"' s.json
printf 'id,x1,x2,y\n1,0,0,0\n2,1,1,1\n' > wide.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"wide.csv"}}' > s.json
train_bad "feature count, a column too many" 2 'mlptrain: wide.csv:1: 3 feature columns (id, x1, x2) but "layers" starts with 2; set the first entry of "layers" (s.json:1:11) to 3, name the target columns in "targets", or list the 2 columns to read in "features"' s.json
# "data.features" (docs/spec.md): each misfit names the list in the spec, or the
# name in it that does not fit.
features_spec() { # features_spec FEATURES-JSON [TARGETS-JSON]
    printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy",\n "data":{"train":"wide.csv","features":%s%s}}' "$1" "${2:+,\"targets\":$2}" > s.json
}
features_spec '["x1","x3"]'
train_bad "feature not a column" 2 'mlptrain: s.json:2:46: no column "x3" in wide.csv (its columns: id, x1, x2, y); "features" must name columns of the header row; names are case-sensitive' s.json
features_spec '["x1","y"]'
train_bad "feature is the default target" 2 'mlptrain: s.json:2:46: "features" names column "y", the target: without "targets" the target is the last column; name the column to predict in "targets", or remove "y" from "features"' s.json
features_spec '["x1","x2"]' '"x1"'
train_bad "feature is a target" 2 'mlptrain: s.json:2:41: column "x1" is named in both "targets" and "features"; a column is what the network reads or what it predicts, not both: remove it from one of the lists' s.json
features_spec '["x1"]'
train_bad "feature list too short" 2 'mlptrain: s.json:2:40: "features" names 1 column (x1) but "layers" starts with 2; set the first entry of "layers" (s.json:1:11) to 1, or name 2 columns in "features"' s.json
features_spec '["x1","x1"]'
train_bad "feature twice" 2 'mlptrain: s.json:2:46: column "x1" is named twice in "data.features"; remove one: the other is at line 2, column 41' s.json
printf '0,0,0\n1,1,1\n' > nohead.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"nohead.csv","features":["a","b"]}}' > s.json
train_bad "features without a header" 2 'mlptrain: s.json:1:122: "features" names column "a" but nohead.csv has no header row; add a header row of column names as the first line of nohead.csv, or remove "features" to use every column but the target' s.json
printf 'a,b,c\n1,2,x\n3,4,y\n5,6,z\n' > c.csv
printf '{"layers":[2,4,2],"activations":["tanh","softmax"],"loss":"cross_entropy","data":{"train":"c.csv"}}' > s.json
train_bad "too many labels" 2 'mlptrain: c.csv:1: target column "c" has 3 labels ("x", "y", "z") but the output layer has 2 units; set the last entry of "layers" (s.json:1:11) to 3' s.json
printf 'a,b,c\n1,2,No\n3,4,yes\n5,6,no\n' > c.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"c.csv"}}' > s.json
train_bad "labels differing in case" 2 'mlptrain: c.csv:1: target column "c" has 3 labels ("No", "no", "yes") but one output unit separates only 2; "No" and "no" differ only in letter case, so they are two labels: write each class one way; or, for 3 classes, set the last entry of "layers" (s.json:1:11) to 3, with a softmax output and cross_entropy' s.json
printf '{"layers":[2,16,2],"activations":["tanh","tanh"],"loss":"mse","data":{"train":"moons.csv"}}' > s.json
train_bad "two tanh outputs for a label column" 2 'mlptrain: moons.csv:1: one target column of numbers ("label") but the output layer has 2 units; a tanh output is not a probability: to read "label" as 2 classes use a softmax output with "loss": "cross_entropy"; for a number to predict set the last entry of "layers" (s.json:1:11) to 1, or name 2 target columns in "targets"' s.json
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"missing.csv"}}' > s.json
train_bad "missing CSV" 2 'mlptrain: s.json:1:98: cannot read "missing.csv": No such file or directory; check the path' s.json

# --------------------------------------------------------------------------
# Bad options and unwritable outputs (checked before any epoch).

expect_error "epochs not a number" 2 'mlptrain: --epochs needs a whole number from 1 to 9007199254740992, not "abc"; for example --epochs 500' \
    -- "$MLPTRAIN" -e abc
expect_error "negative learning rate option" 2 'mlptrain: --learning-rate needs a finite number greater than 0, not "-1"; for example --learning-rate 0.1' \
    -- "$MLPTRAIN" --learning-rate -1
expect_error "unknown option" 2 "mlptrain: unknown option \"--bogus\"; try 'mlptrain --help'" -- "$MLPTRAIN" --bogus
# Another tool's name, the spec key's underscores, a typo: the option meant.
expect_error "--lr" 2 'mlptrain: unknown option "--lr"; did you mean --learning-rate?' -- "$MLPTRAIN" --lr 0.1
expect_error "--learning_rate" 2 'mlptrain: unknown option "--learning_rate=0.1"; did you mean --learning-rate?' \
    -- "$MLPTRAIN" --learning_rate=0.1
expect_error "--sed" 2 'mlptrain: unknown option "--sed"; did you mean --seed?' -- "$MLPTRAIN" --sed 3
expect_error "ambiguous prefix" 2 'mlptrain: option "--re" is ambiguous; write one of --restarts, --restart-margin in full' \
    -- "$MLPTRAIN" --re 3
expect_error "predict: --evalute" 2 'mlppredict: unknown option "--evalute"; did you mean --evaluate?' \
    -- "$MLPPREDICT" --evalute good.bin xor.csv
# The argument getopt was reading when it refused a letter, not the one
# before it: getopt moves optind past an argument only once it has read its
# last letter, so argv[optind - 1] named the previous argument (the spec,
# "--info", the program itself) for a letter inside -xyz or -w.bin.
expect_error "a letter inside a cluster" 2 "mlptrain: unknown option \"-x\" in \"-xyz\"; try 'mlptrain --help'" \
    -- "$MLPTRAIN" -c "$ROOT/configs/xor.json" -xyz
expect_error "a letter after one taken" 2 "mlptrain: unknown option \"-x\" in \"-qx\"; try 'mlptrain --help'" \
    -- "$MLPTRAIN" --quiet -qx
# After the operands (getopt moves them behind the options as it goes).
expect_error "predict: a letter in a cluster after the operands" 2 "mlppredict: unknown option \"-z\" in \"-ez\"; try 'mlppredict --help'" \
    -- "$MLPPREDICT" xor.weights.bin xor.csv -ez
expect_error "a letter alone" 2 "mlptrain: unknown option \"-x\"; try 'mlptrain --help'" \
    -- "$MLPTRAIN" -c "$ROOT/configs/xor.json" -x
# A file whose name starts with "-": how to give it (both ways work, below).
expect_error "predict: a file named -w.bin" 2 'mlppredict: unknown option "-w" in "-w.bin"; for a file of that name, write ./-w.bin or put -- before it' \
    -- "$MLPPREDICT" -w.bin xor.csv
expect_error "predict: --info -w.bin" 2 'mlppredict: unknown option "-w" in "-w.bin"; for a file of that name, write ./-w.bin or put -- before it' \
    -- "$MLPPREDICT" --info -w.bin
expect_error "predict: the input after the model" 2 'mlppredict: unknown option "-." in "-e.csv"; for a file of that name, write ./-e.csv or put -- before it' \
    -- "$MLPPREDICT" xor.weights.bin -e.csv
cp xor.weights.bin ./-w.bin
"$MLPPREDICT" ./-w.bin xor.csv > dot.csv 2> err.txt && "$MLPPREDICT" -- -w.bin xor.csv > dashes.csv 2>> err.txt \
    && [ -s dot.csv ] && cmp -s dot.csv dashes.csv && ok || bad "./-w.bin and -- -w.bin: $(cat err.txt)"
rm -f ./-w.bin dot.csv dashes.csv err.txt
# mlptrain takes no file as an argument: no such hint.
expect_error "train: -x.json" 2 "mlptrain: unknown option \"-x\" in \"-x.json\"; try 'mlptrain --help'" \
    -- "$MLPTRAIN" -x.json
# A value missing after the last letter of a cluster names that letter.
expect_error "a missing value in a cluster" 2 "mlptrain: option -c needs a value; try 'mlptrain --help'" \
    -- "$MLPTRAIN" -qc
expect_error "a missing value" 2 "mlptrain: option --config needs a value; try 'mlptrain --help'" \
    -- "$MLPTRAIN" -q --config
# A value given to an option that takes none was "unknown option; did you
# mean" that very option.
expect_error "a value for --quiet" 2 "mlptrain: option --quiet takes no value, not \"3\"; try 'mlptrain --help'" \
    -- "$MLPTRAIN" --quiet=3
expect_error "a value for --qui" 2 "mlptrain: option --quiet takes no value, not \"\"; try 'mlptrain --help'" \
    -- "$MLPTRAIN" --qui=
# A whole number may be written as the spec takes it (1e3, 20.0); not as hex or a fraction.
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" --epochs 2e1 -w e.bin -o e.csv && [ "$(wc -l < e.csv)" = 21 ] \
    && ok || bad "--epochs 2e1 did not train 20 epochs"
expect_error "epochs in hex" 2 'mlptrain: --epochs needs a whole number from 1 to 9007199254740992, not "0x10"; for example --epochs 500' \
    -- "$MLPTRAIN" -e 0x10
expect_error "epochs as a fraction" 2 'mlptrain: --epochs needs a whole number from 1 to 9007199254740992, not "2.55e1"; for example --epochs 500' \
    -- "$MLPTRAIN" -e 2.55e1
expect_error "stray argument" 2 "mlptrain: unexpected argument \"extra\" (the spec is given with --config); try 'mlptrain --help'" \
    -- "$MLPTRAIN" extra
expect_error "unwritable weights path" 2 'mlptrain: nodir/x.bin: cannot write: No such file or directory; create the folder "nodir" first, or check the path' \
    -- "$MLPTRAIN" -q -w nodir/x.bin -o out.loss.csv
expect_error "unwritable loss path" 2 'mlptrain: nodir/x.csv: cannot write: No such file or directory; create the folder "nodir" first, or check the path' \
    -- "$MLPTRAIN" -q -w out.weights.bin -o nodir/x.csv
mkdir -p adir
expect_error "weights path is a folder" 2 "$("$MLPTRAIN" -q -w adir -o out.loss.csv 2>&1)" \
    -- "$MLPTRAIN" -q -w adir -o out.loss.csv
grep -q 'adir' <<< "$("$MLPTRAIN" -q -w adir -o out.loss.csv 2>&1)" && ok || bad "folder as weights path not named"

"$MLPTRAIN" --help | grep -q '^Usage: mlptrain' && ok || bad "--help"
"$MLPTRAIN" --version | grep -q '^mlptrain (mlp) [0-9]' && ok || bad "--version"

# --------------------------------------------------------------------------
# mlppredict: bad weights files and inputs.

cp xor.weights.bin good.bin
printf 'NOTMLPW!xxxxxxxxxxxxxxxxxxxxxxxxxxxx' > magic.bin
expect_error "wrong magic" 2 "$("$MLPPREDICT" magic.bin xor.csv 2>&1 >/dev/null)" -- "$MLPPREDICT" magic.bin xor.csv -o out.weights.bin
grep -q 'not an mlp weights file' <<< "$("$MLPPREDICT" magic.bin xor.csv 2>&1)" && ok || bad "wrong magic message"
cp good.bin version.bin && printf '\x63' | dd of=version.bin bs=1 seek=8 conv=notrunc 2>/dev/null
grep -q 'format version 99 is not supported' <<< "$("$MLPPREDICT" version.bin xor.csv 2>&1)" && ok || bad "unknown version message"
cp good.bin flipped.bin && printf '\x55' | dd of=flipped.bin bs=1 seek=60 conv=notrunc 2>/dev/null
grep -q 'checksum mismatch' <<< "$("$MLPPREDICT" flipped.bin xor.csv 2>&1)" && ok || bad "checksum message"
head -c 50 good.bin > short.bin
grep -q 'truncated' <<< "$("$MLPPREDICT" short.bin xor.csv 2>&1)" && ok || bad "truncation message"
for f in magic version flipped short; do
    "$MLPPREDICT" $f.bin xor.csv > /dev/null 2>&1
    [ $? = 2 ] && ok || bad "$f.bin: exit status not 2"
done
expect_error "predict: missing input" 2 'mlppredict: nothere.csv: cannot read: No such file or directory; check the path' \
    -- "$MLPPREDICT" good.bin nothere.csv -o out.weights.bin
expect_error "predict: a typo in the input's name" 2 'mlppredict: xr.csv: cannot read: No such file or directory; did you mean "xor.csv"?' \
    -- "$MLPPREDICT" good.bin xr.csv -o out.weights.bin
printf 'x1,y\n0,1\n' > onecol.csv
expect_error "predict: missing feature column" 2 "$("$MLPPREDICT" good.bin onecol.csv 2>&1)" \
    -- "$MLPPREDICT" good.bin onecol.csv -o out.weights.bin
grep -q '"x2"' <<< "$("$MLPPREDICT" good.bin onecol.csv 2>&1)" && ok || bad "missing column not named"
expect_error "predict: arguments swapped" 2 'mlppredict: xor.csv: not an mlp weights file; good.bin is the model: give it first, then the CSV (mlppredict good.bin xor.csv)' \
    -- "$MLPPREDICT" xor.csv good.bin
expect_error "predict: the loss log as the model" 2 'mlppredict: xor.loss.csv: not an mlp weights file; this is a loss log (mlptrain -o); give the weights file written beside it (mlptrain -w)' \
    -- "$MLPPREDICT" xor.loss.csv xor.csv
cp "$ROOT/configs/xor.json" spec.json
expect_error "predict: the spec as the model" 2 'mlppredict: spec.json: not an mlp weights file; this looks like a spec: train it with mlptrain -c spec.json, and give the weights file it writes' \
    -- "$MLPPREDICT" spec.json xor.csv
expect_error "train: the model as the spec" 2 'mlptrain: good.bin:1:1: invalid JSON: expected a value, found "MLPW"; good.bin is a trained model, not a spec: predict with mlppredict good.bin DATA.csv, or train on from it with --init-weights good.bin' \
    -- "$MLPTRAIN" -c good.bin -w out.weights.bin -o out.loss.csv

# Plain prediction does not read the targets: a file whose label column is
# blank or holds labels the model never saw (rows still to be labelled) is
# predicted as the same rows without it; --evaluate needs every label.
printf 'x1,x2,y\n0,0,\n0,1,?\n1,0,1\n1,1,\n' > unlabelled.csv
cut -d, -f1,2 unlabelled.csv > features.csv
"$MLPPREDICT" good.bin unlabelled.csv > p1.csv 2> err.txt && "$MLPPREDICT" good.bin features.csv > p2.csv \
    && [ "$(wc -l < p1.csv)" = 5 ] && cmp -s p1.csv p2.csv && ok || bad "predicting unlabelled rows: $(cat err.txt)"
expect_error "evaluate: empty label" 2 'mlppredict: unlabelled.csv:2:5: empty cell in target column "y"; fill in the missing value or remove the row' \
    -- "$MLPPREDICT" good.bin unlabelled.csv --evaluate -o out.weights.bin
expect_error "predict: no arguments" 2 "mlppredict: expected one or more weights files and an input CSV, got 0 arguments; try 'mlppredict --help'" \
    -- "$MLPPREDICT"

# --------------------------------------------------------------------------
# Text from outside -- paths, arguments, labels -- reaches the terminal
# escaped (docs/exit-codes.md, "Message form"): control bytes, C1 controls
# (U+0080-U+009F, raw or in UTF-8; 0x9b is a CSI, as ESC [ is) and bytes
# that are no UTF-8 are written \xNN; valid UTF-8 is kept. Only bytes below
# 0x20 and 0x7f were, and only in mlp_error_format's messages.

expect_error "escaped: unknown option" 2 "mlptrain: unknown option \"--bogus\\x9b31m\\xff\"; try 'mlptrain --help'" \
    -- "$MLPTRAIN" $'--bogus\x9b31m\xff'
expect_error "escaped: did you mean" 2 'mlptrain: unknown option "--lr=\x1b[31m\xc2\x9b"; did you mean --learning-rate?' \
    -- "$MLPTRAIN" $'--lr=\x1b[31m\xc2\x9b'
expect_error "escaped: unexpected argument" 2 "mlptrain: unexpected argument \"a\\x0d\\x9bb\" (the spec is given with --config); try 'mlptrain --help'" \
    -- "$MLPTRAIN" $'a\r\x9bb'
expect_error "escaped: a missing file" 2 'mlptrain: a\x9b31mb\xff.json: cannot read: No such file or directory; check the path' \
    -- "$MLPTRAIN" -c $'a\x9b31mb\xff.json' -w out.weights.bin -o out.loss.csv
expect_error "UTF-8 kept: a missing file" 2 'mlptrain: données.json: cannot read: No such file or directory; check the path' \
    -- "$MLPTRAIN" -c données.json -w out.weights.bin -o out.loss.csv
# On stdout: --gradcheck names the spec.
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","data":{"train":"xor.csv"}}\n' \
    > $'s\x1b[31m\x9b.json'
"$MLPTRAIN" --gradcheck -c $'s\x1b[31m\x9b.json' > gc.txt 2>&1 \
    && head -1 gc.txt | grep -q '^gradient check of s\\x1b\[31m\\x9b\.json on 4 rows' \
    && ok || bad "--gradcheck: the spec's name is not escaped: $(head -1 gc.txt | od -c | head -3)"
# mlppredict --evaluate: the confusion matrix's labels, aligned as escaped.
printf 'x1,x2,y\n0,0,n\x1b[31mo\n0,1,y\xc2\x9bes\n1,0,y\xc2\x9bes\n1,1,n\x1b[31mo\n' > lab.csv
printf '{"layers":[2,4,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":50,"data":{"train":"lab.csv"}}\n' > lab.json
"$MLPTRAIN" -q -c lab.json -w lab.bin -o /dev/null || bad "training on lab.csv failed"
cp lab.csv $'lab\x9b.csv'
"$MLPPREDICT" lab.bin $'lab\x9b.csv' --evaluate > /dev/null 2> ev.txt || bad "--evaluate of lab.csv failed: $(cat ev.txt)"
[ "$(head -1 ev.txt | cut -d: -f1)" = 'lab\x9b.csv' ] && [ "$(sed -n 4p ev.txt)" = '              n\x1b[31mo  y\xc2\x9bes' ] \
    && [ "$(sed -n 5p ev.txt)" = ' n\x1b[31mo            1            1' ] \
    && ! grep -q $'[\x1b\x9b]' ev.txt && ok || bad "--evaluate: the path or the labels are not escaped: $(od -c ev.txt | head -20)"
# mlppredict: a signal while the predictions are renamed into place (an
# LD_PRELOAD rename raises it) names the file, escaped.
SHIM="$(dirname "$MLPTRAIN")/libmlp_signal_in_mkstemp.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
LD_PRELOAD="$SHIM" MLP_TEST_RENAME_SIGNAL=15 "$MLPPREDICT" good.bin xor.csv -o $'p\x1b[31m\xff.csv' 2> sig.txt
rc=$?
[ "$rc" = 143 ] && [ "$(cat sig.txt)" = 'mlppredict: stopped by SIGTERM after p\x1b[31m\xff.csv was written' ] \
    && [ -s $'p\x1b[31m\xff.csv' ] && ok || bad "signal after the predictions: exit $rc, $(od -c sig.txt | head -5)"

finish
