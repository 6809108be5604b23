#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The model in numpy (docs/numpy.md): mlppredict --export writes an .npz that
# numpy.load reads with the documented arrays and shapes; the ten-line
# forward pass of docs/numpy.md, run as it is written there, reproduces
# mlppredict's probabilities to 1e-12; an .npz (exported, or saved by numpy
# from a learner's own arrays) starts mlptrain through --init-weights; bad
# .npz files get their one-line message. The numpy parts are skipped, with a
# note, where /usr/bin/python3 has no numpy.
# Usage: test_numpy.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" numpy "$@"
cp "$ROOT/data/xor.csv" "$ROOT/data/moons.csv" .
PYTHON=/usr/bin/python3

sed -e 's|"../data/moons.csv"|"moons.csv"|' -e 's|"epochs": 5000|"epochs": 300|' \
    "$ROOT/configs/moons.json" > moons.json
sed -e 's|"../data/xor.csv"|"xor.csv"|' "$ROOT/configs/xor.json" > xor.json
"$MLPTRAIN" -q -c moons.json -w moons.bin -o moons.loss.csv && ok || bad "training moons"
"$MLPTRAIN" -q -c xor.json -w xor.bin -o xor.loss.csv && ok || bad "training xor"

"$MLPPREDICT" --export moons.npz moons.bin > out.txt 2> err.txt && ok || bad "--export: $(cat err.txt)"
[ ! -s out.txt ] && [ ! -s err.txt ] && ok || bad "--export must be silent: $(cat out.txt err.txt)"
"$MLPPREDICT" --export xor.npz xor.bin && ok || bad "--export xor"
# The same model exports the same bytes.
"$MLPPREDICT" --export again.npz moons.bin && cmp -s again.npz moons.npz && ok || bad "--export is not reproducible"

# An .npz is a weights file to mlppredict: the same predictions, byte for byte.
"$MLPPREDICT" moons.bin moons.csv > from-bin.csv
"$MLPPREDICT" moons.npz moons.csv > from-npz.csv 2> err.txt
cmp -s from-bin.csv from-npz.csv && ok || bad "mlppredict on the .npz differs: $(cat err.txt)"

# Column names that are not UTF-8 (a Latin-1 header) are exported as numpy
# bytes and read back as the same bytes, so the .npz predicts as the weights
# file does. (Written as str, both names below became "gr\uFFFD\uFFFDe" and
# the exported file was refused: 'the feature name ... appears twice'.)
printf 'gr\xf6\xdfe,gr\xe4\xdfe,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > latin1.csv
sed -e 's|"xor.csv"|"latin1.csv"|' xor.json > latin1.json
"$MLPTRAIN" -q -c latin1.json -e 50 -w latin1.bin -o /dev/null && ok || bad "training on latin1.csv"
"$MLPPREDICT" --export latin1.npz latin1.bin 2> err.txt \
    && "$MLPPREDICT" latin1.bin latin1.csv > l-bin.csv && "$MLPPREDICT" latin1.npz latin1.csv > l-npz.csv 2>> err.txt \
    && [ -s l-bin.csv ] && cmp -s l-bin.csv l-npz.csv && ok || bad "Latin-1 names through the .npz: $(cat err.txt)"

# --init-weights from the .npz continues exactly as from the weights file.
"$MLPTRAIN" -q -c moons.json -e 5 --init-weights moons.bin -w cont-bin.bin -o /dev/null
"$MLPTRAIN" -q -c moons.json -e 5 --init-weights moons.npz -w cont-npz.bin -o /dev/null 2> err.txt
[ -s cont-npz.bin ] && [ "$(params cont-bin.bin)" = "$(params cont-npz.bin)" ] && ok \
    || bad "--init-weights from the .npz differs: $(cat err.txt)"

if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    # What numpy sees: names, dtypes, shapes.
    "$PYTHON" - moons.npz > shapes.txt << 'PY' || bad "numpy.load: $(cat shapes.txt)"
import sys, numpy as np
m = np.load(sys.argv[1])
for k in m.files:
    print(k, m[k].dtype.kind, m[k].shape, list(m[k].ravel()) if m[k].dtype.kind in "Ub" else "")
PY
    cat > want.txt << 'EOF2'
W1 f (16, 2) 
b1 f (16,) 
W2 f (16, 16) 
b2 f (16,) 
W3 f (2, 16) 
b3 f (2,) 
activations U (3,) ['tanh', 'tanh', 'softmax']
loss U () ['cross_entropy']
normalize U () ['standard']
mean f (2,) 
std f (2,) 
feature_names U (2,) ['x1', 'x2']
target_names U (1,) ['label']
labels U (2,) ['0', '1']
names_from_header b () [True]
one_hot_columns b () [False]
EOF2
    diff want.txt shapes.txt > /dev/null && ok || bad "numpy.load sees: $(diff want.txt shapes.txt)"

    # The forward pass of docs/numpy.md, exactly as written there.
    awk '/^```python$/ { n++; if (n == 2) { on = 1; next } } /^```$/ { on = 0 } on' \
        "$ROOT/docs/numpy.md" > forward.py
    grep -q 'np.savetxt' forward.py && ok || bad "no forward pass found in docs/numpy.md"
    for net in moons xor; do
        "$PYTHON" forward.py "$net.npz" "$net.csv" > "$net.numpy.csv" 2> err.txt \
            || bad "$net forward pass: $(cat err.txt)"
        "$MLPPREDICT" "$net.bin" "$net.csv" > "$net.mlp.csv"
        # The probability columns (after the label); one sigmoid output is p_1.
        "$PYTHON" - "$net.numpy.csv" "$net.mlp.csv" > cmp.txt << 'PY'
