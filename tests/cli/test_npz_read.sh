#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reading an .npz a learner saved with numpy (docs/numpy.md): the optional
# arrays mean what the doc says when some are left out, and what is refused
# says what to save instead. Models are built by hand with numpy so that the
# right answer follows from the weights. Skipped, with a note, where
# /usr/bin/python3 has no numpy.
# Usage: test_npz_read.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" npz_read "$@"
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import numpy' 2> /dev/null; then
    echo "note: $PYTHON has no numpy; skipped (apt-get install python3-numpy)"
    ok
    finish
fi

# Without feature_names the inputs are matched by position, also when
# names_from_header is saved True: the names made up for them (x1, x2) are no
# CSV's. y = first input; a header that reads "x2,x1" must not swap them (it
# was matched by the made-up names: y was the second column).
"$PYTHON" - << 'PY'
import numpy as np
np.savez("first.npz", W1=np.array([[1., 0.]]), b1=np.zeros(1), activations=np.array(["linear"]),
         loss="mse", names_from_header=np.array(True))
PY
printf 'x2,x1\n3,5\n7,11\n' > swapped.csv
"$MLPPREDICT" first.npz swapped.csv > out.txt 2> err.txt
[ "$(tail -n +2 out.txt)" = "$(printf '3\n7')" ] && ok \
    || bad "names_from_header without feature_names: $(cat out.txt err.txt)"
"$MLPPREDICT" --info first.npz | grep -qxF 'features        2, matched by position: "x1", "x2" (made up: the .npz has no feature_names)' \
    && ok || bad "--info first.npz: $("$MLPPREDICT" --info first.npz 2>&1)"

# One-hot target columns saved without target_names are named by the labels
# (docs/weights-format.md), so --evaluate finds them by name. The model says
# dog for x > 0; the CSV holds dog before cat. (The targets were made up as
# y1, y2 and taken in the file's order: dog read as cat, accuracy 0%.)
"$PYTHON" - << 'PY'
import numpy as np
np.savez("pets.npz", W1=np.array([[-1.], [1.]]), b1=np.zeros(2), activations=np.array(["softmax"]),
         loss="cross_entropy", feature_names=np.array(["x"]), labels=np.array(["cat", "dog"]),
         names_from_header=np.array(True), one_hot_columns=np.array(True))
PY
printf 'x,dog,cat
1,1,0
-1,0,1
2,1,0
' > pets.csv
# loss: (2 (-log sigmoid(2)) - log sigmoid(4)) / 3 = 0.0906687, as numpy computes it.
"$MLPPREDICT" pets.npz pets.csv --evaluate > out.txt 2> err.txt
grep -qxF 'pets.csv: 3 rows, loss 0.0906687 (cross_entropy), accuracy 100.00% (3/3)' err.txt && ok \
    || bad "one-hot columns without target_names: $(cat err.txt)"
"$MLPPREDICT" --info pets.npz | grep -qxF 'targets         "cat", "dog"' && ok \
    || bad "--info pets.npz: $("$MLPPREDICT" --info pets.npz 2>&1)"

# one_hot_columns=True needs the labels that name the columns: it was told
# 'array "target_names" must have shape (0,)', which no shape fixes.
"$PYTHON" - << 'PY'
import numpy as np
m = dict(np.load("pets.npz"))
del m["labels"]
np.savez("nolabels.npz", target_names=np.array(["cat", "dog"]), **m)
PY
"$MLPPREDICT" nolabels.npz pets.csv > out.txt 2> err.txt
error_is "one_hot_columns without labels" 2 \
    'mlppredict: nolabels.npz: "one_hot_columns" is True but the .npz has no labels to name the one-hot target columns; save the names of the 0/1 target columns in output-unit order as labels=numpy.array([...]), or one_hot_columns=False for a model without them (docs/numpy.md)' \
    $? "$(cat err.txt)" && { [ ! -s out.txt ] && ok || bad "nolabels.npz: wrote $(cat out.txt)"; }

# A loss that cannot follow the output layer, a softmax on a hidden layer: the
# message of any model, and the array to change (there was no "; what to do").
"$PYTHON" - << 'PY'
import numpy as np
z = np.zeros
np.savez("ce.npz", W1=z((4, 2)), b1=z(4), W2=z((1, 4)), b2=z(1),
         activations=np.array(["tanh", "sigmoid"]), loss="cross_entropy")
