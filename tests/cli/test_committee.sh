#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlppredict with several weights files (a committee): its predictions are
# the mean of the single models' predictions, computed here with Python from
# each model's own mlppredict output; models that read the rows differently
# (another normalisation) still average; --evaluate scores the mean; models
# whose outputs mean different things are refused with one line, exit 2 and
# no file touched; a member that lacks a column of the CSV, or whose
# columns do not fit it otherwise, is named.
# Usage: test_committee.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" committee "$@"
cp "$ROOT/data/xor.csv" "$ROOT/data/moons.csv" .

snapshot() { find . -type f -printf '%p ' -exec md5sum {} \; | sort; }

# expect_error NAME STATUS EXPECTED-STDERR -- COMMAND...: the exact line, the
# status, nothing on stdout, every file unchanged.
expect_error() {
    local name=$1 want_status=$2 want_err=$3 before after status
    shift 4
    before=$(snapshot)
    "$@" > "$WORK/../committee-stdout.$$" 2> "$WORK/../committee-stderr.$$"
    status=$?
    after=$(snapshot)
    local got_err got_out
    got_err=$(cat "$WORK/../committee-stderr.$$")
    got_out=$(cat "$WORK/../committee-stdout.$$")
    rm -f "$WORK/../committee-stdout.$$" "$WORK/../committee-stderr.$$"
    if ! error_is "$name" "$want_status" "$want_err" "$status" "$got_err"; then
        :
    elif [ -n "$got_out" ]; then
        bad "$name: stdout is not empty"
    elif [ "$after" != "$before" ]; then
        bad "$name: files changed: $(diff <(echo "$before") <(echo "$after"))"
    else
        ok
    fi
}

# mean_of OUT A B ...: 0 when every number of the CSV OUT is the mean of the
# same cell of A, B, ... (summed in one order of the members for every
# row, then divided, as mlppredict does: in the order of their contents,
# not as given, predict.h) and every label column agrees with the larger
# mean probability.
mean_of() {
    /usr/bin/python3 - "$@" <<'EOF'
import csv, itertools, sys
out, parts = sys.argv[1], sys.argv[2:]
rows = list(csv.reader(open(out)))
each = [list(csv.reader(open(p))) for p in parts]
assert all(e[0] == rows[0] for e in each), "headers differ"
labelled = rows[0][0] == "label"
def mean(order, r, c):
    s = 0.0
    for j, k in enumerate(order):
        v = float(each[k][r][c + 1 if labelled else c])
        s = v if j == 0 else s + v
    return s / len(each)
def fits(order):
    for r, row in enumerate(rows[1:], 1):
        cells = row[1:] if labelled else row
        if [float(x) for x in cells] != [mean(order, r, c) for c in range(len(cells))]:
            return False
    return True
order = next((o for o in itertools.permutations(range(len(each))) if fits(o)), None)
assert order is not None, "no order of the members sums to the committee's numbers"
for r, row in enumerate(rows[1:], 1):
    if labelled:
        want = [mean(order, r, c) for c in range(len(row) - 1)]
        names = [h[2:] for h in rows[0][1:]]
        best = max(range(len(want)), key=lambda k: (want[k], -k))
        assert row[0] == names[best], f"row {r}: label {row[0]}, want {names[best]}"
EOF
}

# Three moons models from three seeds (300 epochs: they differ).
for s in 1 2 3; do
    "$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -s $s -w m$s.bin -o m$s.loss.csv \
        || bad "training moons seed $s"
    "$MLPPREDICT" m$s.bin moons.csv -o p$s.csv || bad "predicting with m$s.bin"
done
"$MLPPREDICT" m1.bin m2.bin m3.bin moons.csv -o p123.csv 2> committee.err \
    && ok || bad "committee of 3: $(cat committee.err)"