import sys, numpy as np
a = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
p = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, ndmin=2)[:, 1:]
if a.shape[1] == 1:
    p = p[:, 1:]
assert a.shape == p.shape and a.size > 0, (a.shape, p.shape)
print(np.abs(a - p).max())
PY
        # 1e-12: the same float64 arithmetic summed in another order (BLAS vs
        # numpy) differs by a few ulps, about 1e-16; 1e-12 leaves room, and
        # any real difference (a wrong activation, a missing normalisation)
        # is of order 1e-2 or more.
        awk '{ exit !($1 <= 1e-12) }' cmp.txt && ok || bad "$net: numpy differs from mlppredict by $(cat cmp.txt)"
    done
    # Every activation of the table has its entry in the forward pass of
    # docs/numpy.md: softplus had none (KeyError), and a new activation added
    # as docs/extending.md says is missed unless this test takes its names
    # from mlptrain itself. The names are those the spec reader offers for an
    # unknown one. Each that may be a hidden layer runs through forward.py on
    # a regression whose predictions are its outputs; one that may not
    # (softmax, output only: the moons model above) needs its key at least.
    printf 'a,b,y\n0,1,0.5\n1,0,1.5\n2,1,2\n-1,2,0.25\n' > act.csv
    printf '{"layers": [2, 1], "activations": ["no_such_activation"], "loss": "mse", "data": {"train": "act.csv"}}' > names.json
    "$MLPTRAIN" -q -c names.json > /dev/null 2> err.txt
    names=$(sed -n 's/.*use one of: \(.*\)$/\1/p' err.txt | tr -d ',')
    [ "$(wc -w <<< "$names")" -ge 7 ] && ok || bad "the activation names from mlptrain: $(cat err.txt)"
    hidden=0
    for name in $names; do
        grep -qF "\"$name\": " forward.py && ok \
            || bad "docs/numpy.md: the forward pass has no entry for the activation $name"
        printf '{"layers": [2, 5, 3, 1], "activations": ["%s", "%s", "linear"], "loss": "mse", "epochs": 50, "data": {"train": "act.csv"}}' \
            "$name" "$name" > act.json
        if ! "$MLPTRAIN" -q -c act.json -w act.bin -o act.loss.csv > /dev/null 2> err.txt; then
            grep -qF "\"$name\" is only allowed on the output layer" err.txt && continue
            bad "$name: training failed: $(cat err.txt)"
            continue
        fi
        hidden=$((hidden + 1))
        "$MLPPREDICT" --export act.npz act.bin || bad "$name: export failed"
        "$PYTHON" forward.py act.npz act.csv > act.numpy.csv 2> err.txt \
            || bad "$name: the forward pass of docs/numpy.md fails: $(tail -n 1 err.txt)"
        "$MLPPREDICT" act.bin act.csv | tail -n +2 > act.mlp.csv
        "$PYTHON" -c 'import sys, numpy as np; a = np.loadtxt(sys.argv[1], ndmin=2); p = np.loadtxt(sys.argv[2], ndmin=2); assert a.shape == p.shape == (4, 1); sys.exit(0 if np.abs(a - p).max() <= 1e-12 else 1)' \
            act.numpy.csv act.mlp.csv 2> /dev/null && ok \
            || bad "$name: numpy differs from mlppredict: $(paste act.numpy.csv act.mlp.csv)"
    done
    [ "$hidden" -ge 6 ] && ok || bad "only $hidden activations ran as hidden layers"

    # numpy reads the Latin-1 names as bytes, the UTF-8 ones as str.
    "$PYTHON" - latin1.npz > names.txt << 'PY' || bad "numpy.load latin1.npz: $(cat names.txt)"
import sys, numpy as np
m = np.load(sys.argv[1])
print(m["feature_names"].dtype.str, list(m["feature_names"]), m["target_names"].dtype.str)
PY
    [ "$(cat names.txt)" = "|S5 [b'gr\xf6\xdfe', b'gr\xe4\xdfe'] <U1" ] && ok || bad "numpy sees $(cat names.txt)"

    # A learner's own arrays saved by numpy start mlptrain (XOR, 2-4-1).
    "$PYTHON" - << 'PY'
