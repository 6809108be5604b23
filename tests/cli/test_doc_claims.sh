#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What the docs say is what the programs do, for four places where a
# re-implementation from the docs alone went wrong (issue 15; the fifth,
# --init-weights, is test_init_weights.sh). Each check runs the programs and
# looks for the statement in the docs, so either side drifting fails it:
#  1. --trace with l2: dW is the data gradient, gW = dW + l2 W follows, with
#     the penalty; docs/trace.md lists both steps and gW's formula;
#  2. docs/weights-format.md: a header-less CSV stores "column 1", ...;
#     several 0/1 targets under sigmoid + binary cross-entropy are stored
#     with C = 0, as a regression (read by scripts/read_weights.py);
#  3. "same bytes" is promised for the same BLAS core: the docs say so, and
#     the core mlptrain --version names is the one mlppredict --info shows;
#  4. ties: an output of exactly 0.5, and equal softmax outputs, give the
#     first label, as mlppredict --help and docs/losses.md say.
# Usage: test_doc_claims.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" doc-claims "$@"
PYTHON=/usr/bin/python3
READER="$ROOT/scripts/read_weights.py"
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xor.csv
# doc_has FILE TEXT: TEXT is in FILE, line breaks and indentation read as one space.
doc_has() { tr -s '\n ' '  ' < "$1" | grep -qF -- "$2"; }

# --- 1. the trace with l2 -------------------------------------------------
printf '{"layers":[2,3,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0.5,"epochs":2,"seed":4,"l2":0.01,"data":{"train":"xor.csv","targets":["y"]}}\n' > l2.json
"$MLPTRAIN" -q -c l2.json --trace t.json -w l2.bin -o l2.csv 2> err.txt && ok || bad "--trace with l2: $(cat err.txt)"
"$PYTHON" - t.json "$ROOT/docs/trace.md" << 'PY' && ok || bad "the trace with l2 is not what docs/trace.md says"
import json, sys
t = json.load(open(sys.argv[1]))
doc = open(sys.argv[2]).read()
steps = {s["key"]: s for s in t["steps"]}
assert t["l2"] == 0.01, t["l2"]
L, lam = t["symbols"]["L"], t["l2"]
penalty = 0.0
for l in range(1, L + 1):
    W, dW, gW = (steps[f"{k}{l}"]["data"] for k in ("W", "dW", "gW"))
    for i in range(len(W)):
        for j in range(len(W[i])):
            # dW + l2 W: the same two double operations as mlp's, so equal
            # to an ulp (1e-15 leaves room for a contracted multiply-add).
            want = dW[i][j] + lam * W[i][j]
            assert abs(gW[i][j] - want) <= 1e-15 * max(1, abs(want)), (l, i, j, gW[i][j], want)
            penalty += W[i][j] ** 2
penalty *= lam / 2
# Summed in another order: a few ulps.
assert abs(steps["penalty"]["data"] - penalty) <= 1e-14 * penalty, (steps["penalty"], penalty)
assert [s["key"] for s in t["steps"]][-(L + 1):] == ["penalty"] + [f"gW{l}" for l in range(1, L + 1)]
# Every step has its row in the docs' step table, and gW's formula is the one there.
steps_column = [line.split("|")[1] for line in doc.splitlines() if line.startswith("| `")]
for s in t["steps"]:
    assert any("`" + s["name"] in cell for cell in steps_column), s["name"]
formula = steps["gW1"]["formula"].split("   (")[0].replace("1", "l")
assert formula == "gWl = dWl + l2 Wl" and formula in doc, formula
assert "**`loss` and `dWl` are those of the data alone**" in doc
PY
"$MLPTRAIN" --help | grep -qF "gW = dW + l2 W, the gradient the update uses" && ok \
    || bad "mlptrain --help does not say what --trace's dW is"

# --- 2. names and C in the weights file ------------------------------------
tail -n +2 xor.csv > noheader.csv
printf '{"layers":[2,3,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","epochs":3,"data":{"train":"noheader.csv"}}\n' > noheader.json
"$MLPTRAIN" -q -c noheader.json -w noheader.bin -o /dev/null && ok || bad "training on a header-less CSV"
printf 'x1,x2,p,q\n0,0,0,1\n0,1,1,1\n1,0,1,0\n1,1,0,0\n' > multi.csv
printf '{"layers":[2,3,2],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","epochs":3,"data":{"train":"multi.csv","targets":["p","q"]}}\n' > multi.json
"$MLPTRAIN" -q -c multi.json -w multi.bin -o /dev/null && ok || bad "training multi-label"
"$PYTHON" "$READER" noheader.bin > noheader.txt && "$PYTHON" "$READER" multi.bin > multi.txt \
    && ok || bad "read_weights.py refused a file"