[ ! -s committee.err ] && ok || bad "committee without --evaluate wrote to stderr"
mean_of p123.csv p1.csv p2.csv p3.csv && ok || bad "committee of 3 is not the mean of its models"
cmp -s p123.csv p1.csv && bad "the committee predicts exactly what its first model does" || ok
"$MLPPREDICT" m1.bin m1.bin moons.csv -o p11.csv && cmp -s p11.csv p1.csv \
    && ok || bad "a model twice does not predict what the model does"
"$MLPPREDICT" m1.bin m2.bin m3.bin moons.csv > p123.stdout && cmp -s p123.stdout p123.csv \
    && ok || bad "committee: stdout differs from -o"

# --evaluate: the mean's figures, and one more line saying what was scored.
"$MLPPREDICT" m1.bin m2.bin m3.bin moons.csv --evaluate -o /dev/null 2> eval.txt \
    || bad "committee --evaluate"
grep -qx 'moons.csv: a committee of 3 models: their mean output is evaluated' eval.txt \
    && ok || bad "committee --evaluate does not say it is a committee: $(cat eval.txt)"
/usr/bin/python3 - eval.txt p123.csv moons.csv <<'EOF' && ok || bad "committee --evaluate figures"
import csv, math, re, sys
text = open(sys.argv[1]).read()
pred = list(csv.reader(open(sys.argv[2])))[1:]
data = list(csv.reader(open(sys.argv[3])))[1:]
n = len(data)
onehot = [[1.0 if row[2] == str(k) else 0.0 for k in (0, 1)] for row in data]
probs = [[float(x) for x in p[1:]] for p in pred]
loss = sum(-math.log(p[t.index(1.0)]) for p, t in zip(probs, onehot)) / n
mse = sum((a - b) ** 2 for p, t in zip(probs, onehot) for a, b in zip(p, t)) / (2 * n)
acc = sum(p[0] == row[2] for p, row in zip(pred, data)) / n
m = re.search(r"moons.csv: (\d+) rows, loss (\S+) \(cross_entropy\), accuracy (\S+)%", text)
assert m and int(m.group(1)) == n, text
assert abs(float(m.group(2)) - loss) <= 1e-5 * loss, (m.group(2), loss)
assert abs(float(m.group(3)) - 100 * acc) <= 0.005, (m.group(3), acc)
m = re.search(r"mse (\S+) ", text)
assert abs(float(m.group(1)) - mse) <= 1e-5 * mse, (m.group(1), mse)
EOF
"$MLPPREDICT" m1.bin moons.csv --evaluate -o /dev/null 2> eval1.txt
grep -q 'committee' eval1.txt && bad "one model's --evaluate mentions a committee" || ok

# Models that read the rows differently: a regression standardised and one
# not. Each reads the CSV by its own schema; the committee is still the mean.
/usr/bin/python3 -c '
import math
print("x,noise,y")
for i in range(60):
    x = i / 10
    print(f"{x},{(i * 37) % 11},{0.5 + 0.4 * math.sin(x)}")' > sine.csv
for n in standard none; do
    cat > sine-$n.json <<EOF
{"layers": [2, 8, 1], "activations": ["tanh", "sigmoid"], "loss": "mse",
 "optimizer": {"name": "adam"}, "learning_rate": 0.01, "epochs": 200, "seed": 3,
 "data": {"train": "sine.csv", "targets": ["y"], "normalize": "$n"}}
EOF
    "$MLPTRAIN" -q -c sine-$n.json -w r-$n.bin -o r-$n.loss.csv || bad "training sine ($n)"
    "$MLPPREDICT" r-$n.bin sine.csv -o q-$n.csv || bad "predicting sine ($n)"
done
"$MLPPREDICT" r-standard.bin r-none.bin sine.csv -o q-both.csv && mean_of q-both.csv q-standard.csv q-none.csv \
    && ok || bad "committee of a standardised and a raw model is not their mean"
head -1 q-both.csv | grep -qx 'y' && ok || bad "regression committee header: $(head -1 q-both.csv)"

