#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlptrain --init-weights checks the file's schema against the training data
# (docs/weights-format.md, "Continuing from a weights file"): a file trained
# on labels a,b is refused on data labelled 0,1 (exact message, exit 2, the
# old weights and loss log untouched, no temporary file), so are another
# normalisation and other column names, and a trace given for the weights
# file; a matching file is accepted; the
# file's normalisation statistics are kept, so epoch 1 of a continued run is
# the file's model on the new rows, as mlppredict --evaluate computes it.
# Usage: test_init_weights.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" init-weights "$@"
PYTHON=/usr/bin/python3

# 40 rows of two features; y is 1 above the line x1 + x2 = 1, written as
# 0/1 in 01.csv and as a/b in ab.csv; far.csv is 01.csv with its features
# scaled by 10 and moved by 5 (other statistics, same labels); swapped.csv
# names its feature columns the other way round.
"$PYTHON" - << 'PY'
rows = [((i * 7 % 13) / 13, (i * 5 % 11) / 11) for i in range(40)]
def write(name, header, label, f=lambda v: v):
    with open(name, "w") as out:
        out.write(header + "\n")
        for x1, x2 in rows:
            out.write(f"{f(x1)!r},{f(x2)!r},{label[int(x1 + x2 > 1)]}\n")
write("01.csv", "x1,x2,y", "01")
write("ab.csv", "x1,x2,y", "ab")
write("far.csv", "x1,x2,y", "01", lambda v: 10 * v + 5)
write("swapped.csv", "x2,x1,y", "01")
PY
spec() { # spec FILE DATA NORMALIZE
    printf '{"layers":[2,3,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0.5,"epochs":20,"seed":3,"data":{"train":"%s","targets":["y"],"normalize":"%s"}}\n' \
        "$2" "$3" > "$1"
}
spec ab.json ab.csv standard
spec 01.json 01.csv standard
spec far.json far.csv standard
spec none.json 01.csv none
spec swapped.json swapped.csv standard
"$MLPTRAIN" -q -c ab.json -w ab.bin -o ab.loss.csv && ok || bad "training on a,b"
"$MLPTRAIN" -q -c 01.json -w 01.bin -o 01.loss.csv && ok || bad "training on 0,1"

refused() { # NAME SPEC FILE MESSAGE
    printf 'old weights' > keep.bin
    printf 'old log' > keep.csv
    "$MLPTRAIN" -q -c "$2" --init-weights "$3" -w keep.bin -o keep.csv > out.txt 2> err.txt
    local status=$?
    if ! error_is "$1" 2 "$4" "$status" "$(cat err.txt)"; then
        :
    elif [ "$(cat keep.bin)" != "old weights" ] || [ "$(cat keep.csv)" != "old log" ]; then
        bad "$1: an output was changed"
    elif [ -s out.txt ] || ls -A | grep -q '\.tmp\.'; then
        bad "$1: printed on stdout or left a temporary file: $(cat out.txt; ls -A)"
    else
        ok
    fi
}
refused "labels a,b onto 0,1" 01.json ab.bin \
    "mlptrain: ab.bin: the class labels of this weights file are \"a\", \"b\" but the training data's are \"0\", \"1\"; output unit k stands for the file's label k: continue on data with the same labels, or train without --init-weights"
refused "labels 0,1 onto a,b" ab.json 01.bin \
    "mlptrain: 01.bin: the class labels of this weights file are \"0\", \"1\" but the training data's are \"a\", \"b\"; output unit k stands for the file's label k: continue on data with the same labels, or train without --init-weights"
refused "standardised file, spec without normalize" none.json 01.bin \
    "mlptrain: 01.bin: this weights file standardises its inputs (\"normalize\": \"standard\") but the spec takes them as they are; set \"normalize\": \"standard\" in the spec's \"data\" to continue from it (its statistics are kept), or train without --init-weights"
refused "feature columns swapped" swapped.json 01.bin \
    "mlptrain: 01.bin: input 1 is column \"x1\" in this weights file but \"x2\" in the training data; continue on data with the file's feature columns, in its order, or train without --init-weights"
printf '{"layers":[2,5,1],"activations":["relu","sigmoid"],"loss":"binary_cross_entropy","epochs":20,"data":{"train":"01.csv","targets":["y"],"normalize":"standard"}}\n' > wide.json
refused "another architecture" wide.json 01.bin \
    "mlptrain: 01.bin: the weights file's network is 2 inputs -> 3 tanh -> 1 sigmoid; the spec's is 2 inputs -> 5 relu -> 1 sigmoid; use a weights file trained with the same \"layers\" and \"activations\""
# A trace (JSON, like a spec) was taken for a spec: "train it with mlptrain
# -c tr.json", which fails. It is named, with the file to give instead.
"$MLPTRAIN" -q -c 01.json -e 1 --trace tr.json -w tr.bin -o /dev/null || bad "tracing 01.json"
refused "a trace as the weights" 01.json tr.json \
    "mlptrain: tr.json: not an mlp weights file; this is a trace of one training pass (mlptrain --trace), not a model; give the weights file the same run wrote (mlptrain -w)"
# The message the docs quote is the one mlptrain prints (the file name aside).
grep -qF "the class labels of this weights file are \"a\", \"b\" but the training data's are \"0\", \"1\"; output unit k stands for the file's label k" \
    "$ROOT/docs/weights-format.md" && ok || bad "docs/weights-format.md does not quote the refusal"