import numpy as np
r = np.random.default_rng(0)
np.savez("mine.npz", W1=r.normal(size=(4, 2)), b1=np.zeros(4), W2=r.normal(size=(1, 4)),
         b2=np.zeros(1), activations=np.array(["tanh", "sigmoid"]), loss="binary_cross_entropy")
np.savez("fortran.npz", W1=np.asfortranarray(r.normal(size=(4, 2))), b1=np.zeros(4),
         W2=r.normal(size=(1, 4)), b2=np.zeros(1), activations=np.array(["tanh", "sigmoid"]),
         loss="binary_cross_entropy")
np.savez("noact.npz", W1=np.ones((4, 2)), b1=np.zeros(4), W2=np.ones((1, 4)), b2=np.zeros(1),
         loss="binary_cross_entropy")
np.savez("transposed.npz", W1=np.ones((4, 2)), b1=np.zeros(4), W2=np.ones((4, 1)), b2=np.zeros(1),
         activations=np.array(["tanh", "sigmoid"]), loss="binary_cross_entropy")
np.savez_compressed("small.npz", W1=np.ones((4, 2)), b1=np.zeros(4), W2=np.ones((1, 4)),
                    b2=np.zeros(1), activations=np.array(["tanh", "sigmoid"]), loss="binary_cross_entropy")
np.savez("surrogate.npz", W1=np.ones((4, 2)), b1=np.zeros(4), W2=np.ones((1, 4)), b2=np.zeros(1),
         activations=np.array(["tanh", "sigmoid"]), loss="binary_cross_entropy",
         feature_names=np.array(["x\ud800", "x2"]))
np.savez("f32.npz", W1=np.ones((4, 2), np.float32), b1=np.zeros(4), W2=np.ones((1, 4)), b2=np.zeros(1),
         activations=np.array(["tanh", "sigmoid"]), loss="binary_cross_entropy")
# The layout of z = X @ W + b, every W as (inputs, units), and the same
# arrays saved as mlp reads them, W.T (a Fortran-order view).
W1, W2 = r.normal(size=(2, 4)), r.normal(size=(4, 1))
xw = dict(b1=np.zeros(4), b2=np.zeros(1), activations=np.array(["tanh", "sigmoid"]),
          loss="binary_cross_entropy", labels=np.array(["0", "1"]))
np.savez("xw.npz", W1=W1, W2=W2, **xw)
np.savez("xw-t.npz", W1=W1.T, W2=W2.T, **xw)
# Class labels saved as numbers, and as the hint then says.
mine = dict(np.load("mine.npz"))
np.savez("int-labels.npz", labels=np.array([0, 1]), **mine)
np.savez("str-labels.npz", labels=np.array([0, 1]).astype(str), **mine)
PY
    "$MLPTRAIN" -q -c xor.json -e 3 --init-weights mine.npz -w mine.bin -o /dev/null 2> err.txt \
        && ok || bad "--init-weights mine.npz: $(cat err.txt)"
    "$MLPPREDICT" --export mine-back.npz mine.bin && ok || bad "exporting the continued model"
    "$MLPTRAIN" -q -c xor.json -e 3 --init-weights fortran.npz -w f.bin -o /dev/null 2> err.txt \
        && ok || bad "Fortran-order arrays: $(cat err.txt)"
    # The numpy arrays are the initial weights, exactly: epoch 1's loss equals
    # numpy's own binary cross-entropy of those weights on XOR.
    "$MLPTRAIN" -q -c xor.json -e 1 --init-weights mine.npz -w one.bin -o one.loss.csv
    "$PYTHON" - one.loss.csv << 'PY' && ok || bad "epoch 1 of mine.npz is not numpy's loss"
import sys, numpy as np
m = np.load("mine.npz")
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float); t = np.array([0, 1, 1, 0], float)
y = 1 / (1 + np.exp(-(np.tanh(X @ m["W1"].T + m["b1"]) @ m["W2"].T + m["b2"])[:, 0]))
want = -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
got = float(open(sys.argv[1]).read().splitlines()[1].split(",")[1])
sys.exit(0 if abs(got - want) <= 1e-12 * want else 1)  # same float64 arithmetic, other order
PY

    # Without "labels" a classifier still starts mlptrain (above: mine.npz,
    # one sigmoid unit, takes xor.csv's labels), but mlppredict cannot name
    # the class it predicts: refused, never read as a regression whose
    # made-up targets y1, y2 "the model was trained on".
    "$PYTHON" - << 'PY'
import numpy as np
z = np.zeros
np.savez("sm.npz", W1=z((4, 2)), b1=z(4), W2=z((2, 4)), b2=z(2),
         activations=np.array(["tanh", "softmax"]), loss=np.array("cross_entropy"))
np.savez("sm-labels.npz", W1=z((4, 2)), b1=z(4), W2=z((2, 4)), b2=z(2),
         activations=np.array(["tanh", "softmax"]), loss=np.array("cross_entropy"),
         labels=np.array(["0", "1"]))