# A member whose target column has another name (the same labels): the
# committee's targets are the first model's; the others' are not read.
sed '1s/,label$/,cls/' moons.csv > moons-cls.csv
sed -e 's#"train": "../data/moons.csv"#"train": "moons-cls.csv"#' -e 's/"label"/"cls"/' \
    -e 's/"normalize": "standard"/"normalize": "none"/' "$ROOT/configs/moons.json" > moons-cls.json
"$MLPTRAIN" -q -c moons-cls.json -e 50 -w cls.bin -o cls.loss.csv || bad "training moons-cls"
"$MLPPREDICT" cls.bin moons.csv -o q-cls.csv || bad "predicting with cls.bin"
"$MLPPREDICT" m1.bin cls.bin moons.csv -o q-m1cls.csv 2> m1cls.err && mean_of q-m1cls.csv p1.csv q-cls.csv \
    && ok || bad "a member with another target column name: $(cat m1cls.err)"
"$MLPPREDICT" m1.bin cls.bin moons.csv --evaluate -o /dev/null 2> m1cls.err \
    && grep -q 'moons.csv: 200 rows, loss' m1cls.err && ok || bad "--evaluate with such a member: $(cat m1cls.err)"

# A committee's loss stays finite where its mean output rounds to 1: a relu
# XOR net on rows far outside the data. The same model twice has the one
# model's loss (from the logits), not inf.
cat > relu.json <<EOF
{"layers": [2, 8, 1], "activations": ["relu", "sigmoid"], "loss": "binary_cross_entropy",
 "learning_rate": 0.5, "epochs": 500, "seed": 2, "init": "he",
 "data": {"train": "xor.csv", "targets": ["y"]}}
EOF
"$MLPTRAIN" -q -c relu.json -w relu.bin -o relu.loss.csv || bad "training relu xor"
printf 'x1,x2,y\n1000,1000,0\n-900,1000,1\n1000,-900,1\n' > far.csv
"$MLPPREDICT" relu.bin far.csv --evaluate -o /dev/null 2> far1.txt || bad "relu on far rows"
"$MLPPREDICT" relu.bin relu.bin far.csv --evaluate -o /dev/null 2> far2.txt || bad "relu twice on far rows"
l1=$(sed -n 's/.*loss \([^ ]*\) .*/\1/p' far1.txt | head -1)
l2=$(sed -n 's/.*loss \([^ ]*\) .*/\1/p' far2.txt | head -1)
[ -n "$l1" ] && [ "$l1" = "$l2" ] && [ "$l1" != inf ] && ok \
    || bad "committee loss on saturated outputs: one model $l1, the model twice $l2"

# --------------------------------------------------------------------------
# Refused: models whose outputs mean different things; paths; other modes.
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -e 50 -w x.bin -o x.loss.csv || bad "training xor"
hint="a committee averages models of one task: give models trained on the same targets (or class labels) with the same output layer and loss"
expect_error "committee: another output layer" 2 \
    "mlppredict: x.bin: this model has 1 sigmoid output and the binary_cross_entropy loss but the committee's first model, m1.bin, has 2 softmax outputs and the cross_entropy loss; $hint" \
    -- "$MLPPREDICT" m1.bin x.bin moons.csv -o new.csv
# The same moons data with its labels renamed: unit 0 stands for "a", not "0".
sed -e '2,$ s/,0$/,a/' -e '2,$ s/,1$/,b/' moons.csv > moons-ab.csv
sed 's#"train": "../data/moons.csv"#"train": "moons-ab.csv"#' "$ROOT/configs/moons.json" > moons-ab.json
"$MLPTRAIN" -q -c moons-ab.json -e 20 -w ab.bin -o ab.loss.csv || bad "training moons-ab"
expect_error "committee: other labels" 2 \
    "mlppredict: ab.bin: this model's class labels are \"a\", \"b\" but those of m1.bin are \"0\", \"1\"; $hint" \
    -- "$MLPPREDICT" m1.bin ab.bin moons.csv -o new.csv