np.savez("bce.npz", W1=z((4, 2)), b1=z(4), W2=z((3, 4)), b2=z(3),
         activations=np.array(["tanh", "tanh"]), loss="binary_cross_entropy")
np.savez("hidden.npz", W1=z((4, 2)), b1=z(4), W2=z((1, 4)), b2=z(1),
         activations=np.array(["softmax", "sigmoid"]), loss="binary_cross_entropy")
PY
printf 'x1,x2,y\n0,0,0\n' > one.csv
npz_bad() { # NPZ MESSAGE
    "$MLPPREDICT" "$1" one.csv > out.txt 2> err.txt
    error_is "$1" 2 "mlppredict: $1: $2" $? "$(cat err.txt)" \
        && { [ ! -s out.txt ] && ok || bad "$1: wrote $(cat out.txt)"; }
}
npz_bad ce.npz 'loss "cross_entropy" cannot follow a sigmoid output layer; for a sigmoid output save "loss" as "binary_cross_entropy" or "mse"'
npz_bad bce.npz 'loss "binary_cross_entropy" cannot follow a tanh output layer; for a tanh output save "loss" as "mse", or make the last entry of "activations" "sigmoid" for "binary_cross_entropy"'
npz_bad hidden.npz 'softmax is only allowed on the output layer; save "activations"[0], hidden layer 1'"'"'s, as an element-wise activation such as "tanh" or "relu"'

# An array mlp does not read is refused, with the nearest name: "means" and
# "stds" were ignored, and the model read as one without statistics.
"$PYTHON" - << 'PY'
import numpy as np
m = dict(np.load("first.npz"))
np.savez("means.npz", means=np.zeros(2), stds=np.ones(2), **m)
np.savez("extra.npz", notes=np.array("trained on Monday"), **m)
PY
npz_bad means.npz 'the .npz holds an array "means", which is none of the arrays mlp reads; did you mean "mean"? save it under that name (docs/numpy.md)'
npz_bad extra.npz 'the .npz holds an array "notes", which is none of the arrays mlp reads; save only the arrays docs/numpy.md lists'

# A name another tool gives a loss or an activation, or a near spelling, gets
# the spec reader's hint (it got the list of names only).
"$PYTHON" - << 'PY'
import numpy as np
z = np.zeros
w = dict(W1=z((4, 2)), b1=z(4), W2=z((1, 4)), b2=z(1))
np.savez("bceloss.npz", activations=np.array(["tanh", "sigmoid"]), loss="BCELoss", **w)
np.savez("logistic.npz", activations=np.array(["tanh", "logistic"]), loss="binary_cross_entropy", **w)
np.savez("tahn.npz", activations=np.array(["tahn", "sigmoid"]), loss="binary_cross_entropy", **w)
np.savez("elu.npz", activations=np.array(["elu", "sigmoid"]), loss="binary_cross_entropy", **w)
PY
npz_bad bceloss.npz 'unknown loss "BCELoss" in "loss"; did you mean "binary_cross_entropy"? (its name in mlp; PyTorch: "BCELoss")'
npz_bad logistic.npz 'unknown activation "logistic" in "activations"; did you mean "sigmoid"? (its name in mlp; scikit-learn: "logistic")'
npz_bad tahn.npz 'unknown activation "tahn" in "activations"; did you mean "tanh"?'
"$MLPPREDICT" elu.npz one.csv > out.txt 2> err.txt
case $(cat err.txt) in # the list of names after it is test_npz.c's
'mlppredict: elu.npz: unknown activation "elu" in "activations"; mlp has no elu activation; use one of: sigmoid, tanh, '*) ok ;;
*) bad "elu.npz: $(cat err.txt)" ;;
esac

# ">f8" is float64 in the other byte order: "save numbers as float64" told
# it to be what it was.
"$PYTHON" - << 'PY'
import numpy as np
m = dict(np.load("first.npz"))
m["W1"] = m["W1"].astype(">f8")
np.savez("bigendian.npz", **m)
PY
npz_bad bigendian.npz 'member "W1" has dtype >f8, which mlp does not read; mlp reads little-endian float64 ("<f8"), not big-endian: save W1.astype("<f8")'

finish