PY
    sm='this classifier (a softmax output) has no class labels to name its predictions; save them in the .npz, one per output unit, in order: labels=numpy.array(["0", "1"]) (docs/numpy.md)'
    for args in "sm.npz xor.csv" "sm.npz xor.csv -e" "sm.npz --grid 0:1:3,0:1:3" "xor.bin sm.npz xor.csv"; do
        # shellcheck disable=SC2086
        "$MLPPREDICT" $args > out.txt 2> err.txt
        error_is "mlppredict $args" 2 "mlppredict: sm.npz: $sm" $? "$(cat err.txt)" \
            && { [ ! -s out.txt ] && ok || bad "mlppredict $args: wrote $(cat out.txt)"; }
    done
    "$MLPPREDICT" mine.npz xor.csv > out.txt 2> err.txt
    error_is "mlppredict mine.npz" 2 \
        'mlppredict: mine.npz: this classifier (one sigmoid unit with binary_cross_entropy) has no class labels to name its predictions; save them in the .npz, the class of y <= 0.5 first: labels=numpy.array(["0", "1"]) (docs/numpy.md)' \
        $? "$(cat err.txt)" && ok
    "$MLPPREDICT" --info sm.npz > info.txt 2> err.txt
    grep -qxF 'targets         none in the .npz' info.txt \
        && grep -qxF 'labels          none, which this classifier (a softmax output) needs to predict (docs/numpy.md)' info.txt \
        && ! grep -q 'regression\|y1' info.txt && ok || bad "--info sm.npz: $(cat info.txt err.txt)"
    # With its labels it predicts, and -e reads xor.csv's y by position.
    "$MLPPREDICT" sm-labels.npz xor.csv -e > out.txt 2> err.txt \
        && [ "$(head -n 2 out.txt)" = "$(printf 'label,p_0,p_1\n0,0.5,0.5')" ] \
        && grep -q '^xor.csv: 4 rows, loss 0.693147 (cross_entropy), accuracy 50.00% (2/4)$' err.txt \
        && ok || bad "sm-labels.npz: $(cat out.txt err.txt)"

    train_bad() { # NAME MESSAGE NPZ
        printf 'old' > keep.bin
        "$MLPTRAIN" -q -c xor.json --init-weights "$3" -w keep.bin -o /dev/null > out.txt 2> err.txt
        local status=$?
        if ! error_is "$1" 2 "$2" "$status" "$(cat err.txt)"; then
            :
        elif [ "$(cat keep.bin)" != old ]; then
            bad "$1: the weights file was changed"
        else
            ok
        fi
    }
    train_bad "no activations" \
        'mlptrain: noact.npz: the .npz has no array "activations"; save W1, b1, W2, b2, ..., activations and loss (docs/numpy.md)' \
        noact.npz
    train_bad "transposed W2" \
        'mlptrain: transposed.npz: array "W2" has shape (4, 1) but layer 1 has 4 units; W2 must have shape (units of layer 2, units of layer 1)' \
        transposed.npz
    # Saved for z = X @ W: W1 (2, 4) was read as 4 inputs and 2 units, and
    # the messages blamed b1, then W2, never W1's layout. Told once, by
    # mlptrain, mlppredict and mlpplot alike; W.T then trains and predicts.
    xw='xw.npz: array "W1" has shape (2, 4), (inputs, units) as for z = a @ W + b; mlp stores W as (units, inputs), here (4, 2), and computes z = a @ W.T + b; save every W transposed: numpy.savez(..., W1=W1.T, W2=W2.T, ...) (docs/numpy.md)'
    train_bad "the z = X @ W layout" "mlptrain: $xw" xw.npz
    "$MLPPREDICT" xw.npz xor.csv > out.txt 2> err.txt
    error_is "mlppredict xw.npz" 2 "mlppredict: $xw" $? "$(cat err.txt)" \
        && { [ ! -s out.txt ] && ok || bad "mlppredict xw.npz: wrote $(cat out.txt)"; }
    MLPPLOT=$(dirname "$MLPPREDICT")/mlpplot
    if [ -x "$MLPPLOT" ]; then
        "$MLPPLOT" units xw.npz xor.csv -o units.png > out.txt 2> err.txt
        error_is "mlpplot xw.npz" 2 "mlpplot: $xw" $? "$(cat err.txt)" \
            && { [ ! -e units.png ] && ok || bad "mlpplot xw.npz drew units.png"; }
    fi
    "$MLPTRAIN" -q -c xor.json -e 3 --init-weights xw-t.npz -w xw.bin -o /dev/null 2> err.txt \
        && "$MLPPREDICT" xw-t.npz xor.csv > out.txt 2>> err.txt && [ -s out.txt ] && ok \
        || bad "the transposes, xw-t.npz: $(cat err.txt)"
    # labels=numpy.array([0, 1]): "save numbers as float64" led to a second
    # refusal ("holds numbers, not text"); the hint makes them text, which predicts.
    "$MLPPREDICT" int-labels.npz xor.csv > out.txt 2> err.txt
    error_is "integer labels" 2 \
        'mlppredict: int-labels.npz: member "labels" has dtype <i8, which mlp does not read; save it as text: labels.astype(str)' \
        $? "$(cat err.txt)" && ok
    "$MLPPREDICT" str-labels.npz xor.csv > out.txt 2> err.txt \
        && [ "$(head -n 1 out.txt)" = "label,p_0,p_1" ] && ok || bad "labels.astype(str): $(cat out.txt err.txt)"
    train_bad "compressed" \
        'mlptrain: small.npz: member "W1.npy" is compressed; mlp reads stored members only; save it with numpy.savez, not numpy.savez_compressed' \
        small.npz
    train_bad "a lone surrogate" \
        'mlptrain: surrogate.npz: array "feature_names" holds a text with code point 0xD800, which is not Unicode; save texts that Python can encode as UTF-8, or as bytes' \
        surrogate.npz
    train_bad "float32" \
        'mlptrain: f32.npz: member "W1" has dtype <f4, which mlp does not read; save numbers as float64 (x.astype(numpy.float64)) and texts as str' \
        f32.npz