# The same regression with its target named z: another quantity.
sed '1s/,y$/,z/' sine.csv > sine-z.csv
sed -e 's/"sine.csv"/"sine-z.csv"/' -e 's/\["y"\]/["z"]/' sine-none.json > sine-z.json
"$MLPTRAIN" -q -c sine-z.json -w r-z.bin -o r-z.loss.csv || bad "training sine-z"
expect_error "committee: another target" 2 \
    "mlppredict: r-z.bin: this model's targets are \"z\" but those of r-none.bin are \"y\"; $hint" \
    -- "$MLPPREDICT" r-none.bin r-z.bin sine.csv --evaluate
expect_error "committee: a missing model" 2 \
    "mlppredict: m9.bin: cannot read: No such file or directory; check the path" \
    -- "$MLPPREDICT" m1.bin m9.bin moons.csv -o new.csv
expect_error "committee: output over a model" 2 \
    "$("$MLPPREDICT" m1.bin m2.bin moons.csv -o m2.bin 2>&1)" \
    -- "$MLPPREDICT" m1.bin m2.bin moons.csv -o m2.bin
grep -q 'm2.bin' <<< "$("$MLPPREDICT" m1.bin m2.bin moons.csv -o m2.bin 2>&1)" \
    && ok || bad "output over the second model: the message does not name it"
# A model where the CSV goes (the model twice, or a committee without its
# rows) is said to be one, with where the CSV goes; the reader alone said
# "m1.bin:3:2: NUL byte in the text; the file looks binary".
expect_error "a model given twice" 2 \
    "mlppredict: m1.bin: a trained model, not the CSV of the rows to predict: the model is given twice; give the CSV of the rows after the model (mlppredict m1.bin ROWS.csv)" \
    -- "$MLPPREDICT" m1.bin m1.bin
expect_error "a model given twice in a committee" 2 \
    "mlppredict: ./m1.bin: a trained model, not the CSV of the rows to predict: the model is given twice; give the CSV of the rows after the models (mlppredict m1.bin m2.bin ROWS.csv)" \
    -- "$MLPPREDICT" m1.bin m2.bin ./m1.bin
expect_error "a committee without its rows" 2 \
    "mlppredict: m2.bin: a trained model, not the CSV of the rows to predict; every argument but the last is a model of a committee; give the CSV of the rows last (mlppredict m1.bin m2.bin ROWS.csv)" \
    -- "$MLPPREDICT" m1.bin m2.bin
# A member that reads a column the CSV lacks: alone, the reader's message;
# in a committee, which member (it named none) and that it may be left out
# (its hint offered only to add the column).
printf 'x1,x2,x3,y\n0,0,1,0\n0,1,0,1\n1,0,0,1\n1,1,1,0\n' > xor3.csv
sed -e 's/"xor.csv"/"xor3.csv"/' -e 's/\[2, 8, 1\]/[3, 8, 1]/' relu.json > xor3.json
"$MLPTRAIN" -q -c xor3.json -e 50 -w xor3.bin -o xor3.loss.csv || bad "training xor3"
sed '1s/.*/x1,a,b,y/' xor3.csv > xab.csv # xab.bin reads x1, a and b
sed 's/"xor3.csv"/"xab.csv"/' xor3.json > xab.json
"$MLPTRAIN" -q -c xab.json -e 50 -w xab.bin -o xab.loss.csv || bad "training xab"
expect_error "a model alone lacking a column" 2 \
    'mlppredict: xor.csv:1: no column "x3"; the model reads the columns x1, x2, x3 by header name; add the column "x3" (extra columns are ignored)' \
    -- "$MLPPREDICT" xor3.bin xor.csv -o new.csv
cp x.bin xor.weights.bin && cp xor3.bin xor3.weights.bin # the names README shows
want='mlppredict: xor.csv:1: no column "x3" for xor3.weights.bin, the 2nd model of the committee; add the column, or leave xor3.weights.bin out of the committee'
expect_error "a committee member lacking a column" 2 "$want" \
    -- "$MLPPREDICT" xor.weights.bin xor3.weights.bin xor.csv -o new.csv