"$PYTHON" - noheader.txt multi.txt << 'PY' && ok || bad "the stored names or labels differ from docs/weights-format.md"
import json, sys
n, m = (json.load(open(p)) for p in sys.argv[1:])
assert n["features"] == ["column 1", "column 2"] and n["targets"] == ["column 3"], n
assert n["names_from_header"] is False and n["labels"] == ["0", "1"], n
assert m["labels"] == [] and m["outputs"] == 2 and m["targets"] == ["p", "q"], m
assert m["one_hot_columns"] is False and m["loss"] == "binary_cross_entropy", m
PY
doc=$ROOT/docs/weights-format.md
doc_has "$doc" 'the features `column 1`, `column 2` and the target `column 3`), and "names from header" is 0' && ok \
    || bad "docs/weights-format.md no longer says which names a header-less CSV stores"
doc_has "$doc" 'are stored with **`C = 0`, as a regression**' && ok \
    || bad "docs/weights-format.md no longer says multi-label is stored with C = 0"
printf 'x1,x2\n0,1\n' > one.csv
[ "$("$MLPPREDICT" multi.bin one.csv | head -n 1)" = "p,q" ] && ok \
    || bad "multi-label predictions are not the K probabilities under the target names"

# --- 3. the same bytes, on the same BLAS core -------------------------------
"$MLPTRAIN" -q -c l2.json -w again.bin -o /dev/null
cmp -s l2.bin again.bin && ok || bad "the same run wrote other bytes"
core=$("$MLPTRAIN" --version | sed -n 's/^BLAS: OpenBLAS [^,]*, core \([A-Za-z0-9_]*\) .*/\1/p')
[ -n "$core" ] && ok || bad "mlptrain --version names no core: $("$MLPTRAIN" --version)"
"$MLPPREDICT" --info l2.bin | grep -qE "^  blas core +$core\$" && ok \
    || bad "mlppredict --info does not show the core $core: $("$MLPPREDICT" --info l2.bin)"
# Every promise of the same bytes or bits, in the paragraph that makes it,
# names the BLAS core.
for f in README.md docs/threads.md docs/optimizers.md docs/weights-format.md; do
    n=$(awk -v RS= '/(write|writes|give|gives) the same (bytes|bits)|identical files/ && !/BLAS core|same BLAS/' \
        "$ROOT/$f" | wc -c)
    [ "$n" = 0 ] && ok || bad "$f promises the same bytes without naming the BLAS core"
done
doc_has "$ROOT/README.md" 'reproducibility holds for the same BLAS core' && ok \
    || bad "README.md does not say reproducibility holds for the same BLAS core"

# --- 4. ties go to the first label ------------------------------------------
"$MLPPREDICT" --help | tr '\n' ' ' | grep -qF 'y = 0.5 exactly gives the first' && ok \
    || bad "mlppredict --help does not state the tie rules"
doc_has "$ROOT/docs/losses.md" '**a tie goes to the first**' \
    && doc_has "$ROOT/docs/losses.md" '**y = 0.5 exactly is class 0**' && ok \
    || bad "docs/losses.md does not state the tie rules"
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    # Zero weights: the sigmoid output is exactly 0.5, the softmax outputs
    # exactly equal; both predict the first label.
    "$PYTHON" - << 'PY'
import numpy as np
z = np.zeros
np.savez("half.npz", W1=z((3, 2)), b1=z(3), W2=z((1, 3)), b2=z(1),
         activations=np.array(["tanh", "sigmoid"]), loss="binary_cross_entropy",
         labels=np.array(["no", "yes"]))
np.savez("even.npz", W1=z((3, 2)), b1=z(3), W2=z((3, 3)), b2=z(3),
         activations=np.array(["tanh", "softmax"]), loss="cross_entropy",
         labels=np.array(["p", "q", "r"]))
PY
    printf 'x1,x2\n0.3,-2\n' > row.csv
    out=$("$MLPPREDICT" half.npz row.csv | tail -n 1)
    [ "$out" = "no,0.5,0.5" ] && ok || bad "an output of 0.5 predicts: $out (want no,0.5,0.5)"
    out=$("$MLPPREDICT" even.npz row.csv | tail -n 1)
    [ "${out%%,*}" = p ] && ok || bad "three equal outputs predict: $out (want p)"
else
    echo "note: /usr/bin/python3 has no numpy; the end-to-end tie checks were skipped"
fi

finish