else
    echo "note: $PYTHON has no numpy; the numpy checks are skipped (apt-get install python3-numpy)"
fi

# Bad uses of --export.
"$MLPPREDICT" --export x.npz moons.bin moons.csv > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = "mlppredict: expected a weights file only with --export, got 2 arguments; try 'mlppredict --help'" ] \
    && [ ! -e x.npz ] && ok || bad "--export with a CSV: $(cat err.txt)"
"$MLPPREDICT" --export nofolder/x.npz moons.bin > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = 'mlppredict: nofolder/x.npz: cannot write: No such file or directory; create the folder "nofolder" first, or check the path' ] \
    && ok || bad "--export to a missing folder: $(cat err.txt)"

# What --export must not overwrite: the model given in the .npz's place (the
# arguments swapped), its own input, a file whose name is no .npz's. Each is
# refused with exit 2 and left byte for byte; nothing else is written.
export_refused() { # NAME MESSAGE FILE ARGS...
    local name=$1 want=$2 file=$3 status
    shift 3
    cp "$file" before.bin
    "$MLPPREDICT" --export "$@" > out.txt 2> err.txt
    status=$?
    if ! error_is "$name" 2 "$want" "$status" "$(cat err.txt)"; then
        :
    elif ! cmp -s "$file" before.bin; then
        bad "$name: $file was changed"
    elif [ -s out.txt ] || find . -name '.*.tmp.*' | grep -q .; then
        bad "$name: printed on stdout or left a temporary file: $(cat out.txt; ls -A)"
    else
        ok
    fi
}
export_refused "--export onto the weights (swapped)" \
    'mlppredict: moons.bin: --export would overwrite this mlp weights file; the .npz to write comes first, then the model: mlppredict --export moons.npz moons.bin' \
    moons.bin moons.bin moons.npz
export_refused "--export onto another weights file" \
    'mlppredict: xor.bin: --export would overwrite this mlp weights file; the .npz to write comes first, then the model: mlppredict --export xor.npz xor.bin' \
    xor.bin xor.bin moons.bin
cp moons.bin moons-copy.npz
export_refused "--export onto a weights file named .npz" \
    'mlppredict: moons-copy.npz: --export would overwrite this mlp weights file; give --export the path of an .npz or of a new file' \
    moons-copy.npz moons-copy.npz xor.bin
export_refused "--export onto its own input" \
    'mlppredict: moons.npz: the .npz would overwrite the model (moons.npz); give --export another path' \
    moons.npz moons.npz moons.npz
export_refused "--export onto its own input, another name" \
    'mlppredict: ./moons.npz: the .npz would overwrite the model (moons.npz); give --export another path' \
    moons.npz ./moons.npz moons.npz
export_refused "--export onto a CSV" \
    'mlppredict: moons.csv: the name does not end in .npz, which numpy.savez gives every .npz; give --export moons.npz' \
    moons.csv moons.csv moons.bin
"$MLPPREDICT" --export model moons.bin > out.txt 2> err.txt
error_is "--export to a name without .npz" 2 \
    'mlppredict: model: the name does not end in .npz, which numpy.savez gives every .npz; give --export model.npz' \
    $? "$(cat err.txt)" && { [ ! -e model ] && ok || bad "--export wrote model"; }
# A path that ends in "/" names a folder (docs/exit-codes.md, "Output files"),
# told as every output tells it: it was told to give "nodir/.npz", a name
# that then failed too.
"$MLPPREDICT" --export nodir/ moons.bin > out.txt 2> err.txt
error_is "--export to nodir/" 2 \
    'mlppredict: nodir/: cannot write: the path ends in "/", so it names a folder, and there is no folder "nodir"; write "nodir.npz" instead, or create the folder and give a file'"'"'s name after the "/"' \
    $? "$(cat err.txt)" && { [ ! -e nodir ] && ok || bad "--export made nodir"; }
export_refused "--export onto an .npz given a slash" \
    'mlppredict: moons.npz/: cannot write: the path ends in "/", but "moons.npz" is a file, not a folder; drop the "/" to write that file' \
    moons.npz moons.npz/ xor.bin