tr -s '\n ' '  ' < "$ROOT/README.md" | grep -qF -- "says \`$want\` (exit 2)" && ok \
    || bad "README does not show the message of a committee member lacking a column"
expect_error "a committee member lacking two columns" 2 \
    'mlppredict: xor.csv:1: no column "a" for xab.bin, the 3rd model of the committee (2 of its 3 columns are missing); add the columns, or leave xab.bin out of the committee' \
    -- "$MLPPREDICT" x.bin x.bin xab.bin xor.csv --evaluate
"$MLPPREDICT" x.bin xor3.bin xor3.csv -o new.csv && [ -s new.csv ] && ok \
    || bad "a committee of xor and xor3 on xor3.csv"
# Its columns not fitting the file otherwise (the reader refuses before any
# cell) name the member too, which the message of a model alone does not:
# a model trained without a header (by position) given a file of 4 columns
# said "4 columns but the model takes 2 ... or 3 ...", whichever model it was.
tail -n +2 xor.csv > xnh.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "data": {"train": "xnh.csv"}}' > xnh.json
"$MLPTRAIN" -q -c xnh.json -e 50 -w mnh.bin -o mnh.loss.csv || bad "training xor without a header"
printf 'x1,x2,y,z
0,0,0,1
1,1,0,1
' > four.csv
trained='the model was trained on the features column 1, column 2 and the target column 3'
expect_error "a model alone of the wrong width" 2 \
    "mlppredict: four.csv:1: 4 columns but the model takes 2 (features only) or 3 (features, then targets); $trained" \
    -- "$MLPPREDICT" mnh.bin four.csv -o new.csv
expect_error "a committee member of the wrong width" 2 \
    "mlppredict: four.csv:1: 4 columns but mnh.bin, the 2nd model of the committee, takes 2 (features only) or 3 (features, then targets); $trained; or leave mnh.bin out of the committee" \
    -- "$MLPPREDICT" x.bin mnh.bin four.csv -o new.csv
"$MLPPREDICT" x.bin four.csv -o new.csv && [ -s new.csv ] && ok \
    || bad "the committee without mnh.bin on four.csv"
rm -f new.csv
# pandas' index, which a member that reads by position refuses.
printf ',x1,x2\n0,0,0\n1,1,1\n' > index.csv
expect_error "a committee member read by position, pandas' index" 2 \
    "mlppredict: index.csv:1:1: column 1 of 3 has no name in the header row for mnh.bin, the 2nd model of the committee; pandas' to_csv writes its row index as an unnamed first column, which this model (trained without a header, reading columns by position) would take for its first feature; write the file with to_csv(..., index=False); or leave mnh.bin out of the committee" \
    -- "$MLPPREDICT" x.bin mnh.bin index.csv
# A member that reads by name, given a file without a header.
expect_error "a committee member read by name, no header" 2 \
    "mlppredict: xnh.csv:1: the file has no header row, but x.bin, the 2nd model of the committee, reads its features by header name (\"x1\", \"x2\"); add a header line that names each column of the file, \"x1,x2,y\" if they stand in that order; or leave x.bin out of the committee" \
    -- "$MLPPREDICT" mnh.bin x.bin xnh.csv
rm -f new.csv
expect_error "committee: -o forgotten" 2 \
    "mlppredict: moons.csv: not an mlp weights file; every argument but the last is a model of a committee; to write the predictions to a file, give it with -o" \
    -- "$MLPPREDICT" m1.bin moons.csv out.csv
expect_error "committee: --grid takes one model" 2 \
    "mlppredict: expected a weights file only with --grid, got 2 arguments; try 'mlppredict --help'" \
    -- "$MLPPREDICT" m1.bin m2.bin --grid -1:1:3,-1:1:3
expect_error "committee: --info takes one model" 2 \
    "mlppredict: expected a weights file only with --info, got 2 arguments; try 'mlppredict --help'" \
    -- "$MLPPREDICT" --info m1.bin m2.bin

finish
