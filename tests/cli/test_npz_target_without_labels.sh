#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An .npz classifier saved with its target column but without its labels
# (docs/numpy.md, "A classifier needs its labels to predict"): the file is
# read, mlppredict refuses it for want of labels with the array to add, and
# mlptrain --init-weights takes the training data's labels and trains. Both
# were refused as 'array "target_names" must have shape (2,)': a name per
# output unit was asked of the one "label" column of a softmax classifier.
# Skipped, with a note, where /usr/bin/python3 has no numpy.
# Usage: test_npz_target_without_labels.sh MLPTRAIN MLPPREDICT
. "$(dirname "$0")/lib.sh" npz_target_without_labels "$@"
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import numpy' 2> /dev/null; then
    echo "note: $PYTHON has no numpy; skipped (apt-get install python3-numpy)"
    ok
    finish
fi

"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -w moons.bin -o moons.loss.csv \
    && "$MLPPREDICT" --export moons.npz moons.bin || { bad "training and export failed"; finish; }
"$PYTHON" - << 'PY'
import numpy as np
m = dict(np.load("moons.npz"))
assert list(m["target_names"]) == ["label"], m["target_names"]
del m["labels"]
np.savez("nolab.npz", **m)
PY

"$MLPPREDICT" nolab.npz "$ROOT/data/moons.csv" > out.txt 2> err.txt
error_is "mlppredict nolab.npz" 2 \
    'mlppredict: nolab.npz: this classifier (a softmax output) has no class labels to name its predictions; save them in the .npz, one per output unit, in order: labels=numpy.array(["0", "1"]) (docs/numpy.md)' \
    $? "$(cat err.txt)" && { [ ! -s out.txt ] && ok || bad "nolab.npz: wrote $(cat out.txt)"; }

# --info shows the saved target column, not made-up ones, and the labels missing.
"$MLPPREDICT" --info nolab.npz > info.txt 2>&1
grep -qxF 'targets         "label"' info.txt && ok || bad "--info targets: $(cat info.txt)"
grep -qxF 'labels          none, which this classifier (a softmax output) needs to predict (docs/numpy.md)' \
    info.txt && ok || bad "--info labels: $(cat info.txt)"

# --init-weights takes the labels of data/moons.csv: it trains, and the
# model it writes has them (the label column holds 0 and 1).
if "$MLPTRAIN" -q -c "$ROOT/configs/moons.json" --init-weights nolab.npz -w again.bin \
    -o again.loss.csv 2> err.txt; then
    "$MLPPREDICT" --info again.bin | grep -qxF 'labels          2: "0", "1"' && ok \
        || bad "again.bin: $("$MLPPREDICT" --info again.bin 2>&1)"
else
    bad "--init-weights nolab.npz: $(cat err.txt)"
fi

finish