printf 'notes\n' > notes.txt
export_refused "--export onto another file given a slash" \
    'mlppredict: notes.txt/: cannot write: the path ends in "/", but "notes.txt" is a file, not a folder; write "notes.npz" instead' \
    notes.txt notes.txt/ moons.bin
# Each hint, followed, writes the .npz: "drop the /" was once said of nodir/,
# and --export nodir was then refused for not ending in .npz.
for given in nodir/ moons.npz/ notes.txt/; do
    "$MLPPREDICT" --export "$given" moons.bin > out.txt 2> err.txt
    next=$(slash_hint_path "$given" "$(cat err.txt)")
    if [ -z "$next" ]; then
        bad "--export $given: no path in the hint: $(cat err.txt)"
    elif "$MLPPREDICT" --export "$next" moons.bin > out.txt 2> err.txt && cmp -s "$next" again.npz; then
        ok
    else
        bad "--export $given, then its hint's --export $next: $(cat err.txt)"
    fi
done
cmp -s notes.txt <(printf 'notes\n') && ok || bad "following the hints changed notes.txt"
rm -f nodir.npz notes.npz notes.txt
mkdir npzdir
"$MLPPREDICT" --export npzdir/ moons.bin > out.txt 2> err.txt
error_is "--export to a folder" 2 \
    'mlppredict: npzdir/: cannot write: Is a directory; give the path of a file, not of a folder' \
    $? "$(cat err.txt)" && { [ -z "$(ls -A npzdir)" ] && ok || bad "--export wrote into npzdir"; }
rmdir npzdir
# Still written: an .npz over an older one, standard output, a device.
"$MLPPREDICT" --export again.npz xor.bin 2> err.txt && cmp -s again.npz xor.npz && ok \
    || bad "--export over an older .npz: $(cat err.txt)"
"$MLPPREDICT" --export - moons.bin > stdout.npz 2> err.txt && cmp -s stdout.npz moons.npz && ok \
    || bad "--export to standard output: $(cat err.txt)"
"$MLPPREDICT" --export /dev/stdout moons.bin > stdout.npz 2> err.txt && cmp -s stdout.npz moons.npz \
    && "$MLPPREDICT" --export /dev/null moons.bin 2>> err.txt && ok \
    || bad "--export to /dev/stdout or /dev/null: $(cat err.txt)"
# A value the model cannot hold, in an .npz a learner edited with numpy: a
# std of 0 (X.std(0) of a constant column), a NaN weight, labels for more
# outputs than the net has. They were refused in the writer's words, with no
# file name and a hint about the C API ("cannot save the model: a
# normalisation statistic is not finite and positive; the schema must be the
# network's: mlp_dataset_build makes it ..."), by mlppredict, --info and
# mlptrain --init-weights alike.
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" - << 'PY'
import numpy as np
m = dict(np.load("moons.npz"))
def save(name, key, edit):
    a = dict(m)
    a[key] = a[key].copy()
    edit(a[key])
    np.savez(name, **a)
save("std0.npz", "std", lambda v: v.__setitem__(0, 0))
save("nan.npz", "W1", lambda v: v.__setitem__((0, 0), np.nan))
a = dict(m); a["labels"] = np.array(["0", "1", "2"]); np.savez("labels3.npz", **a)
PY
    std0='std0.npz: array "std" [0] is 0, not a positive number; a constant column has std 0: save 1 there (numpy: std[std == 0] = 1)'
    nan='nan.npz: array "W1" [0][0] is nan, not a finite number; save finite weights (numpy.isfinite(W1).all()); a NaN or inf is left by a run that diverged: train it again at a lower learning rate'
    for args in "std0.npz moons.csv" "--info std0.npz"; do
        # shellcheck disable=SC2086
        "$MLPPREDICT" $args > out.txt 2> err.txt
        error_is "mlppredict $args" 2 "mlppredict: $std0" $? "$(cat err.txt)" \
            && { [ ! -s out.txt ] && ok || bad "mlppredict $args: wrote $(cat out.txt)"; }
    done
    train_bad "std 0 in the .npz" "mlptrain: $std0" std0.npz
    "$MLPPREDICT" nan.npz moons.csv > out.txt 2> err.txt
    error_is "a NaN weight" 2 "mlppredict: $nan" $? "$(cat err.txt)" && ok
    "$MLPPREDICT" labels3.npz moons.csv > out.txt 2> err.txt
    error_is "3 labels for 2 outputs" 2 \
        'mlppredict: labels3.npz: 3 class labels for 2 outputs (expected 0 or 2); the arrays of the .npz do not fit together; see docs/numpy.md' \
        $? "$(cat err.txt)" && ok