# A matching file is accepted, on the same data and on new data with the same labels.
"$MLPTRAIN" -q -c 01.json -e 5 --init-weights 01.bin -w same.bin -o same.csv 2> err.txt \
    && [ -s same.bin ] && ok || bad "a matching file was refused: $(cat err.txt)"
"$MLPTRAIN" -q -c far.json -e 1 --init-weights 01.bin -w far.bin -o far.loss.csv 2> err.txt \
    && [ -s far.bin ] && ok || bad "the same labels on new data were refused: $(cat err.txt)"

# The file's statistics are kept: far.bin stores 01.bin's mean and std, bit
# for bit (far.csv's own are 10 times larger), and epoch 1's loss on far.csv
# is 01.bin's model's loss there, as mlppredict --evaluate computes it.
"$PYTHON" "$ROOT/scripts/read_weights.py" 01.bin > 01.json.txt
"$PYTHON" "$ROOT/scripts/read_weights.py" far.bin > far.json.txt
"$PYTHON" - 01.json.txt far.json.txt << 'PY' && ok || bad "the continued file does not keep the statistics"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["mean"] == b["mean"] and a["std"] == b["std"], (a["mean"], b["mean"], a["std"], b["std"])
assert all(0 < m < 1 for m in a["mean"]), a["mean"]  # 01.csv's, not far.csv's (5 to 15)
PY
"$MLPPREDICT" 01.bin far.csv --evaluate -o /dev/null 2> eval.txt
"$PYTHON" - eval.txt far.loss.csv << 'PY' && ok || bad "epoch 1 is not the file's model: $(cat eval.txt far.loss.csv)"
import csv, re, sys
want = float(re.search(r"loss ([0-9.e+-]+)", open(sys.argv[1]).read()).group(1))
got = float(next(csv.DictReader(open(sys.argv[2])))["loss"])
# mlppredict prints 6 significant digits: 5e-6 relative at most. Recomputed
# statistics would put far.csv's inputs at other points entirely.
sys.exit(0 if abs(got - want) <= 5e-6 * want else f"{got} vs {want}")
PY

# Target names of an .npz saved without target_names (docs/weights-format.md,
# item 4): made up, and not compared, for a label column; one-hot columns
# (one_hot_columns=True) are named by the labels, and those are compared:
# a file of cat,dog columns is refused on kitten,puppy and taken on cat,dog,
# and its twin of a label column (no one_hot_columns; made up: "label")
# takes a column of cat and dog named "animal".
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" - << 'PY'
import numpy as np
rows = [((i * 7 % 13) / 13, (i * 5 % 11) / 11) for i in range(40)]
for name, cols in (("cd", ("cat", "dog")), ("kp", ("kitten", "puppy"))):
    with open(name + ".csv", "w") as out:
        out.write("x1,x2,%s,%s\n" % cols)
        for x1, x2 in rows:
            c = int(x1 + x2 > 1)
            out.write(f"{x1!r},{x2!r},{1 - c},{c}\n")
    with open(name + ".json", "w") as out:
        out.write('{"layers":[2,2],"activations":["softmax"],"loss":"cross_entropy","epochs":2,'
                  '"data":{"train":"%s.csv","targets":["%s","%s"]}}\n' % ((name,) + cols))
with open("animal.csv", "w") as out:
    out.write("x1,x2,animal\n")
    for x1, x2 in rows:
        out.write(f"{x1!r},{x2!r},{('cat', 'dog')[int(x1 + x2 > 1)]}\n")
with open("animal.json", "w") as out:
    out.write('{"layers":[2,2],"activations":["softmax"],"loss":"cross_entropy","epochs":2,'
              '"data":{"train":"animal.csv","targets":["animal"]}}\n')
model = dict(W1=np.zeros((2, 2)), b1=np.zeros(2), activations=np.array(["softmax"]),
             loss="cross_entropy", feature_names=np.array(["x1", "x2"]),
             labels=np.array(["cat", "dog"]))
np.savez("onehot.npz", one_hot_columns=True, **model)
np.savez("column.npz", **model)
PY
    refused "one-hot .npz columns cat,dog onto kitten,puppy" kp.json onehot.npz \
        "mlptrain: onehot.npz: target 1 is column \"cat\" in this weights file but \"kitten\" in the training data; name the file's target columns in the spec's \"targets\", or train without --init-weights"
    "$MLPTRAIN" -q -c cd.json --init-weights onehot.npz -w cd.bin -o cd.loss.csv 2> err.txt \
        && ok || bad "one-hot .npz columns cat,dog refused on cat,dog: $(cat err.txt)"
    "$MLPTRAIN" -q -c animal.json --init-weights column.npz -w an.bin -o an.loss.csv 2> err.txt \
        && ok || bad "an .npz of a label column, saved without target_names, refused: $(cat err.txt)"
else
    echo "note: $PYTHON has no numpy; the .npz target names skipped (apt-get install python3-numpy)"
fi
tr -s '\n ' '  ' < "$ROOT/docs/weights-format.md" \
    | grep -qF 'one_hot_columns=True`, names them by its labels, as this format does, and those are compared' \
    && ok || bad "docs/weights-format.md does not say that one-hot .npz target names are compared"

finish