fi
# Labels on an output that gives no probabilities (tanh, linear, relu; mlptrain
# trains a tanh output with mse): the columns are out_<label>, the values as the
# network gives them, and one warning says so, in the order of every warning,
# prog: file: warning: (it once came as prog: warning: file:). (They were headed
# p_<label>, as probabilities: p_0 = -0.676.)
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" - << 'PY'
import numpy as np
W1 = np.array([[1., 0.], [0., 1.]]); b1 = np.zeros(2)
np.savez("raw2.npz", W1=W1, b1=b1, W2=np.array([[2., 0.], [0., -3.]]), b2=np.zeros(2),
         activations=np.array(["tanh", "linear"]), loss="mse", labels=np.array(["0", "1"]))
np.savez("raw1.npz", W1=W1, b1=b1, W2=np.array([[2., -3.]]), b2=np.zeros(1),
         activations=np.array(["tanh", "linear"]), loss="mse", labels=np.array(["0", "1"]))
PY
    warn='mlppredict: %s: warning: the output activation linear gives no probabilities: the columns out_<label> are its outputs as they are; for class probabilities train a sigmoid or softmax output'
    printf 'a,b\n0,0\n1,0\n' > raw.csv
    "$MLPPREDICT" raw2.npz raw.csv > out.txt 2> err.txt
    [ "$(cat out.txt)" = "$(printf 'label,out_0,out_1\n0,0,0\n0,1.5231883119115297,0')" ] && ok \
        || bad "two linear units with labels: $(cat out.txt)"
    [ "$(cat err.txt)" = "$(printf "$warn" raw2.npz)" ] && ok || bad "warning for raw2.npz: $(cat err.txt)"
    "$MLPPREDICT" raw1.npz raw.csv > out.txt 2> err.txt
    [ "$(cat out.txt)" = "$(printf 'label,out_1\n0,0\n1,1.5231883119115297')" ] && ok \
        || bad "one linear unit with labels: $(cat out.txt)"
    [ "$(cat err.txt)" = "$(printf "$warn" raw1.npz)" ] && ok || bad "warning for raw1.npz: $(cat err.txt)"
    # A run that fails prints its one error line, not the warning beside it
    # (the warning came first, before the input was read).
    "$MLPPREDICT" raw2.npz nosuch.csv > out.txt 2> err.txt
    [ $? = 2 ] && [ "$(wc -l < err.txt)" = 1 ] && grep -q '^mlppredict: nosuch.csv: cannot read' err.txt \
        && ok || bad "a failed run of raw2.npz: $(cat err.txt)"
    # A probability model: p_ columns and no warning, as before.
    "$MLPPREDICT" moons.npz moons.csv > out.txt 2> err.txt
    [ "$(head -1 out.txt)" = "label,p_0,p_1" ] && [ ! -s err.txt ] && ok \
        || bad "moons.npz: $(head -1 out.txt) $(cat err.txt)"
fi
# Target names the .npz did not save are made up ("y", "label") and not compared:
# with feature_names, --evaluate takes the columns that are not features as the
# targets and --init-weights the data's names. (Both were refused: no target
# column "y"; target 1 is column "y" in this weights file but "price".)
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" - << 'PY'
import numpy as np
X = np.array([[0., 1.], [1., 0.], [2., 2.], [-1., 3.]])
np.savetxt("lin.csv", np.c_[X, X @ [1., 2.]], delimiter=",", header="u,v,price", comments="", fmt="%.17g")
np.savetxt("lin4.csv", np.c_[X, X @ [1., 2.], X[:, 0]], delimiter=",", header="u,v,price,w", comments="", fmt="%.17g")
np.savez("lin.npz", W1=np.array([[1., 2.]]), b1=np.zeros(1), activations=np.array(["linear"]),
         loss="mse", feature_names=np.array(["u", "v"]))
np.savez("xorf.npz", W1=np.ones((2, 2)), b1=np.zeros(2), W2=np.ones((1, 2)), b2=np.zeros(1),
         activations=np.array(["tanh", "sigmoid"]), loss="binary_cross_entropy",
         labels=np.array(["0", "1"]), feature_names=np.array(["x1", "x2"]))
PY
    printf '{"layers":[2,1],"activations":["linear"],"loss":"mse","epochs":5,"data":{"train":"lin.csv","targets":["price"]}}' > lin.json
    "$MLPPREDICT" lin.npz lin.csv --evaluate > out.txt 2> err.txt && grep -q '^lin.csv: 4 rows, loss 0 (mse)$' err.txt \
        && ok || bad "--evaluate with made-up target names: $(cat err.txt)"
    "$MLPPREDICT" xorf.npz xor.csv --evaluate > out.txt 2> err.txt && grep -q '^xor.csv: 4 rows' err.txt \
        && ok || bad "--evaluate of a classifier with made-up target names: $(cat err.txt)"
    "$MLPTRAIN" -q -c lin.json --init-weights lin.npz -w lin.bin -o /dev/null 2> err.txt \
        && "$MLPPREDICT" --info lin.bin | grep -q '^targets *"price"$' \
        && ok || bad "--init-weights with made-up target names: $(cat err.txt)"
    "$MLPPREDICT" lin.npz lin4.csv --evaluate > out.txt 2> err.txt
    error_is "two columns besides the features" 2 \
        'mlppredict: lin4.csv:1: 2 columns besides the features, but the model has 1 target and no target names to find them by; evaluation takes the columns that are not features as the targets; leave only those, or save target_names in the .npz (docs/numpy.md)' \
        $? "$(cat err.txt)" && ok
fi
# A float32 label array (torch.unique(...).numpy()) gets the hint that keeps
# whole-number labels "0", "1" (it was told labels.astype(str): "0.0", "1.0").
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" - << 'PY'
import numpy as np
np.savez("f4labels.npz", W1=np.ones((2, 2)), b1=np.zeros(2), W2=np.ones((2, 2)), b2=np.zeros(2),
         activations=np.array(["tanh", "softmax"]), loss="cross_entropy",
         labels=np.array([0., 1.], dtype=np.float32))
PY
    "$MLPPREDICT" f4labels.npz xor.csv > out.txt 2> err.txt
    error_is "float32 labels" 2 \
        'mlppredict: f4labels.npz: member "labels" has dtype <f4, which mlp does not read; save it as text: labels.astype(int).astype(str) for whole-number labels (labels.astype(str) alone gives "0.0" for 0), else labels.astype(str)' \
        $? "$(cat err.txt)" && { [ ! -s out.txt ] && ok || bad "float32 labels: wrote $(cat out.txt)"; }
fi
# mean without std (or std without mean) is refused, naming the missing array
# (it was dropped silently: normalisation none).
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" - << 'PY'
import numpy as np
b = dict(W1=np.ones((2, 2)), b1=np.zeros(2), W2=np.ones((1, 2)), b2=np.zeros(1),
         activations=np.array(["tanh", "linear"]), loss="mse")
np.savez("meanonly.npz", mean=np.array([.5, .5]), **b)
np.savez("stdonly.npz", std=np.array([1., 1.]), **b)
PY
    for f in meanonly:mean:std stdonly:std:mean; do
        IFS=: read -r name has lacks <<< "$f"
        "$MLPPREDICT" "$name.npz" xor.csv > out.txt 2> err.txt
        error_is "$name.npz" 2 \
            "mlppredict: $name.npz: array \"$has\" is saved but \"$lacks\" is missing; save both, mean=X.mean(0) and std=X.std(0) of the training inputs, or neither for a model that takes them as they are" \
            $? "$(cat err.txt)" && { [ ! -s out.txt ] && ok || bad "$name.npz: wrote $(cat out.txt)"; }
    done
fi
# A missing W2 beside a saved b2 was told as "activations must hold 1 name";
# a zero-size W as "must have 2 dimensions"; a member twice (a labels.npy
# appended with zipfile) read the first copy where numpy reads the last.
if "$PYTHON" -c 'import numpy' 2> /dev/null; then
    "$PYTHON" - << 'PY' 2> /dev/null
import numpy as np, zipfile, io
act = np.array(["tanh", "sigmoid"])
np.savez("gap.npz", W1=np.ones((4, 2)), b1=np.zeros(4), b2=np.zeros(1), activations=act,
         loss="binary_cross_entropy")
np.savez("zero.npz", W1=np.zeros((4, 0)), b1=np.zeros(4), W2=np.ones((1, 4)), b2=np.zeros(1),
         activations=act, loss="binary_cross_entropy")
np.savez("twice.npz", W1=np.ones((4, 2)), b1=np.zeros(4), W2=np.ones((1, 4)), b2=np.zeros(1),
         activations=act, loss="binary_cross_entropy", labels=np.array(["0", "1"]))
buf = io.BytesIO(); np.save(buf, np.array(["1", "0"]))
with zipfile.ZipFile("twice.npz", "a") as z:
    z.writestr("labels.npy", buf.getvalue())
PY
    "$MLPPREDICT" gap.npz xor.csv > out.txt 2> err.txt
    error_is "b2 without W2" 2 \
        'mlppredict: gap.npz: array "b2" is saved but "W2" is missing: the layers must be W1, W2, ... without a gap; save W2 (shape (units of layer 2, units of layer 1)), or remove the arrays past W1' \
        $? "$(cat err.txt)" && { [ ! -s out.txt ] && ok || bad "gap.npz: wrote $(cat out.txt)"; }
    "$MLPPREDICT" zero.npz xor.csv > out.txt 2> err.txt
    rc=$?
    case $(cat err.txt) in
    *'array "W1" has shape (4, 0): every layer needs at least one unit'*) [ $rc = 2 ] && ok || bad "zero.npz: exit $rc" ;;
    *) bad "zero-size W1: $(cat err.txt)" ;;
    esac
    "$MLPPREDICT" twice.npz xor.csv > out.txt 2> err.txt
    rc=$?
    case $(cat err.txt) in
    *'member "labels" is in the archive twice'*) [ $rc = 2 ] && [ ! -s out.txt ] && ok || bad "twice.npz: exit $rc" ;;
    *) bad "a member twice: exit $rc: $(cat err.txt)" ;;
    esac
fi
finish
